import Foundation
import Hummingbird
import SteunpuntDomain

/// JSON answers of the API: one encoder (ISO 8601 dates, sorted keys) for every resource.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
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

    init<T>(page: Page<T>, request: Request, items: [Item]) {
        func link(_ number: Int) -> Link {
            var components = URLComponents()
            components.path = request.uri.path
            var query: [URLQueryItem] = []
            for parameter in request.uri.queryParameters where parameter.key != "pagina" && parameter.key != "paginaGrootte" {
                query.append(URLQueryItem(name: String(parameter.key), value: String(parameter.value)))
            }
            query.sort { $0.name < $1.name }
            query.append(URLQueryItem(name: "pagina", value: String(number)))
            query.append(URLQueryItem(name: "paginaGrootte", value: String(page.request.size)))
            components.queryItems = query
            return Link(href: components.string ?? request.uri.path)
        }
        _links = Links(
            self: link(page.request.number), first: link(1), last: link(page.pageCount),
            prev: page.hasPrevious ? link(page.request.number - 1) : nil,
            next: page.hasNext ? link(page.request.number + 1) : nil)
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

    func text(_ name: String) -> String? {
        guard let value = request.uri.queryParameters[name[...]] else { return nil }
        let trimmed = String(value).trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
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

    func page(into validator: inout Validator) -> PageRequest {
        PageRequest.parse(number: text("pagina"), size: text("paginaGrootte"), into: &validator)
    }
}
