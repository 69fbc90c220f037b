/// A page of a longer list, with the total so that a client can show "1–20 of 342".
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    /// The number of matches, or, when `totalIsLowerBound`, how many were counted before
    /// counting stopped (large lists count up to a cap instead of scanning everything).
    public let total: Int
    public let totalIsLowerBound: Bool
    public let request: PageRequest
    /// Where the next page starts, for lists read by key (`PageRequest.after`): the sort
    /// key of this page's last item, as the store writes it. Nil on the last page.
    public let nextAfter: String?

    public init(items: [Item], total: Int, totalIsLowerBound: Bool = false, request: PageRequest, nextAfter: String? = nil) {
        self.items = items
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
        self.request = request
        self.nextAfter = nextAfter
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
    /// Read the page as the one after the item with this sort key (`Page.nextAfter`):
    /// an index range however deep, instead of skipping `offset` rows. `number` then only
    /// names the page. A key the store cannot read falls back to the offset.
    public let after: String?

    public init(number: Int = 1, size: Int = PageRequest.defaultSize, after: String? = nil) {
        self.number = number
        self.size = size
        self.after = after
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
