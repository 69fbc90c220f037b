import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// A support request as the API shows it (Dutch field names, NL API Design Rules).
/// Identifiers are lower-case UUIDs, as in the links.
struct SupportRequestDTO: Encodable, Sendable {
    let id: String
    let nummer: String
    let titel: String
    let omschrijving: String
    let aanvrager: String
    let aanvragerNaam: String?
    let gemeente: String
    let gemeenteNaam: String?
    let behoeften: [String]
    let kanaal: String
    let urgentie: String
    let contactvoorkeur: String
    let status: String
    let uitkomst: String?
    let loket: String
    let houder: String
    let behandelaar: String?
    let ingediendOp: Date
    let bijgewerktOp: Date
    let eersteReactieOp: Date?
    let afgeslotenOp: Date?
    let wachtSinds: Date?
    let termijnEersteReactie: Date
    let termijnAfhandeling: Date
    let termijnStatus: String
    /// When a destruction list destroyed it (issue 23): what is left is its skeleton.
    let vernietigdOp: Date?
    let versie: Int
    let _links: Links

    struct Links: Encodable, Sendable {
        let `self`: Link
        let statuswijzigingen: Link
        let berichten: Link
        let activiteiten: Link
    }

    init(_ request: SupportRequest, requesterName: String? = nil, municipalityName: String? = nil, deadline: DeadlineState) {
        id = request.id.lowercasedText
        nummer = request.number
        titel = request.title
        omschrijving = request.description
        aanvrager = request.requester.rawValue
        aanvragerNaam = requesterName
        gemeente = request.municipality.rawValue
        gemeenteNaam = municipalityName
        behoeften = request.needs.map(\.rawValue)
        kanaal = request.channel.rawValue
        urgentie = request.urgency.rawValue
        contactvoorkeur = request.preferredContact
        status = request.status.rawValue
        uitkomst = request.outcome?.rawValue
        loket = request.desk.rawValue
        houder = request.holder.rawValue
        behandelaar = request.assignee?.lowercasedText
        ingediendOp = request.createdAt
        bijgewerktOp = request.updatedAt
        eersteReactieOp = request.firstResponseAt
        afgeslotenOp = request.closedAt
        wachtSinds = request.waitingSince
        termijnEersteReactie = request.firstResponseDue
        termijnAfhandeling = request.resolutionDue
        termijnStatus = deadline.rawValue
        vernietigdOp = request.destroyedAt
        versie = request.version
        let path = "\(APIRoutes.base)/hulpvragen/\(request.id.lowercasedText)"
        _links = Links(self: Link(href: path), statuswijzigingen: Link(href: path + "/statuswijzigingen"),
                       berichten: Link(href: path + "/berichten"), activiteiten: Link(href: path + "/activiteiten"))
    }
}

struct StatusChangeDTO: Encodable, Sendable {
    let van: String?
    let naar: String
    let actie: String
    let reden: String?
    let organisatie: String?
    let door: String
    let tijdstip: Date

    init(_ change: StatusChange) {
        van = change.from?.rawValue
        naar = change.to.rawValue
        actie = change.action
        reden = change.reason
        organisatie = change.organisation?.rawValue
        door = change.actor.lowercasedText
        tijdstip = change.at
    }
}

struct MessageDTO: Encodable, Sendable {
    let id: String
    let auteur: String
    let organisatie: String
    let intern: Bool
    let tekst: String
    let tijdstip: Date

    init(_ message: RequestMessage) {
        id = message.id.lowercasedText
        auteur = message.author.lowercasedText
        organisatie = message.authorOrganisation.rawValue
        intern = message.isInternal
        tekst = message.body
        tijdstip = message.createdAt
    }
}

struct ActivityDTO: Encodable, Sendable {
    let id: String
    let soort: String
    let datum: String
    let uren: Double
    let deelnemers: Int
    let toelichting: String
    let auteur: String
    /// The slug of the toolbox offering used, if any.
    let aanbod: String?
    /// The id of the meeting it was, if any.
    let bijeenkomst: String?
    /// The network register's entry introduced: for the unit's callers only (the register is theirs).
    let netwerk: String?

    init(_ activity: RequestActivity, offering: OfferingSlug? = nil, showsNetwork: Bool = false) {
        id = activity.id.lowercasedText
        soort = activity.kind.rawValue
        datum = activity.day
        uren = activity.hours
        deelnemers = activity.participants
        toelichting = activity.note
        auteur = activity.author.lowercasedText
        aanbod = offering?.rawValue
        bijeenkomst = activity.meeting?.lowercasedText
        netwerk = showsNetwork ? activity.network?.lowercasedText : nil
    }
}

struct NeedDTO: Encodable, Sendable {
    let code: String
    let naam: String
    let naamEngels: String
    let termijnEersteReactie: Int
    let termijnAfhandeling: Int
    let actief: Bool

    init(_ need: Need) {
        code = need.code.rawValue
        naam = need.nameNL
        naamEngels = need.nameEN
        termijnEersteReactie = need.firstResponseDays
        termijnAfhandeling = need.resolutionDays
        actief = need.isActive
    }
}

struct FeedbackDTO: Encodable, Sendable {
    let score: Int
    let toelichting: String
    let tijdstip: Date

    init(_ feedback: RequestFeedback) {
        score = feedback.score
        toelichting = feedback.comment
        tijdstip = feedback.createdAt
    }
}

extension SupportRequestDTO: DirectJSONEncodable {
    func writeJSON(to out: inout JSONOut) {
        out.openObject()
        out.member("id", id)
        out.member("nummer", nummer)
        out.member("titel", titel)
        out.member("omschrijving", omschrijving)
        out.member("aanvrager", aanvrager)
        out.member("aanvragerNaam", aanvragerNaam)
        out.member("gemeente", gemeente)
        out.member("gemeenteNaam", gemeenteNaam)
        out.member("behoeften", behoeften)
        out.member("kanaal", kanaal)
        out.member("urgentie", urgentie)
        out.member("contactvoorkeur", contactvoorkeur)
        out.member("status", status)
        out.member("uitkomst", uitkomst)
        out.member("loket", loket)
        out.member("houder", houder)
        out.member("behandelaar", behandelaar)
        out.member("ingediendOp", ingediendOp)
        out.member("bijgewerktOp", bijgewerktOp)
        out.member("eersteReactieOp", eersteReactieOp)
        out.member("afgeslotenOp", afgeslotenOp)
        out.member("wachtSinds", wachtSinds)
        out.member("termijnEersteReactie", termijnEersteReactie)
        out.member("termijnAfhandeling", termijnAfhandeling)
        out.member("termijnStatus", termijnStatus)
        out.member("vernietigdOp", vernietigdOp)
        out.member("versie", versie)
        out.key("_links")
        out.openObject()
        out.member("self", _links.`self`)
        out.member("statuswijzigingen", _links.statuswijzigingen)
        out.member("berichten", _links.berichten)
        out.member("activiteiten", _links.activiteiten)
        out.closeObject()
        out.closeObject()
    }
}
