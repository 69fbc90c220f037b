import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/quickscans/rondes/{id}/analyse`: a round's analysis for the reader's view
/// (`QuickscanAnalysis`): scores per dimension (national, by province, by population
/// class, per municipality for the unit), the change since the previous round, each
/// question's answers, the needs by frequency, and a radar chart of one municipality
/// against its peers (`?gemeente=` for the unit; its own for a municipality) with its
/// figures as a table beside it.
struct AnalysisPage {
    let renderer: PageRenderer
    let service: QuickscanService

    struct Model {
        struct ScoreRow { let label: String; let count: String; let scores: [String]; let suppressed: Bool; let href: String? }
        struct Distribution { let number: Int; let text: String; let answered: String; let rows: [ValueRow] }
        struct ValueRow { let label: String; let count: String; let share: String }
        let title: String
        let id: String
        let period: String
        let responses: String
        let dimensions: [String]
        let dimensionCount: Int
        let national: [ScoreRow]
        let radar: String?
        /// Which line is what (`RadarChart.legendHTML`).
        let radarLegend: String?
        let radarCaption: String
        let radarRows: [ScoreRow]
        let choices: [OptionModel]
        let isUnit: Bool
        let isAggregates: Bool
        /// The note that figures follow once the round has closed, while they are withheld.
        let withheldNote: String?
        let isWithheld: Bool
        let own: [ScoreRow]
        let hasOwn: Bool
        let ownPending: Bool
        let municipalities: [ScoreRow]
        let provinces: [ScoreRow]
        let classes: [ScoreRow]
        let distributions: [Distribution]
        let hasDistributions: Bool
        let needs: [ValueRow]
        let hasNeeds: Bool
        let previous: String?
    }

    func register(on router: Router<AppContext>) {
        router.get("quickscans/rondes/{id}/analyse", use: show)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, _) = try RoundPage.ids(context)
        let found = try await service.analysis(id, by: user)
        let t = renderer.catalogue(context.language)
        let model = try await make(found, selected: Query(request: request).text("gemeente").flatMap { MunicipalityCode($0.uppercased()) }, t: t)
        return try renderer.render("analysis", page: model, title: "\(t.text("analysis_title")) – \(found.round.title)", request: request, context: context)
    }

    private func make(_ found: QuickscanAnalysis, selected: MunicipalityCode?, t: Catalogue) async throws -> Model {
        let dimensions = RoundAnalysis.chartDimensions
        let analysis = found.analysis
        let language = t.language
        func scores(_ values: [SteunpuntDomain.Dimension: Double]?, change: [SteunpuntDomain.Dimension: Double]? = nil) -> [String] {
            dimensions.map { dimension in
                let score = QuickscanText.score(values?[dimension], language)
                guard let delta = change?[dimension] else { return score }
                return score + " (" + (delta >= 0 ? "+" : "−") + QuickscanText.score(abs(delta), language) + ")"
            }
        }
        func group(_ group: RoundAnalysis.Group, label: String) -> Model.ScoreRow {
            Model.ScoreRow(label: label, count: NumberText.format(group.municipalities, language), scores: scores(group.scores),
                           suppressed: group.scores == nil, href: nil)
        }
        let previousNational = found.previous?.national
        let national = Model.ScoreRow(label: t.text("analysis_national"), count: NumberText.format(analysis.responses, language),
                                      scores: scores(analysis.national, change: analysis.national.flatMap { now in previousNational.map { RoundAnalysis.change(now, since: $0) } }),
                                      suppressed: analysis.national == nil, href: nil)
        let base = "/quickscans/rondes/\(found.round.id.lowercasedText)/analyse"

        // The radar: one municipality (the unit's choice, or the reader's own) against its peers and the country.
        var radarRows: [Model.ScoreRow] = []
        var subject: (name: String, scores: [SteunpuntDomain.Dimension: Double], municipality: Municipality)?
        var drawnCode: MunicipalityCode?
        if let own = found.own, let mine = own.scores { subject = (own.municipality.name, mine, own.municipality) }
        if found.view == .named {
            // Without a choice, the first of the chooser (by name), so the chooser shows what the chart draws.
            let code = selected.flatMap { analysis.municipalities[$0] != nil ? $0 : nil }
                ?? analysis.municipalities.keys.sorted { (found.municipalities[$0]?.name ?? $0.rawValue) < (found.municipalities[$1]?.name ?? $1.rawValue) }.first
            drawnCode = code
            if let code, let values = analysis.municipalities[code], let municipality = found.municipalities[code] { subject = (municipality.name, values, municipality) }
        }
        var series: [RadarChart.Series] = []
        if let subject {
            series.append(.init(label: subject.name, values: dimensions.map { subject.scores[$0] }, style: "solid"))
            radarRows.append(.init(label: subject.name, count: "1", scores: scores(subject.scores), suppressed: false, href: nil))
            if let peers = analysis.peers(of: subject.municipality), let peerScores = peers.scores {
                let label = t.text("analysis_peers", ["class": t.text("population_class_\(subject.municipality.populationClass.rawValue)")])
                series.append(.init(label: label, values: dimensions.map { peerScores[$0] }, style: "dashed"))
                radarRows.append(.init(label: label, count: NumberText.format(peers.municipalities, language), scores: scores(peerScores), suppressed: false, href: nil))
            }
        } else if let previous = found.previous, let nationalNow = analysis.national, let nationalBefore = previous.national {
            let label = t.text("analysis_national_previous", ["round": previous.round.title])
            series.append(.init(label: t.text("analysis_national"), values: dimensions.map { nationalNow[$0] }, style: "solid"))
            series.append(.init(label: label, values: dimensions.map { nationalBefore[$0] }, style: "dashed"))
            radarRows.append(.init(label: label, count: NumberText.format(previous.responses, language), scores: scores(nationalBefore),
                                   suppressed: false, href: nil))
        }
        if let nationalNow = analysis.national, subject != nil || series.isEmpty {
            series.append(.init(label: t.text("analysis_national"), values: dimensions.map { nationalNow[$0] }, style: subject == nil ? "solid" : "dotted"))
        }
        if analysis.national != nil {
            radarRows.append(.init(label: t.text("analysis_national"), count: NumberText.format(analysis.responses, language), scores: scores(analysis.national),
                                   suppressed: false, href: nil))
        }
        let axes = dimensions.map { t.text("dimension_\($0.rawValue)") }
        let caption = t.text("analysis_radar_caption", ["series": series.map(\.label).joined(separator: ", ")])
        let chart = series.isEmpty ? nil
            : RadarChart(id: "radar", title: caption, description: t.text("analysis_radar_description"), axes: axes, series: series)
        let radar = chart?.svg

        // The unit: every municipality by name, with its change since the previous round.
        var previousScores: [MunicipalityCode: [SteunpuntDomain.Dimension: Double]] = found.previous?.municipalities ?? [:]
        if found.view != .named { previousScores = [:] }
        let municipalities = analysis.municipalities.sorted { (found.municipalities[$0.key]?.name ?? "") < (found.municipalities[$1.key]?.name ?? "") }
            .map { code, values in
                Model.ScoreRow(label: found.municipalities[code]?.name ?? code.rawValue, count: code.rawValue,
                               scores: scores(values, change: previousScores[code].map { RoundAnalysis.change(values, since: $0) }), suppressed: false,
                               href: "\(base)?gemeente=\(code.rawValue)#radar-kop")
            }
        var own: [Model.ScoreRow] = []
        if let mine = found.own, let values = mine.scores {
            own.append(.init(label: mine.municipality.name, count: "", scores: scores(values, change: mine.previous.map { RoundAnalysis.change(values, since: $0) }),
                             suppressed: false, href: nil))
        }
        let needLabels = try await service.needs.names(in: language)
        let numbers = Dictionary(found.instrument.questions.enumerated().map { ($1.key, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        let distributions = analysis.distributions.compactMap { distribution -> Model.Distribution? in
            guard let question = found.instrument.question(distribution.question) else { return nil }
            let options = ResponseModel.options(question, needs: needLabels, t: t)
            return Model.Distribution(number: numbers[question.key] ?? 0, text: question.text,
                                      answered: distribution.answered.map { NumberText.format($0, language) } ?? t.text("analysis_suppressed"),
                                      rows: options.map { option in
                                          let count = distribution.counts[option.value] ?? 0
                                          return Model.ValueRow(label: option.label, count: count.map { NumberText.format($0, language) } ?? t.text("analysis_suppressed"),
                                                                share: count.flatMap { count in distribution.answered.map { answered in
                                                                    answered == 0 ? "–" : QuickscanText.percent(Double(count) / Double(answered), language) } } ?? "")
                                      })
        }
        let needRows = (found.own.map { mine in mine.needs.map { (need: $0, municipalities: Optional(1)) } } ?? analysis.needs).map { item in
            Model.ValueRow(label: needLabels[item.need] ?? item.need.rawValue,
                           count: item.municipalities.map { NumberText.format($0, language) } ?? t.text("analysis_suppressed"),
                           share: item.municipalities.map { analysis.responses == 0 ? "–" : QuickscanText.percent(Double($0) / Double(analysis.responses), language) } ?? "")
        }
        let choices = found.view == .named ? municipalities.map { OptionModel(value: $0.count, label: $0.label, selected: $0.count == drawnCode?.rawValue) } : []
        return Model(
            title: found.round.title, id: found.round.id.lowercasedText,
            period: t.text("round_period", ["opens": found.round.opensOn, "closes": found.round.closesOn]),
            responses: t.text("analysis_responses", ["submitted": NumberText.format(analysis.responses, language), "invited": NumberText.format(found.invited, language)]),
            dimensions: axes, dimensionCount: axes.count, national: [national], radar: radar, radarLegend: chart?.legendHTML, radarCaption: caption, radarRows: radarRows, choices: choices,
            isUnit: found.view == .named, isAggregates: found.view == .aggregates,
            withheldNote: found.withheld ? t.text("analysis_withheld_note", ["closes": found.round.closesOn]) : nil, isWithheld: found.withheld, own: own, hasOwn: !own.isEmpty,
            ownPending: found.own != nil && found.own?.scores == nil, municipalities: municipalities,
            provinces: found.own == nil ? analysis.byProvince.map { group($0, label: $0.label) } : [],
            classes: found.own == nil ? analysis.byPopulationClass.map { group($0, label: t.text("population_class_\($0.label)")) } : [],
            distributions: found.own == nil ? distributions : [], hasDistributions: found.own == nil && !distributions.isEmpty, needs: needRows, hasNeeds: !needRows.isEmpty,
            previous: found.previous.map { t.text("analysis_change_since", ["round": $0.round.title]) })
    }
}
