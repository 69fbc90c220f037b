import Foundation
import Mustache
import Testing
@testable import SteunpuntWeb

/// Pages render the same from the precomputed tree as from the view model itself.
@Suite("View models turned into dictionaries render as before")
struct ViewTreeTests {
    struct Item {
        let label: String
        let href: String?
        let count: Int
        let current: Bool
        let tags: [String]
    }

    class Base {
        let inherited = "van de basis"
    }

    final class Derived: Base {
        let own = "eigen"
    }

    struct Model {
        let title: String
        let subtitle: String?
        let missing: String?
        let items: [Item]
        let empty: [Item]
        let nested: Item?
        let when: Date
        let id: UUID
        let derived: Derived
        let label: String
        let ratio: Double
        let html: String
    }

    static let template = """
        <h1>{{title}}</h1>{{#subtitle}}<p>{{subtitle}}</p>{{/subtitle}}{{^missing}}<p>geen</p>{{/missing}}
        <ul>{{#items}}<li>{{label}} {{#href}}<a href="{{href}}">{{label}} in {{title}}</a>{{/href}}{{^href}}zonder{{/href}} {{count}}{{#current}}!{{/current}}
        {{#tags}}[{{.}}]{{/tags}}{{^tags}}geen tags{{/tags}} {{missing}}{{subtitle}}</li>{{/items}}</ul>
        {{^empty}}<p>leeg</p>{{/empty}}{{#nested}}{{label}}/{{count}}{{/nested}} {{nested.label}} {{when}} {{id}}
        {{derived.own}} {{derived.inherited}} {{#derived}}{{own}}{{inherited}}{{label}}{{/derived}} {{ratio}} {{html}} {{{html}}}
        """

    @Test("sections, inverted sections, dotted names, names found further up the stack, nil members, dates and identifiers, inheritance")
    func sameOutput() throws {
        let library = try MustacheLibrary(templates: ["t": MustacheTemplate(string: Self.template)])
        let model = Model(title: "Toolbox", subtitle: "Alles", missing: nil,
                          items: [Item(label: "Eén", href: "/aanbod/een", count: 3, current: true, tags: ["a", "b"]),
                                  Item(label: "Twee & <drie>", href: nil, count: 0, current: false, tags: [])],
                          empty: [], nested: Item(label: "genest", href: nil, count: 7, current: false, tags: []),
                          when: Date(timeIntervalSince1970: 1_764_771_078), id: UUID(), derived: Derived(), label: "buiten", ratio: 1.5,
                          html: "<b>vet</b>")
        let direct = library.render(["page": model], withTemplate: "t")
        let tree = library.render(["page": ViewTree.make(model) as Any], withTemplate: "t")
        #expect(direct != nil)
        #expect(direct == tree)
        let bare = library.render(model, withTemplate: "t")
        #expect(bare == library.render(ViewTree.make(model) as Any, withTemplate: "t"))
        #expect(bare?.contains("<a href=\"/aanbod/een\">Eén in Toolbox</a>") == true)
        #expect(bare?.contains("eigen") == true && bare?.contains("Twee &amp; &lt;drie&gt;") == true)
    }
}
