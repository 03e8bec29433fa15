import ConnectorsHTTP
import Foundation
import PlugboardCore
import X509

/// The `egov-gateway` connector's fields: SmartBridge's sync (and async) channel addresses, the sender id, and the
/// common HTTP options (timeout, TLS). The linked `signing_key` credential signs every message and holds the
/// sender's password (`loginPassword`).
public struct EGovConfiguration: HTTPConnectionConfiguration {
    /// SyncChannel v10's address, such as https://…/bip-sync-wss-gost/.
    public var serviceURL = ""
    /// AsyncChannel v10's address; async calls need it.
    public var asyncURL = ""
    public var senderId = ""
    /// The async channel's messageType that asks for the response to a correlation id.
    public var fetchMessageType = "FETCH"
    /// SmartBridge's own certificate (PEM): when given, every answer must carry its signature over the Body.
    public var gatewayCertificate = ""
    public var connection = HTTPConnectionOptions()

    public init() {}

    public static let fields = FieldList<Self> {
        Field("serviceUrl", \.serviceURL, title: "SyncChannel URL", description: "SmartBridge's synchronous channel (SyncChannel v10).", format: "uri", required: true)
        Field("asyncUrl", \.asyncURL, title: "AsyncChannel URL", description: "SmartBridge's asynchronous channel (AsyncChannel v10), for async calls.", format: "uri")
        Field("senderId", \.senderId, title: "Sender id", description: "The information system's id registered with SmartBridge.", minLength: 1, required: true)
        Field(
            "fetchMessageType", \.fetchMessageType, title: "Fetch message type",
            description: "The AsyncChannel messageType that asks for the response to a correlation id, as the gateway's contract names it.", minLength: 1)
        Field(
            "gatewayCertificate", \.gatewayCertificate, title: "Gateway certificate (PEM)",
            description: "SmartBridge's signing certificate: answers not signed by it over their Body are refused. Empty: answers are not checked.")
        FieldGroup(\.connection)
    }

    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(serviceURL, field: "serviceUrl", what: "The SyncChannel URL")
        if !asyncURL.isEmpty { try HTTPConnectionOptions.checkURL(asyncURL, field: "asyncUrl", what: "The AsyncChannel URL") }
        _ = try gateway()
    }

    /// The gateway's certificate, when one is given.
    func gateway() throws(ConnectorError) -> Certificate? {
        guard !gatewayCertificate.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        do {
            return try Certificate(pemEncoded: gatewayCertificate)
        } catch {
            throw .invalidConfiguration("The gateway certificate is not a PEM certificate.", field: "gatewayCertificate")
        }
    }

    public var pooling: PoolSettings { .shared(16) }
}
