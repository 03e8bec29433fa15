import Foundation
import PlugboardCore

/// The `openapi` connector's fields, decoded once from the options a user saved.
///
/// An inline document is loaded here, so a document the node cannot use is refused when the connector is saved;
/// a document URL is fetched and checked by `OpenAPIDriver.check` before saving.
public struct OpenAPIConfiguration: HTTPConnectionConfiguration {
    /// Where the document is fetched from, when it is not inline.
    public var documentURL: String?
    /// The inline document, already loaded.
    var inlineSpec: OpenAPISpec?
    /// Which of the document's servers requests go to.
    public var serverIndex: Int
    /// A server URL that replaces the document's servers.
    public var serverURL: String?
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection: HTTPConnectionOptions
    /// Attempts after the first for idempotent operations that failed in a retryable way.
    public var retries: Int

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = HTTPConnectionOptions.schema(
        [
            "documentUrl": Schema.string(
                title: "Document URL", description: "Where the OpenAPI 3.0 or 3.1 document (JSON or YAML) is served. Give this or the document.",
                format: "uri"),
            "document": [
                "type": ["string", "object"], "title": "Document",
                "description": "The OpenAPI 3.0 or 3.1 document itself, as JSON or YAML text (or a JSON object). Give this or the document URL.",
            ],
            "serverIndex": Schema.integer(
                title: "Server", description: "Which of the document's servers to call, counting from 0. Variables take their defaults.",
                default: 0, minimum: 0, maximum: 1000),
            "serverUrl": Schema.string(
                title: "Custom server URL", description: "Call this URL instead of the document's servers, such as a staging host.",
                format: "uri"),
        ], trailing: ["retries": HTTPRetryPolicy.retriesSchema], timeout: "How long one attempt may take, connecting included.")

    /// Decodes validated options; loads an inline document and refuses one the node cannot use.
    public init(options: OptionsReader) throws(ConnectorError) {
        let url = options.string("documentUrl")
        let inline = options.value("document")
        switch (url, inline) {
        case (nil, nil):
            throw .invalidConfiguration("Give the OpenAPI document's URL (documentUrl) or the document itself (document).", field: "documentUrl")
        case (.some, .some):
            throw .invalidConfiguration("Give either documentUrl or document, not both.", field: "document")
        default: break
        }
        if let url { try HTTPConnectionOptions.checkURL(url, field: "documentUrl", what: "The document URL", allowsFragment: true) }
        documentURL = url
        serverIndex = options.integer("serverIndex") ?? 0
        serverURL = options.string("serverUrl")
        if let serverURL { try HTTPConnectionOptions.checkURL(serverURL, field: "serverUrl", what: "The server URL", allowsFragment: true) }
        connection = try HTTPConnectionOptions(options: options)
        retries = options.integer("retries") ?? 2
        if let inline {
            let text = inline.stringValue ?? inline.jsonString()
            let spec = try OpenAPISpecLoader.load(text, field: "document", source: "the inline document")
            _ = try baseURL(for: spec)
            inlineSpec = spec
        }
    }

    /// The URL requests go to for `spec`: the custom server URL, or the chosen server resolved against the document URL.
    ///
    /// Throws `invalid_configuration` when the index is out of range or no absolute http(s) server can be had.
    func baseURL(for spec: OpenAPISpec) throws(ConnectorError) -> String {
        var chosen: String
        if let serverURL {
            chosen = OpenAPIServer.expand(serverURL, with: spec.servers.first?.variables ?? [])
        } else {
            let servers = spec.servers.isEmpty ? [OpenAPIServer(url: "/")] : spec.servers
            guard servers.indices.contains(serverIndex) else {
                throw .invalidConfiguration(
                    "The document lists \(servers.count) server\(servers.count == 1 ? "" : "s"); server \(serverIndex) does not exist (count from 0).",
                    field: "serverIndex")
            }
            chosen = servers[serverIndex].url
            if URL(string: chosen)?.scheme == nil {
                guard let documentURL, let base = URL(string: documentURL), let resolved = URL(string: chosen, relativeTo: base) else {
                    throw OpenAPISpecLoader.refusal(
                        "The document has no usable server: '\(chosen)' is relative and the document was given inline, so there is nothing to resolve it against.",
                        field: "serverUrl", fix: "Set serverUrl to the API's address, or give the document by URL.")
                }
                chosen = resolved.absoluteString
            }
        }
        guard let url = URL(string: chosen), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw OpenAPISpecLoader.refusal(
                "The document has no usable server: '\(chosen)' is not an absolute http or https URL.", field: "serverUrl",
                fix: "Set serverUrl to the API's http or https address, or choose another server with serverIndex.")
        }
        while chosen.hasSuffix("/") { chosen.removeLast() }
        return chosen
    }

    /// One shared session serves many executions at once.
    public var pooling: PoolSettings { .shared(64) }

    /// The transport options these fields ask for.
    func clientOptions(clientCertificate: Credential?) -> HTTPClientOptions {
        connection.clientOptions(maxRedirects: 5, maxConnectionsPerHost: 64, clientCertificate: clientCertificate)
    }

    /// The retry policy these fields ask for.
    var retryPolicy: HTTPRetryPolicy { HTTPRetryPolicy(retries: retries, baseDelay: .milliseconds(500)) }
}
