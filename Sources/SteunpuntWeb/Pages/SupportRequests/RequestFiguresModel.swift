import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The request figures as a page shows them (the unit's dashboard), with small cells
/// hidden for analysts (`RequestFigures.shown(to:)`).
struct RequestFiguresModel {
    struct Row { let label: String; let value: String }
    let period: String
    let totals: [Row]
    let byChannel: [Row]
    let byNeed: [Row]

    /// The calendar year of `now`, Dutch time: [1 January, 1 January next year).
    static func year(of now: Date) -> (from: Date, until: Date) {
        let calendar = DutchCalendar().calendar
        let year = calendar.component(.year, from: now)
        return (calendar.date(from: DateComponents(year: year, month: 1, day: 1))!, calendar.date(from: DateComponents(year: year + 1, month: 1, day: 1))!)
    }

    init(_ figures: RequestFigures.Shown, period: String, labels: RequestLabels, language: Language) {
        let t = labels.t
        func number(_ value: Int?) -> String { value.map { NumberText.format($0, language) } ?? t.text("fewer_than_five") }
        func hours(_ value: Double?) -> String { value.map { t.text("hours_value", ["hours": NumberText.decimal($0, language)]) } ?? "–" }
        self.period = period
        totals = [
            Row(label: t.text("figure_requests_filed"), value: number(figures.filed)),
            Row(label: t.text("figure_requests_closed"), value: number(figures.closed)),
            Row(label: t.text("figure_municipalities_advised"), value: number(figures.municipalitiesAdvised)),
            Row(label: t.text("figure_schools_advised"), value: number(figures.schoolsAdvised)),
            Row(label: t.text("figure_referral_rate"), value: String(format: "%.0f%%", figures.referralRate * 100)),
            Row(label: t.text("figure_median_first_response"), value: hours(figures.medianHoursToFirstResponse)),
            Row(label: t.text("figure_median_close"), value: hours(figures.medianHoursToClose)),
        ]
        byChannel = RequestChannel.allCases.compactMap { channel in
            guard let count = figures.byChannel[channel] else { return nil }
            return Row(label: labels.channel(channel), value: number(count))
        }
        byNeed = figures.byNeed.keys.sorted { $0.rawValue < $1.rawValue }.map { need in
            Row(label: labels.need(need), value: number(figures.byNeed[need]!))
        }
    }
}
