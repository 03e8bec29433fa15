import Foundation
import PlugboardCore

/// The `openapi` connector's fields, decoded once from the options a user saved.
///
/// An inline document is loaded here, so a document the node cannot use is refused when the connector is saved;
/// a document URL is fetched and checked by `OpenAPIDriver.check` before saving.
public struct OpenAPIConfiguration: HTTPConnectionConfiguration {
    /// Where the document is fetched from, when it is not inline.
    public var documentURL: String?
    /// The inline document as given: JSON or YAML text, or a JSON object.
    public var document: JSONValue?
    /// Which of the document's servers requests go to.
    public var serverIndex = 0
    /// A server URL that replaces the document's servers.
    public var serverURL: String?
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection = HTTPConnectionOptions()
    /// Attempts after the first for idempotent operations that failed in a retryable way.
    public var retries = 2

    /// The options at their defaults.
    public init() {}

    /// The connection fields users fill in: the schema, the decoder and the defaults in one declaration.
    public static let fields = FieldList<Self> {
        Field(
            "documentUrl", \.documentURL, title: "Document URL",
            description: "Where the OpenAPI 3.0 or 3.1 document (JSON or YAML) is served. Give this or the document.", format: "uri")
        Field(
            "document", \.document, title: "Document",
            description: "The OpenAPI 3.0 or 3.1 document itself, as JSON or YAML text (or a JSON object). Give this or the document URL.")
            .restricted(to: ["string", "object"])
        Field(
            "serverIndex", \.serverIndex, title: "Server",
            description: "Which of the document's servers to call, counting from 0. Variables take their defaults.", minimum: 0, maximum: 1000)
        Field(
            "serverUrl", \.serverURL, title: "Custom server URL",
            description: "Call this URL instead of the document's servers, such as a staging host.", format: "uri")
        FieldGroup(\.connection).describing("timeout", as: "How long one attempt may take, connecting included.")
        HTTPRetryPolicy.retriesField(\.retries)
    }

    /// Needs exactly one of the document URL and the document; loads an inline document and refuses one the node
    /// cannot use, so it is refused when the connector is saved.
    public func validate() throws(ConnectorError) {
        switch (documentURL, document) {
        case (nil, nil):
            throw .invalidConfiguration("Give the OpenAPI document's URL (documentUrl) or the document itself (document).", field: "documentUrl")
        case (.some, .some):
            throw .invalidConfiguration("Give either documentUrl or document, not both.", field: "document")
        default: break
        }
        if let documentURL {
            try HTTPConnectionOptions.checkURL(documentURL, field: "documentUrl", what: "The document URL", allowsFragment: true)
        }
        if let serverURL { try HTTPConnectionOptions.checkURL(serverURL, field: "serverUrl", what: "The server URL", allowsFragment: true) }
        if let spec = try inlineSpec() { _ = try baseURL(for: spec) }
    }

    /// The inline document, loaded; nil when the document is given by URL.
    func inlineSpec() throws(ConnectorError) -> OpenAPISpec? {
        guard let document else { return nil }
        return try OpenAPISpecLoader.load(document.stringValue ?? document.jsonString(), field: "document", source: "the inline document")
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
