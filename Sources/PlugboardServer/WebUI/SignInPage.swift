import ConnectorsHTTP
import HTTPTypes
import Hummingbird
import PlugboardCore

/// The page `/oauth2/callback` shows in the window the provider sent back: who signed in, or why not. It
/// carries the UI's stylesheet and security headers, no script, and no referrer (its URL held the code).
enum SignInPage {
    static func connected(credential: String, signedInAs: String?) -> Response {
        let who = signedInAs.map { "as <strong id=\"signed-in-as\">\(escape($0))</strong>" } ?? "(the provider did not say who)"
        return page(
            status: .ok, title: "Connected", outcome: "connected",
            body: "<p>The credential <strong id=\"credential-name\">\(escape(credential))</strong> is signed in \(who).</p>"
                + "<p class=\"muted\">You can close this window; Plugboard refreshes the token from now on.</p>")
    }

    static func refused(_ error: ConnectorError) -> Response {
        page(
            status: error.status, title: "Not connected", outcome: "refused",
            body: "<p id=\"sign-in-error\" data-code=\"\(escape(error.code.rawValue))\">\(escape(error.message))</p>"
                + "<p class=\"error-fix\">\(escape(error.fix))</p>")
    }

    private static func page(status: HTTPResponse.Status, title: String, outcome: String, body: String) -> Response {
        let html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Plugboard</title><link rel="icon" href="/ui/icon.svg" type="image/svg+xml"><link rel="stylesheet" href="/ui/app.css"></head>
            <body><main class="sign-in-result" id="sign-in-result" data-outcome="\(outcome)"><h1>\(title)</h1>\(body)</main></body></html>
            """
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: WebUIController.contentSecurityPolicy, .xContentTypeOptions: "nosniff",
        ]
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// Text for the page, markup and quotes escaped (the XML writer's escaping serves HTML too).
    static func escape(_ text: String) -> String { XMLTreeWriter.escapeAttribute(text) }
}
