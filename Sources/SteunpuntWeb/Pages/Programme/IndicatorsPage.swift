import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// `/programma/indicatoren`: every indicator of the action programme for a quarter
/// (`?periode=2026-K3`, this quarter when left out): what it counts, its figure computed from
/// the records, how many records it rests on, and whether the quarter is closed (its
/// records kept as they stood); an analyst closes an ended quarter here
/// (`POST /programma/indicatoren/vaststellen`). `/programma/indicatoren/{code}` shows one with its
/// breakdown and its provenance: the definition and its version, the period, when the
/// records were read, and the requests behind it as far as the reader may open them. A
/// figure a reader may not see (fewer than five municipalities) is a dash with a note.
struct IndicatorsPage {
    let renderer: PageRenderer
    let service: IndicatorService

    static let path = "\(ProgrammePage.path)/indicatoren"
    /// The requests behind a figure are listed by number, this many a page.
    static let recordsPerPage = 100

    struct Row { let name: String; let href: String; let description: String; let value: String; let restsOn: String; let state: String; let target: String }
    struct Cell { let label: String; let value: String; let records: String }
    struct RecordLink { let number: String; let href: String }
    struct TargetRow { let period: String; let value: String; let removeAction: String }

    struct ListModel {
        let period: String
        let periodValue: String
        let periods: [OptionModel]
        let rows: [Row]
        let hasHidden: Bool
        /// What the quarter's figures are now: running, ended and not closed, closed.
        let periodState: String
        let mayClose: Bool
        let closeLabel: String
        let notice: String?
    }

    struct Model {
        let name: String
        let description: String
        let period: String
        let periods: [OptionModel]
        let value: String
        let facts: [MeasurePage.Fact]
        let breakdown: String
        /// The dimensions it may be broken down by (a chooser when there is more than one).
        let breakdowns: [OptionModel]
        let hasBreakdowns: Bool
        /// Why the parts do not add up (needs), or that a closed quarter did not keep this breakdown.
        let breakdownNote: String?
        let cells: [Cell]
        let hasCells: Bool
        let hasHidden: Bool
        let records: [RecordLink]
        let hasRecords: Bool
        let recordsLine: String?
        let pagination: PaginationModel?
        let listHref: String
        let selfHref: String
        // Aims: the baseline, the targets, and for an analyst the forms that set them.
        let baselineLine: String
        let targetLine: String?
        let targets: [TargetRow]
        let hasTargets: Bool
        let mayKeep: Bool
        let targetAction: String
        let baselineAction: String
        let typedPeriod: String
        let typedValue: String
        let baselineOptions: [OptionModel]
        let hasBaselineOptions: Bool
        let errors: FormErrors
        let notice: String?
    }

    func register(on router: Router<AppContext>) {
        router.get("programma/indicatoren", use: list)
        router.get("programma/indicatoren/{code}", use: show)
        router.post("programma/indicatoren/vaststellen", use: close)
        router.post("programma/indicatoren/{code}/streefwaarden", use: setTarget)
        router.post("programma/indicatoren/{code}/streefwaarden/{doelperiode}/verwijderen", use: removeTarget)
        router.post("programma/indicatoren/{code}/nulmeting", use: setBaseline)
    }

    /// The period asked for: a quarter or a year (this quarter when none, or one not begun).
    private func period(_ request: Request) throws -> TargetPeriod {
        do {
            return try service.figurePeriod(Query(request: request).text("periode"))
        } catch DomainError.invalid {
            return try service.figurePeriod(nil)
        }
    }

    /// The chooser: the last nine quarters, then this year and the two before it (their quarters together).
    private func periods(_ chosen: TargetPeriod, _ t: Catalogue) throws -> [OptionModel] {
        let now = try service.period(nil)
        let quarters = (0..<8).reduce(into: [now]) { list, _ in list.append(list.last!.previous) }.map { TargetPeriod.quarter($0) }
        let years = (0..<3).map { TargetPeriod.year(now.year - $0) }
        return (quarters + years).map { OptionModel(value: $0.description, label: Self.periodLabel($0, t), selected: $0 == chosen) }
    }

    static func figure(_ value: IndicatorValue, _ number: Double?, _ t: Catalogue) -> String { figure(value.definition.aggregate, number, t) }

    /// A figure as its aggregate reads: days for a median, a percentage for a share, a count otherwise; a dash when hidden.
    static func figure(_ aggregate: IndicatorAggregate, _ number: Double?, _ t: Catalogue) -> String {
        guard let number else { return "–" }
        switch aggregate {
        case .median: return t.text("indicator_days", ["days": NumberText.decimal(number, t.language)])
        case .share: return t.text("indicator_percent", ["percent": NumberText.decimal(number, t.language)])
        case .records, .units: return NumberText.format(Int(number), t.language)
        }
    }

    /// A part of a breakdown by its name: a channel, a kind, a status, a population class in
    /// the interface's words; a plan's point or a need by the name `names` gives; a province as it is.
    static func partLabel(_ breakdown: String, _ key: String, names: [String: String], _ t: Catalogue) -> String {
        switch breakdown {
        case "kanaal": t.text("channel_\(key)")
        case "soort": t.text("incident_kind_\(key)")
        case "bijeenkomstsoort": t.text("meeting_kind_\(key)")
        case "leerkringstatus": t.text("circle_status_\(key)")
        case IndicatorDefinition.populationClass: t.text("population_class_\(key)")
        default: names[key] ?? key
        }
    }

    static func state(_ value: IndicatorValue, _ t: Catalogue) -> String {
        value.isFrozen ? t.text("indicator_frozen", ["day": t.dateTime(value.readAt)]) : t.text("indicator_live", ["day": t.dateTime(value.readAt)])
    }

    /// "4e kwartaal 2027" or "Heel 2027".
    static func periodLabel(_ period: TargetPeriod, _ t: Catalogue) -> String {
        switch period {
        case .quarter(let quarter): MeasurePage.quarter(quarter, t)
        case .year(let year): t.text("indicator_target_year", ["year": String(year)])
        }
    }

    /// "Nulmeting: 12 (3e kwartaal 2026)", or that there is none yet.
    static func baselineLine(_ aims: IndicatorService.Aims, _ t: Catalogue) -> String {
        guard let baseline = aims.baseline, let value = aims.baselineValue else { return t.text("indicator_no_baseline") }
        return t.text("indicator_baseline_line", ["value": figure(value, value.value, t), "quarter": MeasurePage.quarter(baseline.period, t)])
    }

    /// The quarter's target and whether the figure reaches it.
    static func targetLine(_ target: IndicatorTarget?, _ value: IndicatorValue, _ t: Catalogue) -> String? {
        guard let target else { return nil }
        let aim = figure(value, target.value, t)
        switch target.isMet(by: value.value, higherIsBetter: value.definition.higherIsBetter) {
        case true?: return t.text("indicator_target_met", ["target": aim])
        case false?: return t.text("indicator_target_not_met", ["target": aim])
        case nil: return t.text("indicator_target_line", ["target": aim])
        }
    }

    /// "40 (gehaald)" in the list.
    static func targetCell(_ target: IndicatorTarget, _ value: IndicatorValue, _ t: Catalogue) -> String {
        let aim = figure(value, target.value, t)
        switch target.isMet(by: value.value, higherIsBetter: value.definition.higherIsBetter) {
        case true?: return t.text("indicator_target_cell_met", ["target": aim])
        case false?: return t.text("indicator_target_cell_not_met", ["target": aim])
        case nil: return aim
        }
    }

    /// "Lopend kwartaal…", "Voorbij, nog niet vastgesteld…", "Vastgesteld op … door …"; for a
    /// year, how its figures are made from its quarters.
    static func periodState(_ state: IndicatorService.PeriodState, _ t: Catalogue) -> String {
        if case .year = state.period { return t.text(state.hasEnded ? "indicators_year_ended" : "indicators_year_running") }
        if let closing = state.closing {
            return state.closedBy.map { t.text("indicators_closed_by", ["day": t.dateTime(closing.closedAt), "name": $0]) }
                ?? t.text("indicators_closed", ["day": t.dateTime(closing.closedAt)])
        }
        return t.text(state.hasEnded ? "indicators_ended_open" : "indicators_running")
    }

    /// Closes the quarter (an analyst): its figures kept as they stand now.
    @Sendable func close(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        let period = try service.period(form.value("periode") ?? "")
        _ = try await service.close(period, actor: context.actor)
        return .redirect(to: "\(Self.path)?periode=\(period)&gedaan=vastgesteld", type: .normal)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let t = renderer.catalogue(context.language)
        let period = try period(request)
        let values = try await service.values(in: period, actor: context.actor)
        let targets = try await service.targets(for: period, actor: context.actor)
        let rows = values.map { value in
            Row(name: t.text("indicator_\(value.definition.code.rawValue)"), href: "\(Self.path)/\(value.definition.code.rawValue)?periode=\(period)",
                description: t.text("indicator_\(value.definition.code.rawValue)_definition"), value: Self.figure(value, value.value, t),
                restsOn: value.restsOn.map { NumberText.format($0, t.language) } ?? "–", state: Self.state(value, t),
                target: targets[value.definition.code].map { Self.targetCell($0, value, t) } ?? "–")
        }
        let state = try await service.state(of: period, actor: context.actor)
        let model = ListModel(period: Self.periodLabel(period, t), periodValue: period.description, periods: try periods(period, t), rows: rows,
                              hasHidden: values.contains { $0.value == nil }, periodState: Self.periodState(state, t), mayClose: state.mayClose,
                              closeLabel: t.text("indicators_close", ["quarter": Self.periodLabel(period, t)]),
                              notice: Query(request: request).text("gedaan") == "vastgesteld" && state.closing != nil ? t.text("indicators_done_closed") : nil)
        return try renderer.render("indicators", page: model, title: t.text("indicators_title"), request: request, context: context)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        return try await render(try code(context), period: try period(request), request: request, context: context)
    }

    private func code(_ context: AppContext) throws -> IndicatorCode {
        guard let code = IndicatorCode(rawValue: try context.parameters.require("code")) else { throw DomainError.notFound }
        return code
    }

    /// The target form's fields are named apart from the period chooser's (`streefperiode`, `streefwaarde`).
    static func targetField(_ field: String) -> String { field == "periode" ? "streefperiode" : field == "waarde" ? "streefwaarde" : field }

    @Sendable func setTarget(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let code = try code(context)
        var request = request
        let form = try await request.form(context)
        let draft = IndicatorTargetDraft(period: form.value("streefperiode") ?? "", value: form.value("streefwaarde") ?? "")
        do {
            _ = try await service.setTarget(code, draft, actor: context.actor)
            return .redirect(to: "\(Self.path)/\(code.rawValue)?periode=\(try period(request))&gedaan=streefwaarde#doelen-kop", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(code, period: try period(request), typed: draft, errors: errors.map { FieldError(field: Self.targetField($0.field), code: $0.code) },
                                    request: request, context: context)
        }
    }

    @Sendable func removeTarget(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let code = try code(context)
        try await service.removeTarget(code, period: try context.parameters.require("doelperiode"), actor: context.actor)
        return .redirect(to: "\(Self.path)/\(code.rawValue)?periode=\(try period(request))&gedaan=verwijderd#doelen-kop", type: .normal)
    }

    @Sendable func setBaseline(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let code = try code(context)
        var request = request
        let form = try await request.form(context)
        do {
            _ = try await service.setBaseline(code, period: form.value("nulmeting") ?? "", actor: context.actor)
            return .redirect(to: "\(Self.path)/\(code.rawValue)?periode=\(try period(request))&gedaan=nulmeting#doelen-kop", type: .normal)
        } catch DomainError.invalid(let errors) {
            return try await render(code, period: try period(request), errors: errors.map { FieldError(field: $0.field == "periode" ? "nulmeting" : $0.field, code: $0.code) },
                                    request: request, context: context)
        }
    }

    private func render(_ code: IndicatorCode, period: TargetPeriod, typed: IndicatorTargetDraft? = nil, errors: [FieldError] = [],
                        request: Request, context: AppContext) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let asked = Query(request: request).text("uitsplitsing")
        let value = try await service.value(code, in: period, by: IndicatorDefinition.of(code).breakdowns.first { $0 == asked }, actor: context.actor)
        var v = Validator()
        let behind = try await service.requestsBehind(code, in: period, page: PageRequest(number: Query(request: request).page(into: &v).number, size: Self.recordsPerPage),
                                                      actor: context.actor)
        let aims = try await service.aims(of: code, actor: context.actor)
        let definition = value.definition
        var names = try await service.partNames(of: definition)
        if value.breakdown == IndicatorDefinition.need { names = RequestLabels.make(t, needs: try await service.needs()).names }
        let label = { (key: String) -> String in Self.partLabel(value.breakdown, key, names: names, t) }
        let facts = [
            MeasurePage.Fact(label: t.text("indicator_version"), value: NumberText.format(definition.version, t.language)),
            MeasurePage.Fact(label: t.text("field_name_periode"), value: Self.periodLabel(period, t)),
            MeasurePage.Fact(label: t.text("indicator_rests_on"), value: value.restsOn.map { t.text("indicator_records", ["count": NumberText.format($0, t.language)]) } ?? "–"),
            MeasurePage.Fact(label: t.text("indicator_state"), value: Self.state(value, t)),
            MeasurePage.Fact(label: t.text("indicator_better"), value: definition.higherIsBetter.map { t.text($0 ? "indicator_higher" : "indicator_lower") } ?? ""),
            MeasurePage.Fact(label: t.text("indicator_measures"), value: definition.measures.map(\.rawValue).joined(separator: ", ")),
        ]
        let records = behind.items.map { RecordLink(number: $0.number, href: "/hulpvragen/\($0.id.lowercasedText)") }
        var recordsLine: String?
        if let restsOn = value.restsOn, value.listsRecords, behind.total < restsOn {
            recordsLine = t.text("indicator_records_limited", ["shown": NumberText.format(behind.total, t.language), "total": NumberText.format(restsOn, t.language)])
        }
        let model = Model(
            name: t.text("indicator_\(code.rawValue)"), description: t.text("indicator_\(code.rawValue)_definition"), period: Self.periodLabel(period, t),
            periods: try periods(period, t), value: Self.figure(value, value.value, t), facts: facts.filter { !$0.value.isEmpty },
            breakdown: t.text("indicator_by_\(value.breakdown)"),
            breakdowns: definition.breakdowns.map { OptionModel(value: $0, label: t.text("indicator_by_\($0)"), selected: $0 == value.breakdown) },
            hasBreakdowns: definition.breakdowns.count > 1,
            breakdownNote: !value.breakdownKept ? t.text("indicator_breakdown_not_kept")
                : IndicatorDefinition.overlaps(value.breakdown) ? t.text("indicator_breakdown_overlaps") : nil,
            cells: value.cells.map { Cell(label: label($0.key), value: Self.figure(value, $0.value, t), records: $0.records.map { NumberText.format($0, t.language) } ?? "–") },
            hasCells: !value.cells.isEmpty, hasHidden: value.value == nil || value.cells.contains { $0.value == nil }, records: records, hasRecords: !records.isEmpty,
            recordsLine: recordsLine, pagination: PaginationModel(behind, request: request, catalogue: t), listHref: "\(Self.path)?periode=\(period)", selfHref: "\(Self.path)/\(code.rawValue)",
            baselineLine: Self.baselineLine(aims, t), targetLine: Self.targetLine(aims.targets.first { $0.period == period }, value, t),
            targets: aims.targets.map { target in
                TargetRow(period: Self.periodLabel(target.period, t), value: Self.figure(value, target.value, t),
                          removeAction: "\(Self.path)/\(code.rawValue)/streefwaarden/\(target.period)/verwijderen?periode=\(period)")
            },
            hasTargets: !aims.targets.isEmpty, mayKeep: aims.mayKeep, targetAction: "\(Self.path)/\(code.rawValue)/streefwaarden?periode=\(period)",
            baselineAction: "\(Self.path)/\(code.rawValue)/nulmeting?periode=\(period)", typedPeriod: typed?.period ?? "", typedValue: typed?.value ?? "",
            baselineOptions: aims.closedPeriods.map { OptionModel(value: $0.description, label: MeasurePage.quarter($0, t), selected: $0 == aims.baseline?.period) },
            hasBaselineOptions: !aims.closedPeriods.isEmpty, errors: FormErrors(errors, t),
            notice: Query(request: request).text("gedaan").flatMap { ["streefwaarde", "verwijderd", "nulmeting"].contains($0) ? t.text("indicator_done_\($0)") : nil })
        return try renderer.render("indicator", page: model, title: model.name, request: request, context: context, status: errors.isEmpty ? .ok : .badRequest)
    }
}
