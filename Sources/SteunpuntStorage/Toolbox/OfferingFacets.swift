import SQLKit
import SteunpuntDomain

/// An offering's kind, audiences, needs, provider, status and visibility as words of its
/// own index column (`fsoorttraining`, `fdoelgroepscholen`…), so a search with filters is
/// narrowed by the full-text index itself (SQLite FTS5 column `facets`, PostgreSQL as
/// `#`-lexemes, migration 22) instead of checking every match afterwards. User words never
/// match them: on SQLite they search the title and text columns only, and on PostgreSQL
/// no word starts with `#`.
public enum OfferingFacets {
    public static func token(_ facet: String, _ value: String) -> String {
        "f" + facet + value.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.lowercased()
    }

    static func tokens(_ offering: Offering) -> String {
        ([token("soort", offering.kind.rawValue), token("status", offering.status.rawValue), token("zicht", offering.visibility.rawValue),
          token("aanbieder", offering.provider.rawValue)]
         + offering.audiences.map { token("doelgroep", $0.rawValue) } + offering.needs.map { token("behoefte", $0.rawValue) })
            .joined(separator: " ")
    }

    /// The engine's query: the words (all required) and the selective filters (kind,
    /// audience, need, provider, a chosen status). Visibility and leaving out withdrawn
    /// offerings match most rows, so they stay in SQL, where they cost nothing per hit.
    /// On SQLite an FTS5 query (words in the title and text columns, filters in `facets`);
    /// on PostgreSQL a `tsquery`: the words through `to_tsquery`, the filters as the
    /// `#`-lexemes the index keeps them as (migration 22), which no word can be, so no
    /// weight restriction is needed and the GIN index answers without a recheck.
    static func query(_ terms: [SearchText.Term], filter: OfferingFilter, engine: Engine) -> any SQLExpression {
        var required: [String] = []
        if let kind = filter.kind { required.append(token("soort", kind.rawValue)) }
        if let audience = filter.audience { required.append(token("doelgroep", audience.rawValue)) }
        if let need = filter.need { required.append(token("behoefte", need.rawValue)) }
        if let provider = filter.provider { required.append(token("aanbieder", provider.rawValue)) }
        if let status = filter.status { required.append(token("status", status.rawValue)) }
        switch engine {
        case .sqlite:
            let words = terms.map { "\"\($0.text)\"" + ($0.isPrefix ? "*" : "") }.joined(separator: " AND ")
            var query = "{title body} : (\(words))"
            for facet in required { query += " AND facets : \(facet)" }
            return SQLBind(query)
        case .postgres:
            // Terms and tokens hold letters and digits only, so quoting them is enough.
            let words = terms.map { "'\($0.text)'" + ($0.isPrefix ? ":*" : "") }.joined(separator: " & ")
            guard !required.isEmpty else { return SQLQueryString("to_tsquery('simple', \(bind: words))") }
            let facets = required.map { "'#\($0)'" }.joined(separator: " & ")
            return SQLQueryString("(to_tsquery('simple', \(bind: words)) && \(bind: facets)::tsquery)")
        }
    }
}
