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

    static let entry = Schema.object(
        ["name": Schema.string(), "path": Schema.string(), "kind": Schema.string(enum: ["file", "directory", "symlink", "other"]),
         "size": Schema.integer(), "mode": Schema.string(), "modifiedAt": Schema.string(format: "date-time")],
        required: ["name", "path"])
    static let reads = ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
    static let changes = ActionAnnotations(readOnly: false, destructive: false, idempotent: true)
    static let destroys = ActionAnnotations(readOnly: false, destructive: true, idempotent: true)
    static let done = Schema.object(["path": Schema.string()], required: ["path"], additionalProperties: true)

    static let list = ConnectorAction<SFTPSession>(
        name: "list", title: "List a folder", description: "The folder's files and folders with kinds, sizes, modes and times.",
        annotations: reads, input: SFTPPathInput.self,
        outputSchema: Schema.object(["path": Schema.string(), "entries": Schema.array(entry)], required: ["path", "entries"])
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path")
        let entries = try await session.list(path).map { name in
            SFTPDriver.describe(name.attributes, name: name.filename, path: session.root.display((path == "/" ? "" : path) + "/" + name.filename))
        }
        return ["path": .string(session.root.display(path)), "entries": .array(entries)]
    }

    static let stat = ConnectorAction<SFTPSession>(
        name: "stat", title: "Describe a file", description: "A file's or folder's kind, size, mode and modification time.",
        annotations: reads, input: SFTPPathInput.self, outputSchema: entry
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path")
        return describe(try await session.stat(path), name: (path as NSString).lastPathComponent, path: session.root.display(path))
    }

    static let upload = ConnectorAction<SFTPSession>(
        name: "upload", title: "Upload a file", description: "Writes text or base64 content to a file, replacing what was there.",
        annotations: changes, input: SFTPUploadInput.self,
        outputSchema: Schema.object(["path": Schema.string(), "size": Schema.integer()], required: ["path", "size"])
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
        annotations: reads, input: SFTPDownloadInput.self,
        outputSchema: Schema.object(
            ["path": Schema.string(), "size": Schema.integer(), "text": Schema.string(), "base64": Schema.string()], required: ["path", "size"])
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path")
        let bytes = try await session.download(path, limit: session.configuration.maxDownloadBytes)
        var output: JSONObject = ["path": .string(session.root.display(path)), "size": .integer(Int64(bytes.count))]
        if input.encoding != .base64, let text = String(validating: bytes, as: UTF8.self) {
            output["text"] = .string(text)
        } else if input.encoding == .text {
            throw ConnectorError.invalidInput("'\(input.path)' is not UTF-8 text; download it as base64.", field: "encoding")
        } else {
            output["base64"] = .string(Data(bytes).base64EncodedString())
        }
        return .object(output)
    }

    static let rename = ConnectorAction<SFTPSession>(
        name: "rename", title: "Rename or move", description: "Moves a file or folder inside the root, replacing a file at the target (posix-rename where offered).",
        annotations: changes, input: SFTPRenameInput.self, outputSchema: done
    ) { session, input, _ in
        let from = try await session.path(input.from, field: "from")
        let to = try await session.path(input.to, field: "to", mustExist: false)
        try await session.rename(from, to: to)
        return ["path": .string(session.root.display(to))]
    }

    static let delete = ConnectorAction<SFTPSession>(
        name: "delete", title: "Delete a file", description: "Removes a file (folders with rmdir).",
        annotations: destroys, input: SFTPPathInput.self, outputSchema: done
    ) { session, input, _ in
        let lexical = try session.root.resolve(input.path, field: "path")
        // The link itself is removed, never what it points to; its folder must be inside the root.
        _ = try await session.path((session.root.display(lexical) as NSString).deletingLastPathComponent, field: "path")
        try await session.remove(lexical)
        return ["path": .string(session.root.display(lexical))]
    }

    static let mkdir = ConnectorAction<SFTPSession>(
        name: "mkdir", title: "Make a folder", description: "Makes a folder, and its missing parents unless parents is false.",
        annotations: changes, input: SFTPMkdirInput.self, outputSchema: done
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path", mustExist: false)
        try await session.mkdir(path, parents: input.parents)
        return ["path": .string(session.root.display(path))]
    }

    static let rmdir = ConnectorAction<SFTPSession>(
        name: "rmdir", title: "Remove a folder", description: "Removes an empty folder.",
        annotations: destroys, input: SFTPPathInput.self, outputSchema: done
    ) { session, input, _ in
        let path = try await session.path(input.path, field: "path")
        guard path != session.root.path else { throw ConnectorError.invalidInput("The root folder itself is not removed.", field: "path") }
        try await session.rmdir(path)
        return ["path": .string(session.root.display(path))]
    }

    static func describe(_ attributes: SFTPAttributes, name: String, path: String) -> JSONValue {
        var entry: JSONObject = ["name": .string(name), "path": .string(path)]
        if let kind = attributes.kind { entry["kind"] = .string(kind.rawValue) }
        if let size = attributes.size { entry["size"] = .integer(Int64(size)) }
        if let permissions = attributes.permissions { entry["mode"] = .string(String(permissions & 0o7777, radix: 8)) }
        if let time = attributes.modificationTime { entry["modifiedAt"] = .string(ISO8601.string(from: Date(timeIntervalSince1970: TimeInterval(time)))) }
        return .object(entry)
    }
}
