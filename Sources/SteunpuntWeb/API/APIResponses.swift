import Foundation
import Hummingbird
import SteunpuntDomain

/// JSON answers of the API: one encoder for every resource (`StreamingJSONEncoder`: ISO
/// 8601 dates, members in declaration order).
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: try StreamingJSONEncoder().encode(value))))
    }
}

/// A link as the NL API Design Rules (HAL) write it: `{"href": "…"}`.
struct Link: Encodable, Sendable, Equatable {
    let href: String
}

/// A page of a collection: the items under `resultaten`, the total, and links to the
/// first, previous, next and last pages that keep the caller's filters.
struct ListResponse<Item: Encodable & Sendable>: Encodable, Sendable {
    struct Links: Encodable, Sendable {
        let `self`: Link
        let first: Link
        let last: Link
        let prev: Link?
        let next: Link?
    }

    let _links: Links
    let totaal: Int
    /// True when `totaal` is where counting stopped: there are at least that many.
    let totaalIsMinimum: Bool
    let pagina: Int
    let paginaGrootte: Int
    let aantalPaginas: Int
    let resultaten: [Item]

    /// Links by page number; where the list is read by key (`page.nextAfter`), `next`
    /// carries a `cursor` instead, so following it costs the same however deep.
    init<T>(page: Page<T>, request: Request, items: [Item]) {
        let links = Query.Links(request, dropping: ["pagina", "paginaGrootte", "cursor"])
        func link(_ number: Int) -> Link {
            Link(href: links.link(adding: [("pagina", String(number)), ("paginaGrootte", String(page.request.size))]))
        }
        func next() -> Link {
            guard let after = page.nextAfter else { return link(page.request.number + 1) }
            return Link(href: links.link(adding: [("cursor", PageCursor.encode(number: page.request.number + 1, after: after)),
                                                  ("paginaGrootte", String(page.request.size))]))
        }
        _links = Links(
            self: link(page.request.number), first: link(1), last: link(page.pageCount),
            prev: page.hasPrevious ? link(page.request.number - 1) : nil,
            next: page.hasNext ? next() : nil)
        totaal = page.total
        totaalIsMinimum = page.totalIsLowerBound
        pagina = page.request.number
        paginaGrootte = page.request.size
        aantalPaginas = page.pageCount
        resultaten = items
    }

    /// Also states the total in `X-Total-Count` for clients that read headers only.
    func response() throws -> Response {
        try JSONResponse.make(self, headers: [.xTotalCount: String(totaal)])
    }
}


/// Reads query values: `text` gives a trimmed, non-empty value or nil.
struct Query {
    let request: Request
    /// The query string's names and values, decoded once for every value read.
    let pairs: [(name: String, value: String)]

    init(request: Request) {
        self.request = request
        pairs = Self.pairs(request.uri.query ?? "")
    }

    func text(_ name: String) -> String? {
        guard let value = pairs.first(where: { $0.name == name })?.value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Every name and value of a raw query string, decoded as an HTML form encodes it (`+`
    /// is a space, `%2B` a plus; the router's own parameters keep `+` as it is), in order.
    static func pairs(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (FormCoding.decode(parts[0]), parts.count > 1 ? FormCoding.decode(parts[1]) : "")
        }
    }

    /// `pairs` back into a query string, every byte outside the unreserved set escaped
    /// (a space as `%20`, a plus as `%2B`), so a link carries each value exactly.
    static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { FormCoding.escape($0.name) + "=" + FormCoding.escape($0.value) }.joined(separator: "&")
    }

    /// The path with the request's query values but `dropping`, sorted, and `adding` after them.
    static func link(_ request: Request, dropping: Set<String>, adding: [(name: String, value: String)]) -> String {
        Links(request, dropping: dropping).link(adding: adding)
    }

    /// Links to the same path that keep the request's query values but `dropping`: the
    /// query read and escaped once for a page's several links.
    struct Links {
        let path: String
        /// The kept values, escaped and sorted by name, joined by `&`.
        let kept: String

        init(_ request: Request, dropping: Set<String>) {
            path = request.uri.path
            kept = Query.encode(Query.pairs(request.uri.query ?? "").filter { !dropping.contains($0.name) }.sorted { $0.name < $1.name })
        }

        /// The path with the kept values and `adding` after them.
        func link(adding: [(name: String, value: String)]) -> String {
            let added = Query.encode(adding)
            let query = kept.isEmpty ? added : added.isEmpty ? kept : kept + "&" + added
            return path + (query.isEmpty ? "" : "?" + query)
        }
    }

    /// The longest search text any list takes (`zoek`, `q`), pages and API alike.
    static let maxSearchLength = 200

    /// A search text (`zoek` by default), recording `too_long` past `maxSearchLength`: the
    /// one way every list reads what was searched for.
    func search(_ name: String = "zoek", into validator: inout Validator) -> String? {
        guard let text = text(name) else { return nil }
        if Validator.length(text) > Self.maxSearchLength { validator.add(name, "too_long") }
        return text
    }

    /// `true`/`false` (also `ja`/`nee`); records `invalid_boolean` otherwise.
    func bool(_ name: String, into validator: inout Validator) -> Bool? {
        guard let text = text(name)?.lowercased() else { return nil }
        switch text {
        case "true", "ja", "1": return true
        case "false", "nee", "0": return false
        default:
            validator.add(name, "invalid_boolean")
            return nil
        }
    }

    /// A calendar day (`yyyy-MM-dd`, `CalendarDay`), recording `invalid_date` otherwise.
    func day(_ name: String, into validator: inout Validator) -> CalendarDay? {
        guard let text = text(name) else { return nil }
        let day = CalendarDay(text)
        validator.check(day != nil, name, "invalid_date")
        return day
    }

    /// A year of incident figures (`IncidentFigures.years`), recording `invalid_year` otherwise;
    /// nil when not asked (this year, then).
    func incidentYear(_ name: String = "jaar", into validator: inout Validator) -> Int? {
        guard let text = text(name) else { return nil }
        let year = Int(text).flatMap { IncidentFigures.years.contains($0) ? $0 : nil }
        validator.check(year != nil, name, "invalid_year")
        return year
    }

    func page(into validator: inout Validator) -> PageRequest {
        PageRequest.parse(number: text("pagina"), size: text("paginaGrootte"), into: &validator)
    }

    /// `page(into:)` for a list read by key: a `cursor` (from `_links.next`) gives the
    /// page's number and where it starts, and wins over `pagina`.
    func keyedPage(into validator: inout Validator) -> PageRequest {
        let numbered = page(into: &validator)
        guard let text = text("cursor") else { return numbered }
        guard let cursor = PageCursor.decode(text) else {
            validator.add("cursor", "invalid_cursor")
            return numbered
        }
        return PageRequest(number: cursor.number, size: numbered.size, after: cursor.after)
    }
}

/// The opaque `cursor` of a list's `next` link: the page's number and the store's key of
/// the previous page's last item (`Page.nextAfter`), base64url without padding.
enum PageCursor {
    static let maxLength = 400

    static func encode(number: Int, after: String) -> String {
        Data("\(number)~\(after)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> (number: Int, after: String)? {
        guard text.count <= maxLength, text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8),
              let separator = plain.firstIndex(of: "~"), let number = Int(plain[..<separator]), (1...1_000_000).contains(number) else { return nil }
        let after = String(plain[plain.index(after: separator)...])
        return after.isEmpty ? nil : (number, after)
    }
}
