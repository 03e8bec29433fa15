import Foundation
import PlugboardCore

/// The `ftp` node: files on an FTP server, in clear or with explicit or implicit TLS, through libcurl (the only way
/// here to resume the control connection's TLS session on data connections, which vsftpd and most FTPS servers
/// demand). Every connection libcurl opens passes the egress guard.
public struct FTPDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "ftp", category: "Files", displayName: "FTP / FTPS",
        description: """
            Files on an FTP server: list (MLSD where offered, else LIST in Unix or Windows format), stat, upload, download, \
            rename, delete, and make and remove folders, every path kept inside the connector's root folder (folders \
            checked where the server resolves them; symbolic links to files are not followed). Plain FTP, explicit TLS \
            (AUTH TLS) or implicit TLS; data connections are passive (EPSV, then PASV to the control connection's address) \
            and resume the control connection's TLS session. Without a credential it logs in anonymously.
            """,
        credentialKinds: [.usernamePassword], credentialRequired: false)

    public init() {}

    public var actions: [ConnectorAction<FTPSession>] {
        [Self.list, Self.stat, Self.upload, Self.download, Self.rename, Self.delete, Self.mkdir, Self.rmdir]
    }

    public func openSession(_ configuration: FTPConfiguration, context: SessionContext) async throws -> FTPSession {
        try await FTPSession.open(configuration, context: context)
    }

    /// Logs in and lists the root folder.
    public func test(_ session: FTPSession, context: CallContext) async throws -> JSONValue {
        let entries = try await session.list(session.root.path, input: "/", field: "root", deadline: context.deadline)
        return ["root": .string(session.root.path), "entries": .integer(Int64(entries.count)), "listing": .string(session.offersMLSD ? "MLSD" : "LIST")]
    }

    static let list = ConnectorAction<FTPSession>(
        name: "list", title: "List a folder", description: "The folder's files and folders with kinds, sizes, modes and times.",
        annotations: FileActions.reads, input: FilePathInput.self, outputSchema: FileActions.listing
    ) { session, input, context in
        let folder = try session.root.resolve(input.path, field: "path")
        let entries = try await session.list(folder, input: input.path, field: "path", deadline: context.deadline).map { entry in
            describe(entry, path: session.root.display((folder == "/" ? "" : folder) + "/" + entry.name))
        }
        return ["path": .string(session.root.display(folder)), "entries": .array(entries)]
    }

    static let stat = ConnectorAction<FTPSession>(
        name: "stat", title: "Describe a file", description: "A file's or folder's kind, size, mode and modification time.",
        annotations: FileActions.reads, input: FilePathInput.self, outputSchema: FileActions.entry
    ) { session, input, context in
        let path = try session.root.resolve(input.path, field: "path")
        guard let entry = try await session.entry(path, input: input.path, field: "path", deadline: context.deadline) else {
            throw ConnectorError(.notFound, message: "'\(input.path)' does not exist on the server.")
        }
        return describe(entry, path: session.root.display(path))
    }

    static let upload = ConnectorAction<FTPSession>(
        name: "upload", title: "Upload a file", description: "Writes text or base64 content to a file (binary), replacing what was there.",
        annotations: FileActions.changes, input: FileUploadInput.self, outputSchema: FileActions.uploaded
    ) { session, input, context in
        let bytes = try input.bytes()
        let path = try session.root.resolve(input.path, field: "path")
        guard path != session.root.path else { throw ConnectorError.invalidInput("Name a file inside the root folder.", field: "path") }
        if input.createFolders {
            try await session.mkdir(FTPSession.parent(of: path), input: input.path, parents: true, deadline: context.deadline)
        }
        try await refuseLinksAndFolders(at: path, session: session, input: input.path, deadline: context.deadline, mustExist: false)
        try await session.upload(path, input: input.path, bytes: bytes, deadline: context.deadline)
        return ["path": .string(session.root.display(path)), "size": .integer(Int64(bytes.count))]
    }

    static let download = ConnectorAction<FTPSession>(
        name: "download", title: "Download a file", description: "A file's content (binary) as text (UTF-8) or base64.",
        annotations: FileActions.reads, input: FileDownloadInput.self, outputSchema: FileActions.downloaded
    ) { session, input, context in
        let path = try session.root.resolve(input.path, field: "path")
        let entry = try await refuseLinksAndFolders(at: path, session: session, input: input.path, deadline: context.deadline, mustExist: true)
        let limit = session.configuration.maxDownloadBytes
        if let size = entry?.size, size > UInt64(limit) {
            throw ConnectorError(.payloadTooLarge, message: "'\(input.path)' has \(size) bytes, more than the connector's largest download (\(limit)).", fix: "Raise maxDownloadBytes on the connector.")
        }
        let bytes = try await session.download(path, input: input.path, limit: limit, deadline: context.deadline)
        return try FileActions.downloaded(bytes, path: session.root.display(path), input: input)
    }

    static let rename = ConnectorAction<FTPSession>(
        name: "rename", title: "Rename or move", description: "Moves a file or folder inside the root (RNFR, RNTO); most servers replace a file at the target.",
        annotations: FileActions.changes, input: FileRenameInput.self, outputSchema: FileActions.done
    ) { session, input, context in
        let from = try session.root.resolve(input.from, field: "from")
        let to = try session.root.resolve(input.to, field: "to")
        guard from != session.root.path, to != session.root.path else { throw ConnectorError.invalidInput("The root folder itself is not moved.", field: "from") }
        guard try await session.entry(from, input: input.from, field: "from", deadline: context.deadline) != nil else {
            throw ConnectorError(.notFound, message: "'\(input.from)' does not exist on the server.")
        }
        try await session.checkFolder(FTPSession.parent(of: to), input: input.to, field: "to", deadline: context.deadline)
        try await session.run(["RNFR \(from)", "RNTO \(to)"], path: input.from, deadline: context.deadline)
        return ["path": .string(session.root.display(to))]
    }

    static let delete = ConnectorAction<FTPSession>(
        name: "delete", title: "Delete a file", description: "Removes a file (folders with rmdir); a link is removed, never what it points to.",
        annotations: FileActions.destroys, input: FilePathInput.self, outputSchema: FileActions.done
    ) { session, input, context in
        let path = try session.root.resolve(input.path, field: "path")
        guard let entry = try await session.entry(path, input: input.path, field: "path", deadline: context.deadline) else {
            throw ConnectorError(.notFound, message: "'\(input.path)' does not exist on the server.")
        }
        guard entry.kind != .directory else { throw ConnectorError.invalidInput("'\(input.path)' is a folder; remove it with rmdir.", field: "path") }
        try await session.run(["DELE \(path)"], path: input.path, deadline: context.deadline)
        return ["path": .string(session.root.display(path))]
    }

    static let mkdir = ConnectorAction<FTPSession>(
        name: "mkdir", title: "Make a folder", description: "Makes a folder, and its missing parents unless parents is false.",
        annotations: FileActions.changes, input: FileMkdirInput.self, outputSchema: FileActions.done
    ) { session, input, context in
        let path = try session.root.resolve(input.path, field: "path")
        try await session.mkdir(path, input: input.path, parents: input.parents, deadline: context.deadline)
        return ["path": .string(session.root.display(path))]
    }

    static let rmdir = ConnectorAction<FTPSession>(
        name: "rmdir", title: "Remove a folder", description: "Removes an empty folder.",
        annotations: FileActions.destroys, input: FilePathInput.self, outputSchema: FileActions.done
    ) { session, input, context in
        let path = try await session.folder(input.path, field: "path", deadline: context.deadline)
        guard path != session.root.path else { throw ConnectorError.invalidInput("The root folder itself is not removed.", field: "path") }
        try await session.run(["RMD \(path)"], path: input.path, deadline: context.deadline)
        return ["path": .string(session.root.display(path))]
    }

    /// The file's entry in its checked folder: a folder or a symbolic link there is refused (FTP cannot show where a
    /// link leads, so it is not followed); nil when it does not exist and need not.
    @discardableResult
    static func refuseLinksAndFolders(
        at path: String, session: FTPSession, input: String, deadline: ContinuousClock.Instant, mustExist: Bool
    ) async throws -> FTPEntry? {
        let entry = try await session.entry(path, input: input, field: "path", deadline: deadline)
        switch entry?.kind {
        case nil where mustExist: throw ConnectorError(.notFound, message: "'\(input)' does not exist on the server.")
        case .directory?: throw ConnectorError.invalidInput("'\(input)' is a folder.", field: "path")
        case .symlink?:
            throw ConnectorError.invalidInput("'\(input)' is a symbolic link; FTP cannot show where it leads, so links are not followed.", field: "path")
        default: return entry
        }
    }

    static func describe(_ entry: FTPEntry, path: String) -> JSONValue {
        FileActions.entry(name: entry.name, path: path, kind: entry.kind.rawValue, size: entry.size, mode: entry.mode, modified: entry.modified)
    }
}
