import Foundation
import Mustache

/// A page's view model as Mustache reads it fastest: every struct or class of ours turned
/// into a `[String: Any]` once, in one reflection pass, before rendering. Left as they
/// are, Mustache finds each `{{name}}` by walking `Mirror` children of every object on
/// its context stack, over and over (issue 17: half of a toolbox page's time); a
/// dictionary answers each lookup, found or not, by hashing.
///
/// What Mustache renders itself stays as it is: text, numbers, booleans, values that
/// describe themselves (`CustomStringConvertible`: dates, identifiers), lambdas and
/// Mustache's own protocols. A class's own stored properties only, as `Mirror` gave Mustache
/// before (not its superclass's). An optional becomes its value or is left out, which is how
/// Mustache treated a nil member before (not found, so the stack is searched further).
enum ViewTree {
    static func make(_ value: Any) -> Any? { make(value, depth: 0) }

    private static func make(_ value: Any, depth: Int) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Double, is Substring, is [String: String], is [String]:
            return value
        case is MustacheLambda, is MustacheParent, is MustacheCustomRepresentation:
            return value
        default:
            break
        }
        guard depth < 32 else { return value }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.flatMap { make($0.value, depth: depth) }
        case .collection:
            return mirror.children.compactMap { make($0.value, depth: depth + 1) }
        case .struct, .class:
            if value is CustomStringConvertible { return value }
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label, let member = make(child.value, depth: depth + 1) else { continue }
                fields[label] = member
            }
            return fields
        default:
            return value
        }
    }
}
