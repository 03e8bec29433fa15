import Foundation
import PlugboardCore

/// The `sftp` node: files on an SSH server through SFTP version 3, written by us over NIOSSH on the guarded dial.
public struct SFTPDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "sftp", category: "Files", displayName: "SFTP",
        description: """
            Files on an SSH server: list, stat, upload, download, rename, delete, and make and remove folders, every path \
            kept inside the connector's root folder (symbolic links resolved by the server and checked). The host key is \
            pinned by its SHA256 fingerprint. Log in with a password or an Ed25519 or ECDSA key (OpenSSH or PEM); RSA \
            keys are refused because the SSH library has none. Transfers keep several 32 KiB requests in flight.
            """,
        credentialKinds: [.usernamePassword, .sshKey], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<SFTPSession>] {
        [Self.list, Self.stat, Self.upload, Self.download, Self.rename, Self.delete, Self.mkdir, Self.rmdir]
    }

    public func openSession(_ configuration: SFTPConfiguration, context: SessionContext) async throws -> SFTPSession {
        try await SFTPSession.open(configuration, context: context)
    }

    /// Logs in and resolves the root folder; reports the host key seen, to pin.
    public func test(_ session: SFTPSession, context: CallContext) async throws -> JSONValue {
        ["root": .string(session.root.path), "hostKeyFingerprint": .string(session.connection.fingerprint)]
    }

    static let list = ConnectorAction<SFTPSession>(
        name: "list", title: "List a folder", description: "The folder's files and folders with kinds, sizes, modes and times.",
        annotations: FileActions.reads, input: FilePathInput.self,
        outputSchema: FileActions.listing
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path")
        let entries = try await session.list(path).map { name in
            SFTPDriver.describe(name.attributes, name: name.filename, path: session.root.display((path == "/" ? "" : path) + "/" + name.filename))
        }
        return ["path": .string(session.root.display(path)), "entries": .array(entries)]
    }

    static let stat = ConnectorAction<SFTPSession>(
        name: "stat", title: "Describe a file", description: "A file's or folder's kind, size, mode and modification time.",
        annotations: FileActions.reads, input: FilePathInput.self, outputSchema: FileActions.entry
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path")
        return describe(try await session.stat(path), name: (path as NSString).lastPathComponent, path: session.root.display(path))
    }

    static let upload = ConnectorAction<SFTPSession>(
        name: "upload", title: "Upload a file", description: "Writes text or base64 content to a file, replacing what was there.",
        annotations: FileActions.changes, input: FileUploadInput.self,
        outputSchema: FileActions.uploaded
    ) { session, input, _ in
        let bytes = try input.bytes()
        let lexical = try session.root.resolve(input.path, field: "path")
        if input.createFolders {
            try await session.mkdir(try await session.path((session.root.display(lexical) as NSString).deletingLastPathComponent, field: "path", mustExist: false), parents: true)
        }
        let path = try await session.path(input.path, field: "path", mustExist: false)
        try await session.upload(path, bytes: bytes)
        return ["path": .string(session.root.display(path)), "size": .integer(Int64(bytes.count))]
    }

    static let download = ConnectorAction<SFTPSession>(
        name: "download", title: "Download a file", description: "A file's content as text (UTF-8) or base64.",
        annotations: FileActions.reads, input: FileDownloadInput.self,
        outputSchema: FileActions.downloaded
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path")
        let bytes = try await session.download(path, limit: session.configuration.maxDownloadBytes)
        return try FileActions.downloaded(bytes, path: session.root.display(path), input: input)
    }

    static let rename = ConnectorAction<SFTPSession>(
        name: "rename", title: "Rename or move", description: "Moves a file or folder inside the root, replacing a file at the target (posix-rename where offered).",
        annotations: FileActions.changes, input: FileRenameInput.self, outputSchema: FileActions.done
    ) { session, input, _ in
        let from = try await session.path(input.from, field: "from")
        let to = try await session.path(input.to, field: "to", mustExist: false)
        try await session.rename(from, to: to)
        return ["path": .string(session.root.display(to))]
    }

    static let delete = ConnectorAction<SFTPSession>(
        name: "delete", title: "Delete a file", description: "Removes a file (folders with rmdir).",
        annotations: FileActions.destroys, input: FilePathInput.self, outputSchema: FileActions.done
    ) { session, input, _ in
        let lexical = try session.root.resolve(input.path, field: "path")
        // The link itself is removed, never what it points to; its folder must be inside the root.
        _ = try await session.path((session.root.display(lexical) as NSString).deletingLastPathComponent, field: "path")
        try await session.remove(lexical)
        return ["path": .string(session.root.display(lexical))]
    }

    static let mkdir = ConnectorAction<SFTPSession>(
        name: "mkdir", title: "Make a folder", description: "Makes a folder, and its missing parents unless parents is false.",
        annotations: FileActions.changes, input: FileMkdirInput.self, outputSchema: FileActions.done
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path", mustExist: false)
        try await session.mkdir(path, parents: input.parents)
        return ["path": .string(session.root.display(path))]
    }

    static let rmdir = ConnectorAction<SFTPSession>(
        name: "rmdir", title: "Remove a folder", description: "Removes an empty folder.",
        annotations: FileActions.destroys, input: FilePathInput.self, outputSchema: FileActions.done
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path")
        guard path != session.root.path else { throw ConnectorError.invalidInput("The root folder itself is not removed.", field: "path") }
        try await session.rmdir(path)
        return ["path": .string(session.root.display(path))]
    }

    static func describe(_ attributes: SFTPAttributes, name: String, path: String) -> JSONValue {
        FileActions.entry(
            name: name, path: path, kind: attributes.kind?.rawValue, size: attributes.size, mode: attributes.permissions,
            modified: attributes.modificationTime.map { Date(timeIntervalSince1970: TimeInterval($0)) })
    }
}
