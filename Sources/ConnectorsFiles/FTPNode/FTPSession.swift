import Foundation
import PlugboardCore

/// One `ftp` connector's session: a libcurl handle holding one control connection (and the TLS session its data
/// connections resume), serving one call at a time, and the root folder every path is read inside.
///
/// FTP has no REALPATH. A folder is checked by changing into it and asking where that is (CWD, then PWD): the
/// server's answer, symbolic links followed, must lie inside the root as the server resolved it. A file's own name
/// is looked up in its checked folder's listing, and a symbolic link there is not followed.
public struct FTPSession: ConnectorSession {
    public let configuration: FTPConfiguration
    let curl: CurlEasy
    let connection: CurlConnection
    let root: RemoteRoot
    /// The root as the server resolves it (PWD after CWD into it): where checked folders must lie.
    let resolvedRoot: RemoteRoot
    /// The server offers MLSD (RFC 3659) listings; otherwise LIST is read.
    let offersMLSD: Bool

    static func open(_ configuration: FTPConfiguration, context: SessionContext) async throws -> FTPSession {
        let username: String
        let password: String
        switch context.credential {
        case nil:
            (username, password) = ("anonymous", "plugboard@")
        case let credential? where credential.kind == .usernamePassword:
            (username, password) = (credential["username"] ?? "", credential["password"] ?? "")
        default:
            throw ConnectorError.invalidConfiguration("An FTP connector logs in with a username and password credential, or anonymously with none.", field: "credential")
        }
        let address = try await context.network.checkedAddress(for: configuration.host)
        let connection = CurlConnection(
            host: configuration.host, port: configuration.port, address: address, username: username, password: password, security: configuration.encryption,
            verifyTLS: configuration.verifyTLS, trustRootsPEM: configuration.caCertificate.isEmpty ? nil : configuration.caCertificate,
            connectTimeoutMilliseconds: Self.milliseconds(min(configuration.connectTimeout, max(context.remaining, .milliseconds(100)))),
            replyTimeoutSeconds: Int(configuration.replyTimeout.components.seconds))
        let curl = try CurlEasy(network: context.network)
        let configured = configuration.root.isEmpty ? nil : try RemoteRoot(configuration.root)
        // Log in, learn the features, and find where the root lies; `*` lets a server without FEAT go on.
        let quote = ["*FEAT"] + (configured.map { ["CWD \($0.path)", "PWD"] } ?? [])
        let outcome = await curl.perform(
            CurlRequest(path: "/", quote: quote, noBody: true, timeoutMilliseconds: Self.milliseconds(context.remaining)), connection: connection)
        guard outcome.succeeded else {
            await curl.close()
            if configured != nil, outcome.replies.last?.code == 550 {
                throw ConnectorError.invalidConfiguration("The root folder '\(configuration.root)' is not a folder on the server.", field: "root")
            }
            throw FTPFailure.error(outcome, path: nil, endpoint: connection.endpoint)
        }
        let root = try configured ?? RemoteRoot(outcome.entryPath ?? "/")
        let resolved = configured == nil ? nil : outcome.replies.last(where: { $0.code == 257 })?.quotedPath
        return FTPSession(
            configuration: configuration, curl: curl, connection: connection, root: root,
            resolvedRoot: (try? resolved.map { try RemoteRoot($0) }) ?? root,
            offersMLSD: outcome.replies.contains { $0.features.contains("MLST") })
    }

    public func close() async {
        await curl.close()
    }

    // MARK: Paths

    /// The absolute path of the folder `input` names, after the server confirmed it is a folder inside the root.
    func folder(_ input: String, field: String, deadline: ContinuousClock.Instant) async throws -> String {
        let path = try root.resolve(input, field: field)
        try await checkFolder(path, input: input, field: field, deadline: deadline)
        return path
    }

    /// A file's or folder's entry, looked up in its checked folder's listing; nil when it is not there.
    func entry(_ path: String, input: String, field: String, deadline: ContinuousClock.Instant) async throws -> FTPEntry? {
        guard path != root.path else { return FTPEntry(name: "/", kind: .directory) }
        let name = (path as NSString).lastPathComponent
        return try await list(Self.parent(of: path), input: input, field: field, deadline: deadline).first { $0.name == name }
    }

    /// Changes into `path` and asks where that is: missing folders are `not_found`, folders outside the root refused.
    func checkFolder(_ path: String, input: String, field: String, deadline: ContinuousClock.Instant) async throws {
        let outcome = await commands(["CWD \(path)", "PWD"], path: input, deadline: deadline)
        // A refused CWD leaves only the login's PWD among the replies, which must not pass for this folder's.
        guard outcome.succeeded else { throw FTPFailure.error(outcome, path: input, endpoint: connection.endpoint) }
        try confirmInside(outcome, input: input, field: field)
    }

    private func confirmInside(_ outcome: CurlOutcome, input: String, field: String) throws {
        guard let resolved = outcome.replies.last(where: { $0.code == 257 })?.quotedPath else {
            throw ConnectorError(.upstreamError, message: "The FTP server did not say which folder '\(input)' is (PWD).")
        }
        guard resolvedRoot.contains(resolved) else {
            throw ConnectorError.invalidInput("'\(input)' leads outside the connector's root folder (through a symbolic link); paths stay inside it.", field: field)
        }
    }

    static func parent(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "/" : parent
    }

    // MARK: Operations

    /// The folder's entries with plain names, sorted; the folder is checked to be inside the root in the same exchange.
    func list(_ folder: String, input: String, field: String, deadline: ContinuousClock.Instant) async throws -> [FTPEntry] {
        let outcome = await curl.perform(
            CurlRequest(
                path: folder == "/" ? "/" : folder + "/", quote: ["CWD \(folder)", "PWD"], customRequest: offersMLSD ? "MLSD" : "LIST",
                timeoutMilliseconds: Self.milliseconds(until: deadline)),
            connection: connection)
        guard outcome.succeeded else { throw FTPFailure.error(outcome, path: input, endpoint: connection.endpoint) }
        try confirmInside(outcome, input: input, field: field)
        let text = String(decoding: outcome.body, as: UTF8.self)
        let entries = offersMLSD ? FTPListing.parseMLSD(text) : FTPListing.parseLIST(text)
        return entries.sorted { $0.name < $1.name }
    }

    func download(_ path: String, input: String, limit: Int, deadline: ContinuousClock.Instant) async throws -> [UInt8] {
        let outcome = await curl.perform(
            CurlRequest(path: path, receiveLimit: limit, timeoutMilliseconds: Self.milliseconds(until: deadline)), connection: connection)
        guard outcome.succeeded else { throw FTPFailure.error(outcome, path: input, endpoint: connection.endpoint) }
        return outcome.body
    }

    func upload(_ path: String, input: String, bytes: [UInt8], deadline: ContinuousClock.Instant) async throws {
        let outcome = await curl.perform(
            CurlRequest(path: path, upload: bytes, timeoutMilliseconds: Self.milliseconds(until: deadline)), connection: connection)
        guard outcome.succeeded else { throw FTPFailure.error(outcome, path: input, endpoint: connection.endpoint) }
    }

    /// Runs commands after each other (the first refusal stops them) and fails with the refusal.
    func run(_ quote: [String], path: String, deadline: ContinuousClock.Instant) async throws {
        let outcome = await commands(quote, path: path, deadline: deadline)
        guard outcome.succeeded else { throw FTPFailure.error(outcome, path: path, endpoint: connection.endpoint) }
    }

    private func commands(_ quote: [String], path: String, deadline: ContinuousClock.Instant) async -> CurlOutcome {
        await curl.perform(
            CurlRequest(path: "/", quote: quote, noBody: true, timeoutMilliseconds: Self.milliseconds(until: deadline)), connection: connection)
    }

    /// Makes `path`, and with `parents` each missing folder above it: each level is made if missing, then changed
    /// into and checked, so nothing is made beneath a link that leads out of the root.
    func mkdir(_ path: String, input: String, parents: Bool, deadline: ContinuousClock.Instant) async throws {
        guard path != root.path else { return }
        if !parents {
            try await checkFolder(Self.parent(of: path), input: input, field: "path", deadline: deadline)
            try await run(["MKD \(path)"], path: input, deadline: deadline)
            return
        }
        var current = root.path
        for part in root.display(path).split(separator: "/") {
            current = (current == "/" ? "" : current) + "/" + part
            let outcome = await commands(["*MKD \(current)", "CWD \(current)", "PWD"], path: input, deadline: deadline)
            guard outcome.succeeded else { throw FTPFailure.error(outcome, path: root.display(current), endpoint: connection.endpoint) }
            try confirmInside(outcome, input: input, field: "path")
        }
    }

    // MARK: Time

    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int {
        milliseconds(deadline - .now)
    }

    /// Whole milliseconds, at least one (libcurl reads 0 as no limit).
    static func milliseconds(_ duration: Duration) -> Int {
        max(1, Int(duration.milliseconds))
    }
}

extension CurlConnection {
    /// `host:port`, for messages.
    var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

extension FTPEntry {
    init(name: String, kind: Kind) {
        self.init(name: name, kind: kind, size: nil, mode: nil, modified: nil)
    }
}
