import Hummingbird
import PlugboardCore
import PlugboardStore

/// OAuth2 sign-in (authorization code with PKCE): `…/credentials/{credential}/connect` starts it and answers with
/// the provider's consent URL; the provider sends the browser back to `/oauth2/callback`, which finishes it.
struct SignInController {
    let instance: PlugboardInstance
    static let callbackPath = "/oauth2/callback"

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .post, path: CredentialsController.base + "/{credential}/connect", operationID: "connectCredential",
                summary: "Start signing an OAuth2 credential in: the provider's consent URL to open, valid for 10 minutes", tag: "Credentials",
                responseSchema: APISchemas.ref("SignIn")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "sign credentials in")
                let reference = try context.parameter("credential")
                guard let record = try await instance.store.credential(applicationID: application.id, reference) else {
                    throw ConnectorError.notFound("credential", reference)
                }
                let signIn = try await instance.runtime.vault.startSignIn(
                    record, callbackURL: instance.publicURL(for: request) + Self.callbackPath, startedBy: try context.requirePrincipal().name,
                    logger: instance.logger)
                return .json([
                    "authorizationUrl": .string(signIn.authorizationURL), "redirectUri": .string(signIn.redirectURI),
                    "expiresAt": .string(ISO8601.string(from: signIn.expiresAt)),
                ])
            },
            APIRoute(
                method: .get, path: Self.callbackPath, operationID: "finishSignIn",
                summary: "Where the provider sends the browser back (code and state, or error): a page saying who signed in, or why not",
                tag: "Credentials", authenticated: false, query: [
                    .query("code", "The authorization code."), .query("state", "The state Plugboard sent with the sign-in."),
                    .query("error", "The provider's error, when it did not sign in."), .query("error_description", "The provider's explanation."),
                ],
                responseContentType: "text/html", errorResponse: SignInPage.refused
            ) { request, _ in
                let (credential, signedInAs) = try await instance.runtime.vault.finishSignIn(
                    state: request.stringQuery("state"), code: request.stringQuery("code"), error: request.stringQuery("error"),
                    errorDescription: request.stringQuery("error_description"), logger: instance.logger)
                return SignInPage.connected(credential: credential.name, signedInAs: signedInAs)
            },
        ]
    }
}
