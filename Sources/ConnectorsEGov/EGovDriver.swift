import ConnectorsHTTP
import ConnectorsSigning
import Foundation
import PlugboardCore

/// The `egov-gateway` node: Kazakhstan's eGov SmartBridge (ШЭП): signed SyncChannel v10 calls, AsyncChannel v10
/// sends and fetches by correlation id, and a ready-made person lookup by IIN.
public struct EGovDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "egov-gateway", category: "Government", displayName: "eGov SmartBridge (Kazakhstan)",
        description: """
            Calls government services through SmartBridge (ШЭП): SendMessage on the sync channel with requestInfo in the \
            schema's order and the Body signed by WS-Security (a BinarySecurityToken and an exclusive-C14N signature); \
            async send and fetch by correlation id; a person lookup by IIN. The payload is XML or JSON mapped to XML. \
            SmartBridge's faults and status codes map to error codes with their code and message kept. Link a \
            signing_key credential (RSA or ECDSA; GOST keys cannot be used) with the sender's password as loginPassword.
            """,
        credentialKinds: [.signingKey], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<EGovSession>] { [Self.sendMessage, Self.sendAsync, Self.fetchAsync, Self.personByIIN] }

    public func openSession(_ configuration: EGovConfiguration, context: SessionContext) async throws -> EGovSession {
        try EGovSession(
            configuration: configuration, credential: context.credential,
            transport: try await context.network.makeHTTPClient(configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: 16)))
    }

    /// Shows who signs; sends nothing (a message to SmartBridge is a real call to a government service).
    public func test(_ session: EGovSession, context: CallContext) async throws -> JSONValue {
        ["senderId": .string(session.configuration.senderId), "signer": CertificateFacts(session.key.certificate).json]
    }

    static let answer = Schema.object(["info": Schema.object([:], additionalProperties: true), "data": Schema.object([:], additionalProperties: true), "xml": Schema.string()], additionalProperties: true)
    static let calls = ActionAnnotations(readOnly: false, destructive: false, idempotent: false)

    static let sendMessage = ConnectorAction<EGovSession>(
        name: "send_message", title: "Call a service (sync)",
        description: "SendMessage on the sync channel to a service by id, with the payload as XML or JSON; returns responseInfo and the data.",
        annotations: calls, input: EGovCallInput.self, outputSchema: answer
    ) { session, input, context in
        try await session.send(
            .sync, info: session.info(serviceID: input.serviceId, sessionID: input.sessionId), data: try input.data(), context: context)
    }

    static let sendAsync = ConnectorAction<EGovSession>(
        name: "send_async", title: "Send to a service (async)",
        description: "SendMessage on the async channel; returns the message id and correlation id to fetch the response by.",
        annotations: calls, input: EGovCallInput.self,
        outputSchema: Schema.object(["messageId": Schema.string(), "correlationId": Schema.string(), "info": Schema.object([:], additionalProperties: true)])
    ) { session, input, context in
        let info = session.info(serviceID: input.serviceId, correlationID: UUID().uuidString.lowercased(), messageType: "REQUEST", sessionID: input.sessionId)
        let sent = try await session.send(.async, info: info, data: try input.data(), context: context)
        return ["messageId": .string(info.messageID), "correlationId": .string(info.correlationID ?? ""), "info": sent["info"] ?? .null]
    }

    static let fetchAsync = ConnectorAction<EGovSession>(
        name: "fetch_async", title: "Fetch an async response",
        description: "The response to an async message by its correlation id; not_found while the service has not answered yet.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: EGovFetchInput.self, outputSchema: answer
    ) { session, input, context in
        let info = session.info(serviceID: input.serviceId, correlationID: input.correlationId, messageType: session.configuration.fetchMessageType)
        return try await session.send(.async, info: info, data: XMLTreeElement(XMLName(nil, "data")), context: context)
    }

    static let personByIIN = ConnectorAction<EGovSession>(
        name: "person_by_iin", title: "Find a person by IIN",
        description: "The state database of individuals (GBDFL) through SmartBridge: a person's record by IIN (its check digit verified first).",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: EGovPersonInput.self, outputSchema: answer
    ) { session, input, context in
        let iin = try IIN.check(input.iin)
        let data = try EGovPayload.data(xml: nil, json: ["iin": .string(iin)], type: "PersonRequest", typeNamespace: input.typeNamespace)
        return try await session.send(.sync, info: session.info(serviceID: input.serviceId), data: data, context: context)
    }
}
