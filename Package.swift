// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "steunpunt",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "steunpunt", targets: ["steunpunt"]),
        .executable(name: "steunpunt-benchmarks", targets: ["SteunpuntBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        // OpenTelemetry traces over OTLP/HTTP only: the gRPC exporter's packages are not built.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.30.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV.git", from: "0.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // Plain Swift: records, rules, validation. No web framework, no database driver.
        .target(
            name: "SteunpuntDomain",
            swiftSettings: strict
        ),
        // One storage code path over SQLite and PostgreSQL (SQLKit).
        .target(
            name: "SteunpuntStorage",
            dependencies: [
                "SteunpuntDomain",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        // Outgoing mail: message formatting and a small SMTP client over SwiftNIO.
        .target(
            name: "SteunpuntMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // The use cases the API, the pages, the command line and background jobs share:
        // no HTTP served here (webhook events go out through AsyncHTTPClient, ADR 0004). Who acts is a plain value (`Actor`).
        .target(
            name: "SteunpuntApp",
            dependencies: [
                "SteunpuntDomain",
                "SteunpuntStorage",
                "SteunpuntMail",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        // HTTP: the JSON API under /api/v1 and the server-rendered pages.
        .target(
            name: "SteunpuntWeb",
            dependencies: [
                "SteunpuntDomain",
                "SteunpuntApp",
                "SteunpuntStorage",
                "SteunpuntMail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftCSV", package: "SwiftCSV"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        // The command line: serve, migrate, seed, import, users, tokens.
        .target(
            name: "SteunpuntCLI",
            dependencies: [
                "SteunpuntDomain",
                "SteunpuntStorage",
                "SteunpuntApp",
                "SteunpuntWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "steunpunt",
            dependencies: ["SteunpuntCLI"],
            swiftSettings: strict
        ),
        // Speed and memory of the hot paths; figures go to docs/benchmarks.md.
        .executableTarget(
            name: "SteunpuntBenchmarks",
            dependencies: [
                "SteunpuntDomain", "SteunpuntStorage", "SteunpuntApp", "SteunpuntWeb",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            path: "Benchmarks/SteunpuntBenchmarks",
            swiftSettings: strict
        ),
        // Shared by the test targets: fresh databases on each engine, a test app.
        .target(
            name: "SteunpuntTestSupport",
            dependencies: ["SteunpuntDomain", "SteunpuntStorage", .product(name: "Logging", package: "swift-log")],
            path: "Tests/Support",
            exclude: ["make-document-fixtures.py"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SteunpuntDomainTests",
            dependencies: ["SteunpuntDomain", "SteunpuntTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SteunpuntStorageTests",
            dependencies: ["SteunpuntDomain", "SteunpuntStorage", "SteunpuntTestSupport", .product(name: "SQLiteKit", package: "sqlite-kit"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SteunpuntAppTests",
            dependencies: ["SteunpuntDomain", "SteunpuntStorage", "SteunpuntApp", "SteunpuntTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SteunpuntWebTests",
            dependencies: [
                "SteunpuntDomain", "SteunpuntStorage", "SteunpuntApp", "SteunpuntWeb", "SteunpuntCLI", "SteunpuntMail", "SteunpuntTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)
