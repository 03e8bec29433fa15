import PlugboardCore

/// The `smtp` node: sends mail through any SMTP server, with STARTTLS or TLS and a login, writing MIME itself.
public struct SMTPDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "smtp", category: "Email and messaging", displayName: "SMTP",
        description: """
            Send email through any SMTP server: STARTTLS or TLS, login with PLAIN, LOGIN or CRAM-MD5 from the linked \
            credential. Messages have UTF-8 names and subjects, a text body, an HTML body or both, attachments and inline \
            images, and extra headers; the MIME is written here. Recipients the server refuses are reported with its \
            reply; connections stay open and are reused.
            """,
        credentialKinds: [.usernamePassword], credentialRequired: false)

    public init() {}

    public var actions: [ConnectorAction<SMTPSession>] { [Self.sendAction] }

    public func openSession(_ configuration: SMTPConfiguration, context: SessionContext) async throws -> SMTPSession {
        try await SMTPSession.open(configuration, context: context)
    }

    /// Opening the session said EHLO, upgraded and logged in; NOOP proves the connection answers. No mail is sent.
    public func test(_ session: SMTPSession, context: CallContext) async throws -> JSONValue {
        try await session.ping(until: min(.now + session.configuration.timeout, context.deadline))
        return session.summary
    }

    static let sendAction = ConnectorAction<SMTPSession>(
        name: "send", title: "Send an email",
        description: """
            Sends one message to its to, cc and bcc recipients. Returns the Message-ID, the recipients the server \
            accepted, and those it refused with its reply code and text; when it refuses every recipient nothing is sent \
            and the call fails. A line break in the subject, an address or a header is refused before anything is sent.
            """,
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: EmailInput.self,
        outputSchema: Schema.object(
            [
                "messageId": Schema.string(description: "The Message-ID header, angle brackets included."),
                "accepted": Schema.array(Schema.string(), description: "Recipients the server accepted."),
                "refused": Schema.array(
                    Schema.object(["address": Schema.string(), "code": Schema.integer(), "message": Schema.string()]),
                    description: "Recipients the server refused, with its reply."),
            ], required: ["messageId", "accepted", "refused"])
    ) { session, input, context in
        let message = try input.message(defaultFrom: session.configuration.defaultFrom)
        let (bytes, messageID) = try MIMEWriter().write(message)
        let (accepted, refused) = try await session.send(message, bytes: bytes, context: context)
        return ["messageId": .string(messageID), "accepted": .array(accepted.map(JSONValue.string)), "refused": .array(refused)]
    }
}
