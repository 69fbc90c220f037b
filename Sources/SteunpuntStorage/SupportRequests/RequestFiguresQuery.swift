import Foundation
import SQLKit
import SteunpuntDomain

extension RequestStore {
    /// The figures over the requests filed in [`from`, `until`), computed from the records.
    public func figures(from: Date, until: Date) async throws -> RequestFigures {
        let sql = database.sql
        func inPeriod(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            query.where(RequestQuery.column("created_at"), .greaterThanOrEqual, SQLBind(from))
                .where(RequestQuery.column("created_at"), .lessThan, SQLBind(until))
        }
        var figures = RequestFigures()
        figures.filed = try await inPeriod(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("support_requests"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        figures.closed = try await inPeriod(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("support_requests"))
            .where("status", .equal, RequestStatus.closed.rawValue).first()?.decode(column: "n", as: Int.self) ?? 0
        let helped = [RequestOutcome.advised, .trained].map(\.rawValue)
        for row in try await inPeriod(sql.select().column(SQLColumn("kind", table: "organisations"))
            .column(SQLFunction("COUNT", args: SQLDistinct(RequestQuery.column("requester_id"))), as: "n")
            .from("support_requests").join("organisations", on: SQLColumn("id", table: "organisations"), .equal, RequestQuery.column("requester_id")))
            .where(RequestQuery.column("outcome"), .in, SQLBind.group(helped)).groupBy(SQLColumn("kind", table: "organisations")).all() {
            let count = try row.decode(column: "n", as: Int.self)
            switch OrganisationKind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .municipality: figures.municipalitiesAdvised = count
            case .school: figures.schoolsAdvised = count
            default: break
            }
        }
        for row in try await inPeriod(sql.select().column("channel").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("support_requests"))
            .groupBy("channel").all() {
            if let channel = RequestChannel(rawValue: try row.decode(column: "channel", as: String.self)) { figures.byChannel[channel] = try row.decode(column: "n", as: Int.self) }
        }
        for row in try await inPeriod(sql.select().column(SQLColumn("need_code", table: "request_needs")).column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("support_requests").join("request_needs", on: SQLColumn("request_id", table: "request_needs"), .equal, RequestQuery.column("id")))
            .groupBy(SQLColumn("need_code", table: "request_needs")).all() {
            if let need = NeedCode(try row.decode(column: "need_code", as: String.self)) { figures.byNeed[need] = try row.decode(column: "n", as: Int.self) }
        }
        let referred = try await inPeriod(sql.select().column(SQLFunction("COUNT", args: SQLDistinct(RequestQuery.column("id"))), as: "n").from("support_requests")
            .join("request_history", on: SQLColumn("request_id", table: "request_history"), .equal, RequestQuery.column("id")))
            .where(SQLColumn("action", table: "request_history"), .equal, SQLBind(RequestAction.refer(to: .nctv, reason: "").identifier))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        figures.referralRate = figures.filed == 0 ? 0 : Double(referred) / Double(figures.filed)
        var toFirst: [Double] = []
        var toClose: [Double] = []
        for row in try await inPeriod(sql.select().columns("created_at", "first_response_at", "closed_at").from("support_requests")).all() {
            let created = try row.decode(column: "created_at", as: Date.self)
            if let first = try row.decode(column: "first_response_at", as: Date?.self) { toFirst.append(first.timeIntervalSince(created) / 3600) }
            if let closed = try row.decode(column: "closed_at", as: Date?.self) { toClose.append(closed.timeIntervalSince(created) / 3600) }
        }
        figures.medianHoursToFirstResponse = RequestFigures.median(toFirst)
        figures.medianHoursToClose = RequestFigures.median(toClose)
        return figures
    }
}
