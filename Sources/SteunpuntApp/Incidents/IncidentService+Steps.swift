import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Handling steps (issue 21, part 3): the template the expertise unit's coordinator keeps
/// in versions, read by everyone who works with incidents; an incident's steps kept by its
/// municipality, each change a line of its history and audited.
extension IncidentService {
    /// A version of the template (nil: the one standing) with the guide it links, for
    /// those who work with incidents.
    package struct TemplateView: Sendable {
        package let template: HandlingTemplate
        package let guide: Offering?
        package let versions: [HandlingTemplate]
        /// The names of who wrote the versions.
        package let names: [UUID: String]
        package let mayKeep: Bool
    }

    package func template(version: Int?, actor: Actor) async throws -> TemplateView {
        _ = try reach(actor)
        let versions = try await steps.versions()
        guard let template = version.map({ number in versions.first { $0.version == number } }) ?? versions.first else { throw DomainError.notFound }
        let names = try await users.names(of: Array(Set(versions.compactMap(\.createdBy))))
        return TemplateView(template: template, guide: try await guide(template.guide, actor: actor), versions: versions, names: names,
                            mayKeep: IncidentPolicy.mayKeepTemplate(actor.user))
    }

    /// Writes a new version of the template, made on `basedOn` (nil: whatever stands).
    package func publishTemplate(_ draft: HandlingTemplateDraft, basedOn: Int?, actor: Actor) async throws -> HandlingTemplate {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        guard IncidentPolicy.mayKeepTemplate(user) else { throw DomainError.forbidden }
        let slug = OfferingSlug(draft.guide.trimmingCharacters(in: .whitespaces))
        let exists: Bool? = if let slug { try await offerings.get(slug, reach: .unitOnly) != nil } else { nil }
        let valid = try draft.validated(guideExists: exists, privacy: privacy)
        let now = dependencies.now()
        let template = try await steps.publish(valid, basedOn: basedOn, by: user.id, at: now,
                                               audit: actor.auditEvent(.handlingTemplatePublished, objectType: "incident_template", objectID: nil, at: now))
        return template
    }

    /// One step of an incident, for its form; the read is the incident's, audited.
    package func step(_ code: String, of id: String, actor: Actor) async throws -> (Incident, IncidentStep) {
        let (incident, _) = try await keepable(id, actor: actor)
        guard let step = try await steps.steps(of: incident.id).first(where: { $0.code == code }) else { throw DomainError.notFound }
        try await audit.append(actor.auditEvent(.incidentRead, objectType: "incident", objectID: incident.id.uppercasedText, at: dependencies.now()))
        return (incident, step)
    }

    /// Records a step done (on a day), not applicable (with why) or open again, made on the
    /// step's `version` (nil: as it stands).
    package func updateStep(_ code: String, of id: String, with update: IncidentStepUpdate, version: Int?, actor: Actor) async throws -> IncidentStep {
        let (incident, user) = try await keepable(id, actor: actor)
        guard let step = try await steps.steps(of: incident.id).first(where: { $0.code == code }) else { throw DomainError.notFound }
        let now = dependencies.now()
        let valid = try update.validated(for: step, of: incident, today: now, privacy: privacy)
        return try await steps.update(incident.id, step: code, with: valid, expectedVersion: version, by: user.id, at: now,
                                      audit: actor.auditEvent(.incidentStepChanged, objectType: "incident", objectID: incident.id.uppercasedText, at: now))
    }

    /// The guide a template version links, when the reader may see it in the toolbox.
    func guide(of templateVersion: Int?, actor: Actor) async throws -> Offering? {
        guard let templateVersion, let template = try await steps.template(version: templateVersion) else { return nil }
        return try await guide(template.guide, actor: actor)
    }

    private func guide(_ slug: OfferingSlug?, actor: Actor) async throws -> Offering? {
        guard let slug else { return nil }
        return try await offerings.get(slug, reach: ToolboxPolicy.reach(of: actor.user))
    }
}
