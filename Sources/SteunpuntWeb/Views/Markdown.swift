import Foundation

/// Renders the Markdown of offerings and articles to HTML that cannot carry markup of its
/// own: every character of the source is escaped first, then a small, fixed set of
/// constructs becomes tags — headings (one level below the page's title), paragraphs,
/// lists, quotes, bold, italics, code and links to `https:`, `http:`, `mailto:` or a path
/// on this site. Anything else (raw HTML, `javascript:` links, images) stays visible text.
enum Markdown {
    static func html(_ source: String) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var quote: [String] = []

        func flushParagraph() {
            if !paragraph.isEmpty { out.append("<p>" + paragraph.map(inline).joined(separator: " ") + "</p>") }
            paragraph = []
        }
        func flushList() {
            if let current = list {
                let tag = current.ordered ? "ol" : "ul"
                out.append("<\(tag)>" + current.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>")
            }
            list = nil
        }
        func flushQuote() {
            if !quote.isEmpty { out.append("<blockquote><p>" + quote.map(inline).joined(separator: " ") + "</p></blockquote>") }
            quote = []
        }
        func flushAll() { flushParagraph(); flushList(); flushQuote() }

        for rawLine in source.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            let line = escape(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { flushAll(); continue }
            if let level = headingLevel(line) {
                flushAll()
                let tag = "h\(min(level + 1, 6))"
                out.append("<\(tag)>" + inline(String(line.dropFirst(level)).trimmingCharacters(in: .whitespaces)) + "</\(tag)>")
            } else if let item = listItem(line) {
                flushParagraph(); flushQuote()
                if let current = list, current.ordered != item.ordered { flushList() }
                list = (item.ordered, (list?.items ?? []) + [item.text])
            } else if line.hasPrefix("&gt;") {
                flushParagraph(); flushList()
                quote.append(String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces))
            } else {
                flushList(); flushQuote()
                paragraph.append(line)
            }
        }
        flushAll()
        return out.joined(separator: "\n")
    }

    /// The text without Markdown marks, for snippets and search.
    static func plainText(_ source: String) -> String {
        source.replacingOccurrences(of: #"[#>*_`]+"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    private static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return hashes
    }

    private static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count <= 3, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Inline marks on already escaped text.
    private static func inline(_ text: String) -> String {
        var text = replace(#"`([^`]+)`"#, in: text) { "<code>\($0[1])</code>" }
        text = replace(#"\[([^\]]+)\]\(([^)\s]+)\)"#, in: text) { groups in
            let target = groups[2]
            let lower = target.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") || (target.hasPrefix("/") && !target.hasPrefix("//")) else {
                return groups[1]
            }
            return "<a href=\"\(target)\">\(groups[1])</a>"
        }
        text = replace(#"\*\*([^*]+)\*\*"#, in: text) { "<strong>\($0[1])</strong>" }
        text = replace(#"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])"#, in: text) { "<em>\($0[1])</em>" }
        text = replace(#"(?<![\w])_([^_\s][^_]*)_(?![\w])"#, in: text) { "<em>\($0[1])</em>" }
        return text
    }

    private static func replace(_ pattern: String, in text: String, _ transform: ([String]) -> String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let ns = text as NSString
        var result = ""
        var last = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            result += ns.substring(with: NSRange(location: last, length: match.range.location - last))
            let groups = (0..<match.numberOfRanges).map { index -> String in
                let range = match.range(at: index)
                return range.location == NSNotFound ? "" : ns.substring(with: range)
            }
            result += transform(groups)
            last = match.range.location + match.range.length
        }
        return result + ns.substring(from: last)
    }
}
