import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// A round's data as CSV for Dutch Excel (semicolons, decimal commas, UTF-8 with BOM),
/// every download audited: `…/antwoorden.csv` (the unit: one row per municipality, one
/// column per question, coded as the codebook says, then the dimension scores),
/// `…/codeboek.csv` (each column's question, type and codes) and `…/analyse.csv` (the
/// analysis tables as the reader may see them: aggregates with small groups suppressed
/// for analysts).
struct QuickscanExport {
    let renderer: PageRenderer
    let service: QuickscanService

    func register(on router: Router<AppContext>) {
        router.get("quickscans/rondes/{id}/antwoorden.csv", use: responses)
        router.get("quickscans/rondes/{id}/codeboek.csv", use: codebook)
        router.get("quickscans/rondes/{id}/analyse.csv", use: analysis)
    }

    static func decimal(_ value: Double?) -> String {
        guard let value else { return "" }
        return String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }

    /// An answer coded for the responses file: option codes (several joined by `|`),
    /// scale values, numbers with a decimal comma, `ja`/`nee`, text as given.
    static func code(_ answer: AnswerValue?) -> String {
        switch answer {
        case .choice(let code): code
        case .choices(let codes): codes.joined(separator: "|")
        case .scale(let value): String(value)
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value).replacingOccurrences(of: ".", with: ",")
        case .yesNo(let yes): yes ? "ja" : "nee"
        case .text(let text): text
        case .needs(let codes): codes.map(\.rawValue).joined(separator: "|")
        case nil: ""
        }
    }

    private func audited(_ id: UUID, _ what: String, rows: Int, context: AppContext) async throws {
        try await service.recordExport(id, what, rows: rows, actor: context.actor)
    }

    @Sendable func responses(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, _) = try RoundPage.ids(context)
        let found = try await service.round(id, by: user)
        let instrument = found.instrument.definition
        let answers = try await service.responses.submitted(id)
        let municipalities = Dictionary(try await service.municipalities.all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let dimensions = RoundAnalysis.chartDimensions
        let header = ["gemeentecode", "gemeente", "provincie", "inwonerklasse", "status", "ingediend_op"] + instrument.questions.map(\.key)
            + dimensions.map { "score_" + $0.rawValue }
        let rows = found.targets.map { progress -> [String] in
            let code = progress.target.municipality
            let municipality = municipalities[code]
            let given = answers[code]
            let scores = given.map(instrument.scores)
            return [code.rawValue, municipality?.name ?? "", municipality?.province.rawValue ?? "", municipality?.populationClass.rawValue ?? "",
                    progress.status?.rawValue ?? "niet-begonnen", progress.submittedAt.map(DateText.dateTime) ?? ""]
                + instrument.questions.map { Self.code(given?[$0.key]) } + dimensions.map { Self.decimal(scores?[$0]) }
        }
        try await audited(id, "antwoorden", rows: rows.count, context: context)
        return CSVExport.response(CSVExport.document(header: header, rows: rows), filename: "quickscan-antwoorden-\(found.summary.round.opensOn).csv")
    }

    @Sendable func codebook(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, _) = try RoundPage.ids(context)
        let found = try await service.round(id, by: user)
        let t = renderer.catalogue(context.language)
        let instrument = found.instrument.definition
        let needs = try await service.needs.names(in: t.language, includeRetired: true)
        let header = ["kolom", "vraag", "tekst", "soort", "dimensie", "verplicht", "voorwaarde", "codes", "score"]
        var rows = [["gemeentecode", "", t.text("codebook_code"), "", "", "", "", "", ""],
                    ["status", "", t.text("codebook_status"), "", "", "", "", "niet-begonnen|bezig|ingediend", ""]]
        for (index, question) in instrument.questions.enumerated() {
            let options = ResponseModel.options(question, needs: needs, t: t).map { "\($0.value)=\($0.label)" }.joined(separator: "|")
            let scoring: String
            switch question.type {
            case .singleChoice, .multipleChoice, .yesNo:
                scoring = (question.choices ?? []).compactMap { choice in choice.score.map { "\(choice.code)=\(Self.decimal($0))" } }.joined(separator: "|")
            case .scale: scoring = question.isScored ? "1=0|2=25|3=50|4=75|5=100" : ""
            case .number: scoring = (question.bands ?? []).map { ($0.upTo.map { "≤\(Self.decimal($0))" } ?? "rest") + "=" + Self.decimal($0.score) }.joined(separator: "|")
            case .text, .needsChecklist: scoring = ""
            }
            rows.append([question.key, String(index + 1), question.text, question.type.rawValue, question.dimension.rawValue, question.required ? "ja" : "nee",
                         question.condition.map { "\($0.question) in \($0.values.joined(separator: "|"))" } ?? "", options,
                         scoring + (question.weight.map { scoring.isEmpty ? "" : " (gewicht \(Self.decimal($0)))" } ?? "")])
        }
        for dimension in RoundAnalysis.chartDimensions {
            rows.append(["score_" + dimension.rawValue, "", t.text("codebook_score", ["dimension": t.text("dimension_\(dimension.rawValue)")]), "getal", dimension.rawValue,
                         "", "", "0–100", ""])
        }
        try await audited(id, "codeboek", rows: rows.count, context: context)
        return CSVExport.response(CSVExport.document(header: header, rows: rows), filename: "quickscan-codeboek-\(found.summary.round.opensOn).csv")
    }

    @Sendable func analysis(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        let (id, _) = try RoundPage.ids(context)
        let found = try await service.analysis(id, by: user)
        guard found.own == nil else { throw DomainError.notFound }
        let t = renderer.catalogue(context.language)
        let dimensions = RoundAnalysis.chartDimensions
        let analysis = found.analysis
        let header = ["tabel", "groep", "aantal"] + dimensions.map(\.rawValue) + ["aandeel"]
        let hidden = t.text("analysis_suppressed")
        func scores(_ values: [SteunpuntDomain.Dimension: Double]?) -> [String] { dimensions.map { values == nil ? hidden : Self.decimal(values?[$0]) } }
        var rows: [[String]] = [["landelijk", "", String(analysis.responses)] + scores(analysis.national) + [""]]
        rows += analysis.byProvince.map { ["provincie", $0.label, String($0.municipalities)] + scores($0.scores) + [""] }
        rows += analysis.byPopulationClass.map { ["inwonerklasse", $0.label, String($0.municipalities)] + scores($0.scores) + [""] }
        rows += analysis.municipalities.sorted { $0.key.rawValue < $1.key.rawValue }.map { ["gemeente", $0.key.rawValue, "1"] + scores($0.value) + [""] }
        let blank = dimensions.map { _ in "" }
        for distribution in analysis.distributions {
            for (value, count) in distribution.counts.sorted(by: { $0.key < $1.key }) {
                rows.append(["vraag:" + distribution.question, value, count.map(String.init) ?? hidden] + blank
                            + [count.flatMap { count in distribution.answered.map { $0 == 0 ? "" : Self.decimal(Double(count) * 100 / Double($0)) } } ?? ""])
            }
        }
        rows += analysis.needs.map { ["behoefte", $0.need.rawValue, $0.municipalities.map(String.init) ?? hidden] + blank
                                     + [$0.municipalities.map { analysis.responses == 0 ? "" : Self.decimal(Double($0) * 100 / Double(analysis.responses)) } ?? ""] }
        try await audited(id, "analyse", rows: rows.count, context: context)
        return CSVExport.response(CSVExport.document(header: header, rows: rows), filename: "quickscan-analyse-\(found.round.opensOn).csv")
    }
}
