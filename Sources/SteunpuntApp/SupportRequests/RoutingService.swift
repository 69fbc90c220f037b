import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The routing rules that propose where a desk refers a request (first match wins), kept
/// by the unit's coordinator: each change audited.
package struct RoutingService: Sendable {
    package let rules: RoutingRuleStore
    package let needs: NeedStore
    package let dependencies: Dependencies

    package init(rules: RoutingRuleStore, needs: NeedStore, dependencies: Dependencies) {
        self.rules = rules
        self.needs = needs
        self.dependencies = dependencies
    }

    /// The rules in the order they are tried.
    package func all(by user: User) async throws -> [RoutingRule] {
        guard RequestPolicy.canEditRouting(user) else { throw DomainError.forbidden }
        return try await rules.all()
    }

    /// Adds a rule at the end from the form's values (empty: any); every problem at once.
    package func add(need: String?, channel: String?, requesterKind: String?, target: String?, by user: User, actor: Actor) async throws -> RoutingRule {
        guard RequestPolicy.canEditRouting(user) else { throw DomainError.forbidden }
        var v = Validator()
        func optional<T>(_ text: String?, _ field: String, _ make: (String) -> T?, _ code: String) -> T? {
            guard let text, !text.isEmpty else { return nil }
            let value = make(text)
            v.check(value != nil, field, code)
            return value
        }
        let known = Set(try await needs.all().map(\.code))
        let need = optional(need, "behoefte", { NeedCode($0).flatMap { known.contains($0) ? $0 : nil } }, "unknown_need")
        let channel = optional(channel, "kanaal", RequestChannel.init(rawValue:), "invalid_channel")
        let kind = optional(requesterKind, "soort", OrganisationKind.init(rawValue:), "invalid_kind")
        let target = OrganisationID(target ?? "")
        v.check(target != nil, "naar", "required")
        try v.finish()
        let now = dependencies.now()
        return try await rules.add(need: need, channel: channel, requesterKind: kind, target: target!, id: dependencies.uuid(),
                                   audit: actor.auditEvent(.routingChanged, objectType: "routing_rule", at: now))
    }

    package func delete(_ id: UUID, by user: User, actor: Actor) async throws {
        guard RequestPolicy.canEditRouting(user) else { throw DomainError.forbidden }
        try await rules.delete(id, audit: actor.auditEvent(.routingChanged, objectType: "routing_rule", objectID: id.uppercasedText, at: dependencies.now()))
    }

    /// Moves a rule one place up (earlier) or down.
    package func move(_ id: UUID, up: Bool, by user: User, actor: Actor) async throws {
        guard RequestPolicy.canEditRouting(user) else { throw DomainError.forbidden }
        try await rules.move(id, up: up, audit: actor.auditEvent(.routingChanged, objectType: "routing_rule", objectID: id.uppercasedText, at: dependencies.now()))
    }
}
