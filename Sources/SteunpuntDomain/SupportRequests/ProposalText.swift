import Foundation

/// Lines of the Dutch text a proposed support request carries (from the quickscan, from the
/// 10-point plan): the needs by name, the offerings suggested with their addresses.
public enum ProposalText {
    /// "label: name, name." or nil without needs.
    public static func needs(_ needs: [NeedCode], label: String, names: [NeedCode: String]) -> String? {
        needs.isEmpty ? nil : "\(label): " + needs.map { names[$0] ?? $0.rawValue }.joined(separator: ", ") + "."
    }

    /// "Voorgesteld aanbod:" and one line per offering, or nil without offerings.
    public static func offerings(_ offerings: [(title: String, path: String)]) -> String? {
        offerings.isEmpty ? nil : "Voorgesteld aanbod:\n" + offerings.map { "- \($0.title) (\($0.path))" }.joined(separator: "\n")
    }
}
