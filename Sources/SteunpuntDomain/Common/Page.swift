/// A page of a longer list, with the total so that a client can show "1–20 of 342".
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    /// The number of matches, or, when `totalIsLowerBound`, how many were counted before
    /// counting stopped (large lists count up to a cap instead of scanning everything).
    public let total: Int
    public let totalIsLowerBound: Bool
    public let request: PageRequest

    public init(items: [Item], total: Int, totalIsLowerBound: Bool = false, request: PageRequest) {
        self.items = items
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
        self.request = request
    }

    public var pageCount: Int { max(1, (total + request.size - 1) / request.size) }
    public var hasNext: Bool { request.number < pageCount || (totalIsLowerBound && items.count == request.size) }
    public var hasPrevious: Bool { request.number > 1 }
}

/// Which page of a list is asked for. Page numbers start at 1.
public struct PageRequest: Equatable, Sendable {
    public static let defaultSize = 20
    public static let maximumSize = 100

    public let number: Int
    public let size: Int

    public init(number: Int = 1, size: Int = PageRequest.defaultSize) {
        self.number = number
        self.size = size
    }

    public var offset: Int { (number - 1) * size }

    /// Parses the query values `pagina` and `paginaGrootte`, collecting problems in `validator`.
    public static func parse(number: String?, size: String?, into validator: inout Validator) -> PageRequest {
        var result = (number: 1, size: defaultSize)
        if let number {
            if let value = Int(number), value >= 1, value <= 1_000_000 { result.number = value } else { validator.add("pagina", "invalid_page") }
        }
        if let size {
            if let value = Int(size), value >= 1, value <= maximumSize { result.size = value } else { validator.add("paginaGrootte", "invalid_page_size") }
        }
        return PageRequest(number: result.number, size: result.size)
    }
}
