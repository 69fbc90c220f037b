import Foundation

/// Plain text (a request's description, a message) as HTML in which web addresses are
/// links: the text is escaped first, then only `http(s)://…` addresses and the site's own
/// paths to the toolbox (`/aanbod/…`) become `<a>` elements, so nothing else a person
/// typed can become markup. Line breaks stay as the page's CSS keeps them (`pre-line`).
enum LinkedText {
    static func html(_ text: String) -> String {
        // Addresses hold none of < > " ' and no white space; a closing mark after one is not part of it.
        let pattern = /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]])|(^|[\s(])(\/aanbod\/[a-z0-9-]+)/
        var result = ""
        var rest = text[...]
        while let match = rest.firstMatch(of: pattern.anchorsMatchLineEndings()) {
            let address: Substring, start: Substring.Index
            if let web = match.output.1 {
                address = web
                start = match.range.lowerBound
            } else {
                address = match.output.3 ?? ""
                start = address.startIndex
            }
            result += escape(String(rest[..<start]))
            let shown = escape(String(address))
            result += "<a href=\"\(shown)\">\(shown)</a>"
            rest = rest[match.range.upperBound...]
        }
        return result + escape(String(rest))
    }

    /// The one HTML escaper of the pages that build markup themselves.
    static func escape(_ text: String) -> String { Markdown.escape(text) }
}
