import Foundation
import Hummingbird
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// Two-step verification (TOTP): switching it on and off on *Mijn account*, and the
/// second step of signing in (`/inloggen/code`), with one-time recovery codes.
struct TwoStepPages {
    let renderer: PageRenderer
    let enrolment: TwoStepEnrolment
    let signIn: SignInService

    struct SetupModel {
        let enabled: Bool
        /// The user's role requires it and it is not on yet: nothing else works until it is.
        let required: Bool
        let qrSVG: String
        let key: String
        let remainingCodes: String
        let recoveryCodes: [String]
        let hasRecoveryCodes: Bool
        let errors: FormErrors
    }

    struct CodeModel {
        let returnTo: String
        let errors: FormErrors
    }

    func register(on router: Router<AppContext>) {
        router.get("mijn-account/tweestaps", use: setup)
        router.post("mijn-account/tweestaps", use: confirm)
        router.post("mijn-account/tweestaps/uitzetten", use: disable)
        router.get("inloggen/code", use: codeForm)
        router.post("inloggen/code", use: verify)
    }

    // MARK: Enrolment

    @Sendable func setup(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        return try await render(user: user, status: try await enrolment.status(for: user), request: request, context: context)
    }

    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        let token = request.cookies[IdentityMiddleware.sessionCookie]?.value
        switch try await enrolment.confirm(code: form.value("code") ?? "", sessionToken: token, actor: context.actor) {
        case .unchanged:
            return .redirect(to: "/mijn-account/tweestaps", type: .normal)
        case .invalidCode(let status):
            return try await render(user: user, status: status, errors: [FieldError(field: "code", code: "invalid_code")],
                                    request: request, context: context, httpStatus: .badRequest)
        case .confirmed(let status, let codes):
            // The recovery codes are shown on this answer only.
            return try await render(user: user, status: status, recoveryCodes: codes, request: request, context: context, httpStatus: .created)
        }
    }

    @Sendable func disable(_ request: Request, context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        var request = request
        let form = try await request.form(context)
        switch try await enrolment.disable(code: form.value("code") ?? "", actor: context.actor) {
        case .unchanged:
            return .redirect(to: "/mijn-account/tweestaps", type: .normal)
        case .invalidCode(let status):
            return try await render(user: user, status: status, errors: [FieldError(field: "code", code: "invalid_code")],
                                    request: request, context: context, httpStatus: .badRequest)
        case .disabled:
            return .redirect(to: "/mijn-account", type: .normal)
        }
    }

    private func render(user: User, status: MFAStatus, recoveryCodes: [String] = [], errors: [FieldError] = [],
                        request: Request, context: AppContext, httpStatus: HTTPResponse.Status = .ok) async throws -> Response {
        let t = renderer.catalogue(context.language)
        let svg = status.isEnabled ? "" : try QRCode(text: TOTPVerifier.enrolmentURI(secret: status.secret, account: user.email))
            .svg(title: t.text("mfa_qr_alt"))
        let model = SetupModel(
            enabled: status.isEnabled, required: !status.isEnabled && context.twoStep.isRequired(for: user.role), qrSVG: svg, key: status.isEnabled ? "" : TOTPVerifier.displayKey(secret: status.secret),
            remainingCodes: t.text("mfa_codes_left", ["count": String(try await enrolment.remainingRecoveryCodes(for: user))]),
            recoveryCodes: recoveryCodes, hasRecoveryCodes: !recoveryCodes.isEmpty,
            errors: FormErrors(errors, t))
        return try renderer.render("two-step", page: model, title: t.text("mfa_title"), request: request, context: context, status: httpStatus)
    }

    // MARK: The second step of signing in

    @Sendable func codeForm(_ request: Request, context: AppContext) async throws -> Response {
        guard context.pendingSession != nil else { return .redirect(to: "/inloggen", type: .found) }
        let back = ReturnPath.safe(request.uri.queryParameters["terug"].map(String.init))
        return try renderCode(CodeModel(returnTo: back, errors: .none), request: request, context: context)
    }

    @Sendable func verify(_ request: Request, context: AppContext) async throws -> Response {
        guard let pending = context.pendingSession, let token = request.cookies[IdentityMiddleware.sessionCookie]?.value else {
            return .redirect(to: "/inloggen", type: .found)
        }
        var request = request
        let form = try await request.form(context)
        let back = ReturnPath.safe(form.value("terug"))
        switch try await signIn.completeSecondStep(sessionToken: token, user: pending.user, code: form.value("code") ?? "", origin: context.origin) {
        case .locked:
            return .redirect(to: "/inloggen", type: .normal)
        case .rejected:
            let t = renderer.catalogue(context.language)
            let model = CodeModel(returnTo: back, errors: FormErrors([FieldError(field: "code", code: "invalid_code")], t))
            return try renderCode(model, request: request, context: context, status: .unauthorized)
        case .accepted:
            return .redirect(to: back, type: .normal)
        }
    }

    private func renderCode(_ model: CodeModel, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        try renderer.render("sign-in-code", page: model, title: renderer.catalogue(context.language).text("mfa_code_title"),
                            request: request, context: context, status: status)
    }
}
