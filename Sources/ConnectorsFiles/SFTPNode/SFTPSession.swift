import Foundation
import PlugboardCore

/// One `sftp` connector's session: an SSH connection whose SFTP channels concurrent calls share (each request has
/// its own id; another channel opens when all are busy), and the root folder every path is read inside.
public struct SFTPSession: ConnectorSession {
    public let configuration: SFTPConfiguration
    let connection: SSHConnection
    let channels: SFTPChannels
    let root: RemoteRoot

    /// Bytes per read or write request.
    static let chunk = 32 * 1024

    static func open(_ configuration: SFTPConfiguration, context: SessionContext) async throws -> SFTPSession {
        guard let credential = context.credential else {
            throw ConnectorError(.authenticationFailed, message: "An SFTP connector needs a credential: a username and password, or an SSH key.", fix: "Link a credential.")
        }
        let login: SSHConnection.Login
        switch credential.kind {
        case .usernamePassword: login = .password(credential["password"] ?? "")
        case .sshKey: login = .key(try SSHPrivateKeyReader.read(credential["privateKey"] ?? "", passphrase: credential["passphrase"]))
        default: throw ConnectorError.invalidConfiguration("An SFTP connector logs in with a username and password or an SSH key credential.", field: "credential")
        }
        let connection = try await SSHConnection.connect(
            host: configuration.host, port: configuration.port, username: credential["username"] ?? "", login: login,
            hostKey: .init(pinned: configuration.hostKeyFingerprint.isEmpty ? nil : configuration.hostKeyFingerprint, trustOnFirstUse: configuration.trustOnFirstUse),
            timeout: min(configuration.connectTimeout, max(context.remaining, .milliseconds(100))), network: context.network)
        do {
            if configuration.hostKeyFingerprint.isEmpty, configuration.trustOnFirstUse {
                // Trusted on first use: pinned from now on.
                try await context.learn(["hostKeyFingerprint": .string(connection.fingerprint)])
                context.logger.notice("SSH host key trusted on first use and pinned", metadata: ["fingerprint": "\(connection.fingerprint)"])
            }
            let first = try await SFTPChannel.open(on: connection)
            let base = configuration.root.isEmpty ? try await Self.realpath(".", sftp: first) : configuration.root
            return SFTPSession(
                configuration: configuration, connection: connection,
                channels: SFTPChannels(first: first, connection: connection, limit: configuration.channels), root: try RemoteRoot(base))
        } catch {
            await connection.close()
            throw error
        }
    }

    public func close() async {
        await channels.close()
        await connection.close()
    }

    /// Usable while the SSH connection and an SFTP channel on it are open.
    public var isUsable: Bool { connection.channel.isActive && channels.isUsable }

    // MARK: Paths

    /// The absolute path of `input` inside the root, after the server resolved it (symlinks followed). A path that
    /// does not exist yet (`mustExist` false) is its deepest existing folder, resolved and checked, and the rest.
    func path(_ input: String, field: String, mustExist: Bool = true) async throws -> String {
        var current = try root.resolve(input, field: field)
        var missing: [String] = []
        while true {
            do {
                let resolved = try await channels.withChannel { try await Self.realpath(current, sftp: $0) }
                guard root.contains(resolved) else { throw escaped(input, field: field) }
                return ([resolved == "/" ? "" : resolved] + missing.reversed()).joined(separator: "/")
            } catch let error as ConnectorError where error.code == .notFound && !mustExist && current != root.path {
                missing.append((current as NSString).lastPathComponent)
                current = (current as NSString).deletingLastPathComponent
            }
        }
    }

    private func escaped(_ input: String, field: String) -> ConnectorError {
        .invalidInput("'\(input)' leads outside the connector's root folder (through a symbolic link); paths stay inside it.", field: field)
    }

    static func realpath(_ path: String, sftp: SFTPChannel) async throws -> String {
        switch try await sftp.send(.realpath(path: path)) {
        case .name(_, let names) where names.count == 1: return names[0].filename
        case let reply: throw Self.failure(reply, path: path)
        }
    }

    // MARK: Operations

    func stat(_ path: String) async throws -> SFTPAttributes {
        try await channels.withChannel { sftp in try expectAttributes(try await sftp.send(.lstat(path: path)), path: path) }
    }

    /// The folder's entries with plain names (`.` and `..` and names a hostile server could use as paths left out).
    func list(_ path: String) async throws -> [SFTPName] {
        try await channels.withChannel { sftp in try await list(path, on: sftp) }
    }

    private func list(_ path: String, on sftp: SFTPChannel) async throws -> [SFTPName] {
        let handle = try expectHandle(try await sftp.send(.opendir(path: path)), path: path)
        var entries: [SFTPName] = []
        do {
            reading: while true {
                switch try await sftp.send(.readdir(handle: handle)) {
                case .name(_, let names): entries += names.filter { RemoteRoot.safeName($0.filename) != nil }
                case .status(_, let status) where status.code == .eof: break reading
                case let reply: throw Self.failure(reply, path: path)
                }
            }
        } catch {
            _ = try? await sftp.send(.close(handle: handle))
            throw error
        }
        _ = try? await sftp.send(.close(handle: handle))
        return entries.sorted { $0.filename < $1.filename }
    }

    /// The file's bytes, read with `pipelineDepth` requests in flight; refused past `limit`.
    func download(_ path: String, limit: Int) async throws -> [UInt8] {
        try await channels.withChannel { sftp in try await download(path, limit: limit, on: sftp) }
    }

    private func download(_ path: String, limit: Int, on sftp: SFTPChannel) async throws -> [UInt8] {
        let handle = try expectHandle(try await sftp.send(.open(path: path, flags: .read, attributes: SFTPAttributes())), path: path)
        do {
            let size = Int(try expectAttributes(try await sftp.send(.fstat(handle: handle)), path: path).size ?? 0)
            guard size <= limit else {
                throw ConnectorError(.payloadTooLarge, message: "'\(root.display(path))' has \(size) bytes, more than the \(limit) a download returns.")
            }
            let count = (size + Self.chunk - 1) / Self.chunk
            var parts = [[UInt8]](repeating: [], count: count)
            try await pipelined(count) { index in
                (index, try await self.readChunk(handle, offset: index * Self.chunk, length: min(Self.chunk, size - index * Self.chunk), path: path, on: sftp))
            } collect: { parts[$0] = $1 }
            var bytes = parts.flatMap { $0 }
            // A file that grew since FSTAT: read on to its end, within the limit.
            while true {
                let more = try await readChunk(handle, offset: bytes.count, length: Self.chunk, path: path, on: sftp)
                if more.isEmpty { break }
                guard bytes.count + more.count <= limit else {
                    throw ConnectorError(.payloadTooLarge, message: "'\(root.display(path))' grew past the \(limit) bytes a download returns.")
                }
                bytes += more
            }
            _ = try? await sftp.send(.close(handle: handle))
            return bytes
        } catch {
            _ = try? await sftp.send(.close(handle: handle))
            throw error
        }
    }

    /// Up to `length` bytes at `offset`; fewer only at the end of the file (a short read is continued).
    private func readChunk(_ handle: [UInt8], offset: Int, length: Int, path: String, on sftp: SFTPChannel) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < length {
            switch try await sftp.send(.read(handle: handle, offset: UInt64(offset + bytes.count), length: UInt32(length - bytes.count))) {
            case .data(_, let data) where !data.isEmpty: bytes += data
            case .data: return bytes
            case .status(_, let status) where status.code == .eof: return bytes
            case let reply: throw Self.failure(reply, path: path)
            }
        }
        return bytes
    }

    /// Writes the file (created or truncated) with `pipelineDepth` requests in flight.
    func upload(_ path: String, bytes: [UInt8]) async throws {
        try await channels.withChannel { sftp in try await upload(path, bytes: bytes, on: sftp) }
    }

    private func upload(_ path: String, bytes: [UInt8], on sftp: SFTPChannel) async throws {
        let flags: SFTPOpenFlags = [.write, .create, .truncate]
        let handle = try expectHandle(try await sftp.send(.open(path: path, flags: flags, attributes: SFTPAttributes(permissions: 0o644))), path: path)
        do {
            let count = (bytes.count + Self.chunk - 1) / Self.chunk
            try await pipelined(count) { index in
                let start = index * Self.chunk
                let reply = try await sftp.send(.write(handle: handle, offset: UInt64(start), data: Array(bytes[start..<min(start + Self.chunk, bytes.count)])))
                try self.expectOK(reply, path: path)
                return (index, [])
            } collect: { _, _ in }
            try expectOK(try await sftp.send(.close(handle: handle)), path: path)
        } catch {
            _ = try? await sftp.send(.close(handle: handle))
            throw error
        }
    }

    /// Runs `operation` for 0..<count with at most `pipelineDepth` in flight, handing each result to `collect`.
    private func pipelined(
        _ count: Int, _ operation: @escaping @Sendable (Int) async throws -> (Int, [UInt8]), collect: (Int, [UInt8]) -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            var next = 0
            while next < min(count, configuration.pipelineDepth) {
                let index = next
                group.addTask { try await operation(index) }
                next += 1
            }
            while let (index, part) = try await group.next() {
                collect(index, part)
                if next < count {
                    let index = next
                    group.addTask { try await operation(index) }
                    next += 1
                }
            }
        }
    }

    func rename(_ from: String, to: String) async throws {
        let request: SFTPRequest = channels.first.extensions["posix-rename@openssh.com"] != nil ? .posixRename(from: from, to: to) : .rename(from: from, to: to)
        try await expectOK(request, path: from)
    }

    func remove(_ path: String) async throws { try await expectOK(.remove(path: path), path: path) }
    func rmdir(_ path: String) async throws { try await expectOK(.rmdir(path: path), path: path) }

    /// Makes the folder, and with `parents` each missing folder above it (inside the root).
    func mkdir(_ path: String, parents: Bool) async throws {
        var targets = [path]
        if parents {
            targets = []
            var current = path
            while root.contains(current), current != root.path {
                targets.insert(current, at: 0)
                current = (current as NSString).deletingLastPathComponent
            }
        }
        for target in targets {
            if parents, let existing = try? await stat(target) {
                guard existing.kind == .directory else {
                    throw ConnectorError(.conflict, message: "'\(root.display(target))' exists and is not a folder.")
                }
                continue
            }
            try await expectOK(.mkdir(path: target, attributes: SFTPAttributes(permissions: 0o755)), path: target)
        }
    }

    // MARK: Replies

    private func expectHandle(_ reply: SFTPResponse, path: String) throws -> [UInt8] {
        guard case .handle(_, let handle) = reply else { throw Self.failure(reply, path: root.display(path)) }
        return handle
    }

    private func expectAttributes(_ reply: SFTPResponse, path: String) throws -> SFTPAttributes {
        guard case .attributes(_, let attributes) = reply else { throw Self.failure(reply, path: root.display(path)) }
        return attributes
    }

    /// Sends a request that answers with a STATUS on a channel of its own and expects OK.
    private func expectOK(_ request: SFTPRequest, path: String) async throws {
        let reply = try await channels.withChannel { try await $0.send(request) }
        try expectOK(reply, path: path)
    }

    private func expectOK(_ reply: SFTPResponse, path: String) throws {
        guard case .status(_, let status) = reply, status.code == .ok else { throw Self.failure(reply, path: root.display(path)) }
    }

    /// A STATUS (or an unexpected reply) in the taxonomy.
    static func failure(_ reply: SFTPResponse, path: String) -> ConnectorError {
        guard case .status(_, let status) = reply else {
            return ConnectorError(.upstreamError, message: "The SFTP server answered \(reply) for '\(path)'.")
        }
        let said = status.message.isEmpty ? "" : " (\(status.message))"
        switch status.code {
        case .noSuchFile: return ConnectorError(.notFound, message: "There is no '\(path)' on the server\(said).", fix: "Check the path; list the folder to see what is there.")
        case .permissionDenied: return ConnectorError(.permissionDenied, message: "The server does not allow this on '\(path)'\(said).")
        case .unsupported: return ConnectorError(.upstreamError, message: "The SFTP server does not support this operation on '\(path)'\(said).")
        case .noConnection, .connectionLost: return ConnectorError(.upstreamError, message: "The SFTP connection was lost\(said).", retryable: true)
        default: return ConnectorError(.upstreamError, message: "The SFTP server could not do this on '\(path)'\(said).", fix: "The folder may not be empty, or the target may exist; check and try again.")
        }
    }
}
