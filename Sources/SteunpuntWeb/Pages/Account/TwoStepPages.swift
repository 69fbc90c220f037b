import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Two-step verification (TOTP): switching it on and off on *Mijn account*, and the
/// second step of signing in (`/inloggen/code`), with one-time recovery codes.
struct TwoStepPages {
    let renderer: PageRenderer
    let mfa: MFAStore
    let sessions: SessionStore
    let audit: AuditStore
    let throttle: SignInThrottleStore
    let dependencies: Dependencies

    struct SetupModel {
        let enabled: Bool
        /// The user's role requires it and it is not on yet: nothing else works until it is.
        let required: Bool
        let qrSVG: String
        let key: String
        let remainingCodes: String
        let recoveryCodes: [String]
        let hasRecoveryCodes: Bool
        let errors: [FormErrorModel]
        let hasErrors: Bool
    }

    struct CodeModel {
        let returnTo: String
        let errors: [FormErrorModel]
        let hasErrors: Bool
    }

    func register(on router: Router<AppContext>) {
        router.get("mijn-account/tweestaps", use: setup)
        router.post("mijn-account/tweestaps", use: confirm)
        router.post("mijn-account/tweestaps/uitzetten", use: disable)
        router.get("inloggen/code", use: codeForm)
        router.post("inloggen/code", use: verify)
    }

    // MARK: Enrolment

    @Sendable func setup(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        var status = try await mfa.status(user: user.id)
        if status == nil {
            try await mfa.begin(user: user.id, secret: TOTPVerifier.newSecret())
            status = try await mfa.status(user: user.id)
        }
        return try await render(user: user, status: status!, request: request, context: context)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let status = try await mfa.status(user: user.id), !status.isEnabled else { return .redirect(to: "/mijn-account/tweestaps", type: .normal) }
        var request = request
        let form = try await request.form(context)
        let now = dependencies.now()
        guard let step = TOTPVerifier.matchingStep(code: form.value("code") ?? "", secret: status.secret, at: now) else {
            return try await render(user: user, status: status, errors: [FieldError(field: "code", code: "invalid_code")],
                                    request: request, context: context, httpStatus: .badRequest)
        }
        let codes = TOTPVerifier.recoveryCodes()
        try await mfa.confirm(user: user.id, step: step, recoveryCodes: codes, at: now,
                              audit: context.auditEvent(.mfaEnabled, objectType: "user", objectID: user.id.uuidString, at: now))
        if let token = request.cookies[IdentityMiddleware.sessionCookie]?.value { try await sessions.markVerified(token: token, at: now) }
        let confirmed = try await mfa.status(user: user.id)!
        // The recovery codes are shown on this answer only.
        return try await render(user: user, status: confirmed, recoveryCodes: codes, request: request, context: context, httpStatus: .created)
    }

    @Sendable func disable(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard let status = try await mfa.status(user: user.id), status.isEnabled else { return .redirect(to: "/mijn-account/tweestaps", type: .normal) }
        var request = request
        let form = try await request.form(context)
        let now = dependencies.now()
        guard let step = TOTPVerifier.matchingStep(code: form.value("code") ?? "", secret: status.secret, at: now),
              try await mfa.use(user: user.id, step: step) else {
            return try await render(user: user, status: status, errors: [FieldError(field: "code", code: "invalid_code")],
                                    request: request, context: context, httpStatus: .badRequest)
        }
        try await mfa.disable(user: user.id, audit: context.auditEvent(.mfaDisabled, objectType: "user", objectID: user.id.uuidString, at: now))
        return .redirect(to: "/mijn-account", type: .normal)
    }

    private func render(user: User, status: MFAStatus, recoveryCodes: [String] = [], errors: [FieldError] = [],
                        request: Request, context: AppContext, httpStatus: HTTPResponse.Status = .ok) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let svg = status.isEnabled ? "" : try QRCode(text: TOTPVerifier.enrolmentURI(secret: status.secret, account: user.email))
            .svg(title: t.text("mfa_qr_alt"))
        let model = SetupModel(
            enabled: status.isEnabled, required: !status.isEnabled && context.twoStep.isRequired(for: user.role), qrSVG: svg, key: status.isEnabled ? "" : TOTPVerifier.displayKey(secret: status.secret),
            remainingCodes: t.text("mfa_codes_left", ["count": String(try await mfa.remainingRecoveryCodes(user: user.id))]),
            recoveryCodes: recoveryCodes, hasRecoveryCodes: !recoveryCodes.isEmpty,
            errors: FormErrorModel.list(errors, t), hasErrors: !errors.isEmpty)
        return try renderer.render("two-step", page: model, title: t.text("mfa_title"), request: request, context: context, status: httpStatus)
    }

    // MARK: The second step of signing in

    @Sendable func codeForm(_ request: Request, context: AppContext) async throws -> Response {
        guard context.pendingSession != nil else { return .redirect(to: "/inloggen", type: .found) }
        let back = ReturnPath.safe(request.uri.queryParameters["terug"].map(String.init))
        return try renderCode(CodeModel(returnTo: back, errors: [], hasErrors: false), request: request, context: context)
    }

    @Sendable func verify(_ request: Request, context: AppContext) async throws -> Response {
        guard let pending = context.pendingSession, let token = request.cookies[IdentityMiddleware.sessionCookie]?.value else {
            return .redirect(to: "/inloggen", type: .found)
        }
        let user = pending.user
        var request = request
        let form = try await request.form(context)
        let back = ReturnPath.safe(form.value("terug"))
        let now = dependencies.now()
        let accountKey = SignInThrottleStore.accountKey(user.email)
        if try await throttle.lockedUntil([accountKey], at: now) != nil {
            try await sessions.delete(token: token)
            return .redirect(to: "/inloggen", type: .normal)
        }
        let result = try await mfa.accept(code: form.value("code") ?? "", user: user.id, at: now)
        guard result != .rejected else {
            var event = context.auditEvent(.signInFailed, result: .failure, objectType: "user", objectID: user.id.uuidString, at: now)
            event.actor = user.id
            try await audit.append(event)
            try await throttle.recordFailure(accountKey: accountKey, addressKey: context.origin.map(SignInThrottleStore.addressKey), at: now)
            let t = renderer.catalogue(context.language)
            let model = CodeModel(returnTo: back, errors: FormErrorModel.list([FieldError(field: "code", code: "invalid_code")], t), hasErrors: true)
            return try renderCode(model, request: request, context: context, status: .unauthorized)
        }
        try await sessions.completeMFA(token: token, at: now)
        try await throttle.reset(accountKey: accountKey)
        var event = context.auditEvent(.signInSucceeded, objectType: "user", objectID: user.id.uuidString, at: now)
        event.actor = user.id
        try await audit.append(event)
        if result == .recoveryCode {
            var recovery = context.auditEvent(.mfaRecoveryCodeUsed, objectType: "user", objectID: user.id.uuidString, at: now)
            recovery.actor = user.id
            try await audit.append(recovery)
        }
        return .redirect(to: back, type: .normal)
    }

    private func renderCode(_ model: CodeModel, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        try renderer.render("sign-in-code", page: model, title: renderer.catalogue(context.language).text("mfa_code_title"),
                            request: request, context: context, status: status)
    }
}
