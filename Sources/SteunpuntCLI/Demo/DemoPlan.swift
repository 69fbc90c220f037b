import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The 10-point plan in the demo: the starting plan published (by the reference data), and
/// progress for every municipality over the last two quarters, generated plausibly and the
/// same on every run: the foundation points further along than the rest, priority
/// municipalities and large ones further along than others, each status reached in steps
/// (being prepared half a year ago, in place a quarter ago or, for some, a month ago, so
/// the overview shows a change since the last quarter; sustained lately). Zoetermeer's
/// own is written out, with its evidence (a covenant as a document on the point of
/// cooperation) and one point on which it wants support; a few
/// others ask for support on a point they are preparing. Added
/// only when no progress exists.
enum DemoPlan {
    static func seed(_ database: Database, official: User, now: Date) async throws {
        let store = ProgressStore(database: database)
        guard let plan = try await PlanStore(database: database).published(),
              try await store.history(of: MunicipalityCode("GM0637")!, limit: 1).isEmpty else { return }
        func day(_ daysAgo: Int) -> String { String(AmsterdamTime.local(now.addingTimeInterval(-Double(daysAgo) * 86_400)).prefix(10)) }
        func at(_ daysAgo: Int) -> Date { now.addingTimeInterval(-Double(daysAgo) * 86_400) }
        func valid(_ status: ProgressStatus, sinceDaysAgo: Int, evidence: String = "", function: String = "", next: String = "", nextInDays: Int? = nil,
                   support: Bool = false) throws -> ProgressDraft.Valid {
            try ProgressDraft(status: status.rawValue, since: status == .notStarted ? "" : day(sinceDaysAgo),
                              evidence: status.needsEvidence && evidence.isEmpty ? "Vastgesteld door het college; de partners zijn geïnformeerd." : evidence,
                              responsibleFunction: function, nextStep: next, nextStepOn: nextInDays.map { day(-$0) } ?? "", wantsSupport: support)
                .validated(today: now)
        }
        // Zoetermeer, written out.
        let zoetermeer: [(String, ProgressStatus, String, String, Bool)] = [
            ("regie", .sustained, "Portefeuilleverdeling 2026 en taakomschrijving van het aanspreekpunt radicalisering, besproken met politie en wijkteams.", "", false),
            ("lokaal-beeld", .inPlace, "Analyse van het lokale beeld 2026, besproken in de driehoek in september.", "Bijwerken na de zomer", false),
            ("plan-van-aanpak", .preparing, "", "Concept plan van aanpak naar het college", false),
            ("samenwerking", .inPlace, "Convenant met politie, het samenwerkingsverband onderwijs en het jongerenwerk.", "", false),
            ("deskundigheid", .preparing, "", "Trainingsplan voor jongerenwerk en wijkteams opstellen", true),
            ("sleutelfiguren", .inPlace, "Overzicht van de netwerken en de gesprekken van 2026, met het moskeebestuur en het platform van zelforganisaties.", "", false),
            ("meldroute", .inPlace, "Meldroute beschreven en verspreid onder professionals.", "", false),
            ("casusoverleg", .inPlace, "Werkwijze casusoverleg met privacyparagraaf; maandelijks overleg.", "", false),
            ("spanningen-en-incidenten", .preparing, "", "Draaiboek oefenen met de partners", false),
        ]
        var changes: [ProgressStore.Change] = []
        for (key, status, evidence, next, support) in zoetermeer where plan.plan.point(key) != nil {
            changes.append(.init(point: key, valid: try valid(.preparing, sinceDaysAgo: 175, function: "Beleidsadviseur openbare orde en veiligheid",
                                                              next: status == .preparing ? next : "", nextInDays: status == .preparing ? 60 : nil),
                                 expectedVersion: 0, at: at(175)))
            if support {
                // Asked lately, so the wish is the newest the unit's coordinator sees.
                changes.append(.init(point: key, valid: try valid(.preparing, sinceDaysAgo: 175, function: "Beleidsadviseur openbare orde en veiligheid",
                                                                  next: next, nextInDays: 60, support: true), expectedVersion: 1, at: at(2)))
            }
            if status >= .inPlace {
                changes.append(.init(point: key, valid: try valid(.inPlace, sinceDaysAgo: 85, evidence: evidence, function: "Beleidsadviseur openbare orde en veiligheid",
                                                                  next: next, nextInDays: next.isEmpty ? nil : 120), expectedVersion: 1, at: at(85)))
            }
            if status == .sustained {
                changes.append(.init(point: key, valid: try valid(.sustained, sinceDaysAgo: 12, evidence: evidence, function: "Beleidsadviseur openbare orde en veiligheid"),
                                     expectedVersion: 2, at: at(12)))
            }
        }
        _ = try await store.saveAll(changes, municipality: MunicipalityCode("GM0637")!, planVersion: plan.version, by: official.id, source: .form)
        try await seedEvidence(database, official: official, at: at(84))

        // Every other municipality, generated.
        for municipality in try await MunicipalityStore(database: database).all() where municipality.code.rawValue != "GM0637" && municipality.isActive {
            var changes: [ProgressStore.Change] = []
            for (index, point) in plan.plan.points.enumerated() {
                var score = Self.spread(municipality.code.rawValue, index)
                if municipality.isPriority { score += 30 }
                if municipality.population >= 100_000 { score += 10 }
                if point.phase == .foundation { score += 10 }
                guard score >= 40 else { continue }
                // A few that stay in preparation ask for support (open wishes for the unit to decide).
                let asks = score < 70 && Self.spread(municipality.code.rawValue, index + 50) < 3
                changes.append(.init(point: point.key, valid: try valid(.preparing, sinceDaysAgo: 170, support: asks), expectedVersion: 0,
                                     at: at(asks ? Self.spread(municipality.code.rawValue, index + 60) + 5 : 170)))
                if score >= 70 {
                    // Some in place since the last quarter ended, so the overview shows a change.
                    let daysAgo = score < 85 ? 30 : 80
                    changes.append(.init(point: point.key, valid: try valid(.inPlace, sinceDaysAgo: daysAgo), expectedVersion: 1, at: at(daysAgo)))
                }
                if score >= 100 {
                    changes.append(.init(point: point.key, valid: try valid(.sustained, sinceDaysAgo: 20), expectedVersion: 2, at: at(20)))
                }
            }
            _ = try await store.saveAll(changes, municipality: municipality.code, planVersion: plan.version, by: nil, source: .form)
        }
    }

    /// 0–99, the same for the same municipality and point on every run (FNV-1a).
    static func spread(_ code: String, _ index: Int) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in Array(code.utf8) + [UInt8(index)] {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return Int(hash % 100)
    }

    /// Zoetermeer's covenant with its partners, as a text document on the point of cooperation.
    private static func seedEvidence(_ database: Database, official: User, at date: Date) async throws {
        let text = """
            Convenant samenwerking preventie radicalisering en sociale spanningen Zoetermeer

            Partijen: gemeente Zoetermeer, politie eenheid Den Haag (basisteam Zoetermeer), het samenwerkingsverband
            voortgezet onderwijs en het jongerenwerk.

            1. Partijen delen signalen van radicalisering en spanningen via de meldroute van de gemeente.
            2. Het aanspreekpunt radicalisering van de gemeente roept het casusoverleg bijeen.
            3. Partijen evalueren de samenwerking jaarlijks in het najaar.

            Vastgesteld door het college; looptijd twee jaar.
            """
        let valid = try EvidenceDraft(title: "Convenant samenwerking", file: UploadedFile(fileName: "convenant-samenwerking.txt", bytes: Array(text.utf8)))
            .validated(sizeLimit: 1_048_576)
        _ = try await EvidenceStore(database: database).add(valid, municipality: MunicipalityCode("GM0637")!, point: "samenwerking", id: UUID(),
                                                            by: official.id, at: date)
    }
}
