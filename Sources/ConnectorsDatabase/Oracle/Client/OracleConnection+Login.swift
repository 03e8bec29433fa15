import Foundation
import NIOCore
import PlugboardCore

/// Opening a session: the TNS connect (following redirects, reporting refusals), the protocol and data types
/// messages, and the two phases of O5LOGON.
extension OracleConnection {
    struct Login: Sendable {
        var descriptor: OracleDescriptor
        var user: String
        var password: String
        var tls: TLSOptions?
        var connectTimeout: Duration
    }

    static let maximumRedirects = 5

    /// A logged-in connection through `network`, or a `ConnectorError` saying what stopped it.
    static func open(_ login: Login, network: any NetworkAccess) async throws -> OracleConnection {
        var address = (host: login.descriptor.host, port: login.descriptor.port)
        var descriptorText = login.descriptor.text(user: login.user)
        var redirected = false
        let failure = OracleFailure(endpoint: TCPConnectOptions(host: address.host, port: address.port).endpoint, target: login.descriptor.targetDescription)
        for _ in 0...maximumRedirects {
            let options = TCPConnectOptions(host: address.host, port: address.port, connectTimeout: login.connectTimeout, tls: login.tls)
            let channel = try await network.connectTCP(options)
            let framing = TNSFraming()
            let inbox = TNSPacketInbox()
            do {
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandlers(ByteToMessageHandler(TNSFrameDecoder(framing: framing)), inbox)
                }.get()
                let connection = OracleConnection(
                    channel: channel, inbox: inbox, framing: framing, capabilities: OracleCapabilities(), endpoint: options.endpoint)
                switch try await connection.negotiate(descriptor: descriptorText, redirected: redirected, failure: failure) {
                case .accepted:
                    try await connection.handshake()
                    try await connection.authenticate(user: login.user, password: login.password, connectString: descriptorText, failure: failure)
                    return connection
                case .redirect(let target):
                    try? await channel.close()
                    address = (target.host, target.port)
                    descriptorText = target.descriptor
                    redirected = true
                }
            } catch {
                try? await channel.close()
                throw failure.map(error)
            }
        }
        throw ConnectorError(
            .connectionRefused, message: "The listener at \(failure.endpoint) redirected the connection more than \(maximumRedirects) times.",
            cause: "The listeners send the client back and forth.", fix: "Check the listener configuration (REMOTE_LISTENER, service registration).")
    }

    private enum Negotiation {
        case accepted
        case redirect(TNSConnect.Redirect)
    }

    /// Sends CONNECT and reads the listener's answer.
    private func negotiate(descriptor: String, redirected: Bool, failure: OracleFailure) async throws -> Negotiation {
        let packets = TNSConnect.packets(descriptor: descriptor, sdu: capabilities.sdu, redirected: redirected)
        for packet in packets { try await write(packet) }
        while true {
            let packet = try await inbox.next()
            switch packet.kind {
            case .accept:
                let accept = try TNSConnect.Accept(payload: packet.payload)
                guard accept.protocolVersion >= TNSConnect.versionMinimumAccepted else {
                    throw ConnectorError(
                        .unsupported, message: "The server at \(endpoint) speaks TNS protocol \(accept.protocolVersion); Oracle Database 12.1 or later is needed.",
                        fix: "Connect to Oracle Database 12.1 or later.")
                }
                if accept.requiresNativeEncryption {
                    throw ConnectorError(
                        .unsupported, message: "The server at \(endpoint) requires Oracle Native Network Encryption, which thin clients do not support.",
                        cause: "SQLNET.ENCRYPTION_SERVER or SQLNET.CRYPTO_CHECKSUM_SERVER is REQUIRED on the server.",
                        fix: "Connect with TCPS (TLS) instead: turn on TCPS for this connector and point it at the listener's TCPS port, or set the server's encryption to ACCEPTED.")
                }
                capabilities.protocolVersion = accept.protocolVersion
                capabilities.sdu = accept.sdu
                if accept.protocolVersion >= TNSConnect.versionMinimumLargeSDU { framing.useLargeLength() }
                explicitEndOfResponse = accept.supportsEndOfResponse
                if explicitEndOfResponse { capabilities.compile[OracleCapabilities.Compile.ttc4] |= 0x20 }
                return .accepted
            case .refuse:
                let refusal = TNSConnect.refusalCode(payload: packet.payload)
                throw failure.refused(code: refusal.code, text: refusal.text)
            case .redirect:
                var reader = TTCReader(packet.payload)
                let length = Int(try reader.uint16BE())
                var data = Array(try reader.take(reader.remaining))
                while data.count < length { data += try await inbox.next().data }
                return .redirect(try TNSConnect.Redirect(data: Array(data.prefix(length))))
            case .resend:
                for packet in packets { try await write(packet) }
            default:
                throw TTCDecodingError("a \(packet.kind) packet where the listener's answer belongs")
            }
        }
    }

    /// The protocol and data types messages; neither answer ends with an explicit end of response.
    private func handshake() async throws {
        try await send(TTCHandshake.protocolRequest())
        let server = try await receive { bytes -> TTCHandshake.ServerProtocol in
            var reader = TTCReader(bytes)
            return try TTCHandshake.readProtocolResponse(&reader)
        }
        capabilities.charsetID = server.charsetID
        capabilities.ncharsetID = server.ncharsetID
        capabilities.adopt(serverCompile: server.compileCapabilities)
        capabilities.adopt(serverRuntime: server.runtimeCapabilities)
        guard capabilities.charsetID == OracleCapabilities.charsetUTF8 else {
            throw ConnectorError(
                .unsupported, message: "The database at \(endpoint) uses character set id \(capabilities.charsetID); the node reads AL32UTF8 (873).",
                fix: "Use a database whose character set is AL32UTF8, the default since Oracle Database 12.2.")
        }
        try await send(TTCHandshake.dataTypesRequest(capabilities))
        try await receive { bytes in
            var reader = TTCReader(bytes)
            try TTCHandshake.readDataTypesResponse(&reader)
        }
    }

    /// O5LOGON: phase one learns the verifier; phase two proves the password and opens the session.
    private func authenticate(user: String, password: String, connectString: String, failure: OracleFailure) async throws {
        let logonReader = TTCResponseReader(
            kind: .logon, fieldVersion: capabilities.fieldVersion, explicitEnd: explicitEndOfResponse, columns: [], previousRow: nil)
        var phaseOne = requestWriter()
        phaseOne.authPhaseOne(
            user: user, terminal: "unknown", program: "plugboard", machine: ProcessInfo.processInfo.hostName,
            pid: String(ProcessInfo.processInfo.processIdentifier), osUser: "plugboard")
        let first = try await call(phaseOne, reading: logonReader)
        if let error = first.error { throw failure.server(error) }
        guard let logon = try O5Logon(sessionData: first.parameters, verifierType: first.verifierType ?? 0) else {
            throw ConnectorError(
                .unsupported, message: "The account's password verifier (type \(first.verifierType ?? 0)) is not 11g or 12c, the kinds thin clients support.",
                fix: "Reset the password so the server stores an 11g or 12c verifier (SQLNET.ALLOWED_LOGON_VERSION_SERVER of 11 or higher).")
        }
        let proof = try logon.proof(password: Array(password.utf8))
        var phaseTwo = requestWriter()
        phaseTwo.authPhaseTwo(user: user, proof: proof, driverName: "plugboard-oracle thn : 1.0", connectString: connectString)
        let second = try await call(phaseTwo, reading: logonReader)
        if let error = second.error { throw failure.server(error) }
        guard O5Logon.serverResponseIsValid(second.parameters["AUTH_SVR_RESPONSE"], comboKey: proof.comboKey) else {
            throw ConnectorError(
                .authenticationFailed, message: "The server at \(endpoint) did not prove it knows the password (AUTH_SVR_RESPONSE).",
                cause: "Something other than the expected Oracle server answered.", fix: "Check the host and port.")
        }
        serverVersion = Self.version(second.parameters["AUTH_VERSION_NO"], fieldVersion: capabilities.fieldVersion)
    }

    /// `23.4.0.24.5` from AUTH_VERSION_NO (its layout changed with 18c).
    static func version(_ number: String?, fieldVersion: UInt8) -> String {
        guard let value = number.flatMap({ UInt32($0) }) else { return "" }
        let parts: [UInt32] = fieldVersion >= OracleCapabilities.FieldVersion.v18_1ext1
            ? [value >> 24 & 0xFF, value >> 16 & 0xFF, value >> 12 & 0x0F, value >> 4 & 0xFF, value & 0x0F]
            : [value >> 24 & 0xFF, value >> 20 & 0x0F, value >> 12 & 0x0F, value >> 8 & 0x0F, value & 0x0F]
        return parts.map(String.init).joined(separator: ".")
    }
}
