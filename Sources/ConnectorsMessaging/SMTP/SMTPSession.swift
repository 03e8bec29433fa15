import PlugboardCore
import Synchronization

/// One open SMTP connection, greeted, secured and logged in; lent to one execution at a time and reused with
/// RSET. A connection the server closed while idle is opened again before the next message.
public final class SMTPSession: ConnectorSession {
    let configuration: SMTPConfiguration
    private let network: any NetworkAccess
    private let login: (user: String, password: String)?
    private let state: Mutex<State>

    struct State {
        var connection: SMTPConnection
        var capabilities: SMTPCapabilities
        var greeting: String
        /// The mechanism used to log in, if any.
        var mechanism: String?
        /// A message went through this connection, so the next begins with RSET.
        var used = false
    }

    private init(configuration: SMTPConfiguration, network: any NetworkAccess, login: (String, String)?, state: State) {
        self.configuration = configuration
        self.network = network
        self.login = login
        self.state = Mutex(state)
    }

    /// Connects, reads the greeting, says EHLO, upgrades with STARTTLS when asked, and logs in.
    static func open(_ configuration: SMTPConfiguration, context: SessionContext) async throws -> SMTPSession {
        var login: (String, String)?
        if let credential = context.credential {
            guard credential.kind == .usernamePassword else {
                throw ConnectorError.invalidConfiguration("An SMTP connector logs in with a username and password credential.", field: "credential")
            }
            login = (credential["username"] ?? "", credential["password"] ?? "")
        }
        let state = try await Self.connect(configuration, network: context.network, login: login, deadline: context.deadline)
        return SMTPSession(configuration: configuration, network: context.network, login: login, state: state)
    }

    public func close() async {
        let connection = state.withLock { $0.connection }
        _ = try? await connection.command("QUIT", until: .now + .seconds(2))
        await connection.close()
    }

    /// What the connection test reports.
    var summary: JSONValue {
        state.withLock { state in
            [
                "greeting": .string(state.greeting), "encryption": .string(configuration.encryption.rawValue),
                "authentication": state.mechanism.map(JSONValue.string) ?? .null,
                "smtpUtf8": .bool(state.capabilities.smtpUTF8), "maximumSize": state.capabilities.maximumSize.map { .integer(Int64($0)) } ?? .null,
            ]
        }
    }

    /// NOOP: the connection answers.
    func ping(until deadline: ContinuousClock.Instant) async throws(ConnectorError) {
        let connection = state.withLock { $0.connection }
        let reply = try await connection.command("NOOP", until: deadline)
        guard reply.code == 250 else { throw SMTPFailure.error(reply, during: "NOOP", server: connection.server) }
    }

    /// Sends one message: MAIL FROM, RCPT TO for each recipient, DATA. Recipients the server refuses are reported;
    /// when it refuses all of them nothing is sent and that is an error.
    func send(_ message: EmailMessage, bytes: [UInt8], context: CallContext) async throws(ConnectorError) -> (accepted: [String], refused: [JSONValue]) {
        let current = try await ready(context: context)
        do {
            return try await transaction(message, bytes: bytes, on: current, context: context)
        } catch {
            // Without a reply (a timeout, a dropped or cancelled connection) the conversation is in an unknown place,
            // perhaps inside DATA: the connection is closed, and the next message opens another.
            if [.timedOut, .cancelled, .connectionRefused].contains(error.code) { await current.connection.close() }
            throw error
        }
    }

    private func transaction(
        _ message: EmailMessage, bytes: [UInt8], on current: State, context: CallContext
    ) async throws(ConnectorError) -> (accepted: [String], refused: [JSONValue]) {
        let deadline = { ContinuousClock.now + self.configuration.timeout }
        let connection = current.connection
        let capabilities = current.capabilities
        var parameters = ""
        if message.recipients.contains(where: \.needsUTF8) || message.from.needsUTF8 {
            guard capabilities.smtpUTF8 else {
                throw ConnectorError.invalidInput("\(connection.server) does not take addresses that are not ASCII (no SMTPUTF8).", field: "to")
            }
            parameters += " SMTPUTF8"
        }
        if capabilities.eightBitMIME { parameters += " BODY=8BITMIME" }
        if let maximum = capabilities.maximumSize {
            guard bytes.count <= maximum else {
                throw ConnectorError(.payloadTooLarge, message: "The message is \(bytes.count) bytes; \(connection.server) takes at most \(maximum).")
            }
            parameters += " SIZE=\(bytes.count)"
        }
        state.withLock { $0.used = true }
        let mail = try await connection.command("MAIL FROM:<\(message.from.address)>\(parameters)", until: min(deadline(), context.deadline))
        guard mail.code == 250 else { throw SMTPFailure.error(mail, during: "MAIL FROM", server: connection.server) }
        var accepted: [String] = []
        var refused: [JSONValue] = []
        var firstRefusal: SMTPReply?
        for recipient in message.recipients {
            let reply = try await connection.command("RCPT TO:<\(recipient.address)>", until: min(deadline(), context.deadline))
            if reply.code == 250 || reply.code == 251 {
                accepted.append(recipient.address)
            } else {
                firstRefusal = firstRefusal ?? reply
                refused.append(["address": .string(recipient.address), "code": .integer(Int64(reply.code)), "message": .string(reply.text)])
            }
        }
        guard !accepted.isEmpty else {
            var error = SMTPFailure.error(firstRefusal ?? SMTPReply(code: 554, lines: []), during: "RCPT TO", server: connection.server)
            error.message = "\(connection.server) refused every recipient: \(error.message)"
            error.details = ["refused": .array(refused)]
            throw error
        }
        let data = try await connection.command("DATA", until: min(deadline(), context.deadline))
        guard data.code == 354 else { throw SMTPFailure.error(data, during: "DATA", server: connection.server) }
        try await connection.send(SMTPData.payload(bytes))
        let done = try await connection.reply(until: min(deadline(), context.deadline))
        guard done.code == 250 else { throw SMTPFailure.error(done, during: "the message", server: connection.server) }
        return (accepted, refused)
    }

    /// The connection, reset after an earlier message, or opened again when the server closed it.
    private func ready(context: CallContext) async throws(ConnectorError) -> State {
        let current = state.withLock { $0 }
        if current.connection.isActive {
            guard current.used else { return current }
            if let reply = try? await current.connection.command("RSET", until: min(.now + configuration.timeout, context.deadline)), reply.code == 250 {
                return current
            }
            await current.connection.close()
        }
        let fresh: State
        do {
            fresh = try await Self.connect(configuration, network: network, login: login, deadline: context.deadline)
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.connectionRefused, message: "The SMTP server at \(configuration.endpoint.endpoint) could not be reached.")
        }
        state.withLock { $0 = fresh }
        return fresh
    }

    /// Opens a connection and takes it to the point where MAIL FROM may be sent.
    private static func connect(
        _ configuration: SMTPConfiguration, network: any NetworkAccess, login: (user: String, password: String)?, deadline: ContinuousClock.Instant
    ) async throws -> State {
        let endpoint = configuration.endpoint
        let connection = try await SMTPConnection.open(endpoint, network: network)
        do {
            let replyDeadline = { min(ContinuousClock.now + configuration.timeout, deadline) }
            let greeting = try await connection.reply(until: replyDeadline())
            guard greeting.code == 220 else { throw SMTPFailure.error(greeting, during: "the greeting", server: connection.server) }
            var capabilities = try await ehlo(connection, configuration, until: replyDeadline())
            if configuration.encryption == .starttls {
                guard capabilities.startTLS else {
                    throw ConnectorError(
                        .tlsCertificate, message: "\(connection.server) does not offer STARTTLS.",
                        fix: "Set encryption to tls (port 465) if the server speaks TLS from the start, or none for a server that has no TLS.")
                }
                let reply = try await connection.command("STARTTLS", until: replyDeadline())
                guard reply.code == 220 else { throw SMTPFailure.error(reply, during: "STARTTLS", server: connection.server) }
                try await network.startTLS(on: connection.channel, configuration.tls, to: endpoint)
                capabilities = try await ehlo(connection, configuration, until: replyDeadline())
            }
            var mechanism: String?
            if let login {
                mechanism = try await authenticate(connection, login: login, capabilities: capabilities, configuration: configuration, until: replyDeadline)
            }
            return State(connection: connection, capabilities: capabilities, greeting: greeting.text, mechanism: mechanism)
        } catch {
            await connection.close()
            throw error
        }
    }

    private static func ehlo(_ connection: SMTPConnection, _ configuration: SMTPConfiguration, until deadline: ContinuousClock.Instant) async throws(ConnectorError) -> SMTPCapabilities {
        let reply = try await connection.command("EHLO \(configuration.ehloName)", until: deadline)
        guard reply.code == 250 else { throw SMTPFailure.error(reply, during: "EHLO", server: connection.server) }
        return SMTPCapabilities(ehlo: reply)
    }

    /// Logs in with the mechanism asked for, or the best offered; returns its name.
    private static func authenticate(
        _ connection: SMTPConnection, login: (user: String, password: String), capabilities: SMTPCapabilities, configuration: SMTPConfiguration,
        until deadline: () -> ContinuousClock.Instant
    ) async throws(ConnectorError) -> String? {
        let secure = configuration.encryption != .none
        let mechanism: String
        switch configuration.authentication {
        case .none: return nil
        case .plain: mechanism = "PLAIN"
        case .login: mechanism = "LOGIN"
        case .cramMD5: mechanism = "CRAM-MD5"
        case .auto:
            let usable = SMTPAuthentication.preference.filter { capabilities.authMechanisms.contains($0) && (secure || $0 == "CRAM-MD5") }
            guard let best = usable.first else {
                throw ConnectorError(
                    .authenticationFailed, message: "\(connection.server) offers no way to log in that this connector may use (it offers: \(capabilities.authMechanisms.sorted().joined(separator: ", ")); PLAIN and LOGIN need TLS).",
                    fix: "Use encryption starttls or tls, or unlink the credential if the server needs no login.")
            }
            mechanism = best
        }
        if mechanism != "CRAM-MD5", !secure {
            throw ConnectorError.invalidConfiguration("\(mechanism) would send the password in clear; use encryption starttls or tls.", field: "authentication")
        }
        let reply: SMTPReply
        switch mechanism {
        case "PLAIN":
            reply = try await connection.command(SMTPAuthentication.plain(user: login.user, password: login.password), until: deadline())
        case "LOGIN":
            var answer = try await connection.command("AUTH LOGIN", until: deadline())
            for line in SMTPAuthentication.login(user: login.user, password: login.password) where answer.code == 334 {
                answer = try await connection.command(line, until: deadline())
            }
            reply = answer
        default:
            let challenge = try await connection.command("AUTH CRAM-MD5", until: deadline())
            guard challenge.code == 334 else { throw SMTPFailure.error(challenge, during: "AUTH CRAM-MD5", server: connection.server) }
            let answer = try SMTPAuthentication.cramMD5(user: login.user, password: login.password, challenge: challenge.text)
            reply = try await connection.command(answer, until: deadline())
        }
        guard reply.code == 235 else { throw SMTPFailure.error(reply, during: "AUTH \(mechanism)", server: connection.server) }
        return mechanism
    }
}
