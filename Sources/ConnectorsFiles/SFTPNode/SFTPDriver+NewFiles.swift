import Foundation
import PlugboardCore

/// The `new_files` trigger source: polls a folder (with a name pattern, and its subfolders when asked) and starts the
/// target once for each new or changed file whose size and time held since the previous poll. What was reported is
/// the cursor, stored with each event; files there when the trigger first starts are not new.
extension SFTPDriver: TriggerSourceProviding {
    static let newFilesSource = TriggerSourceDescriptor(
        name: "new_files", title: "New files",
        description: """
            Each new or changed file in a folder starts the target with its path, name, size and time (and its content, \
            when asked, up to a size). A file still being written (its size changed since the last poll) waits one more \
            poll. Files already there when the trigger starts are not reported.
            """,
        optionsSchema: Schema.object(
            [
                "folder": Schema.string(description: "The folder to watch, inside the connector's root.", default: "/"),
                "pattern": Schema.string(description: "Only names matching this pattern, such as *.csv; all when empty.", default: ""),
                "recursive": Schema.boolean(description: "Watch subfolders too.", default: false),
                "pollSeconds": Schema.integer(description: "Seconds between polls.", default: 30, minimum: 1, maximum: 86_400),
                "includeContent": Schema.boolean(description: "Add the file's content (text, or base64) to the event.", default: false),
                "maxContentBytes": Schema.integer(description: "Larger files come without content.", default: 1 << 20, minimum: 1, maximum: 16 << 20),
            ]))

    public var triggerSources: [TriggerSourceDescriptor] { [Self.newFilesSource] }

    public func runSource(_ name: String, configuration: SFTPConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.newFilesSource.name else { throw ConnectorError.notFound("trigger source", name) }
        let session = try await SFTPSession.open(configuration, context: context.session)
        do {
            try await NewFilesPoller(session: session, context: context, sink: sink).run()
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

/// One running `new_files` source on an SFTP session.
struct NewFilesPoller {
    let session: SFTPSession
    let context: SourceContext
    let sink: SourceSink

    var options: JSONObject { context.options }

    func run() async throws {
        let folder = try await session.path(options["folder"]?.stringValue ?? "/", field: "options.folder")
        var watch: NewFilesWatch
        if let cursor = context.cursor {
            watch = NewFilesWatch(cursor: cursor)
        } else {
            watch = NewFilesWatch.baseline(try await files(in: folder))
        }
        await sink.subscribed()
        let pause = Duration.seconds(options["pollSeconds"]?.integerValue ?? 30)
        while !Task.isCancelled {
            try await Task.sleep(for: pause)
            for file in watch.poll(try await files(in: folder)) {
                watch.markReported(file)
                try await sink.deliver(SourceEvent(dedupKey: "\(file.path)@\(file.size):\(file.modified)", payload: try await payload(file), cursor: watch.cursor))
            }
        }
    }

    /// The folder's files (and its subfolders' with `recursive`) whose names match the pattern; symlinks are not followed.
    private func files(in folder: String) async throws -> [RemoteFile] {
        let pattern = options["pattern"]?.stringValue ?? ""
        let recursive = options["recursive"]?.boolValue ?? false
        var found: [RemoteFile] = []
        var folders = [folder]
        while let current = folders.popLast() {
            for entry in try await session.list(current) {
                let path = (current == "/" ? "" : current) + "/" + entry.filename
                switch entry.attributes.kind {
                case .directory where recursive: folders.append(path)
                case .file where NewFilesWatch.matches(entry.filename, pattern: pattern):
                    found.append(RemoteFile(
                        path: session.root.display(path), size: entry.attributes.size ?? 0, modified: entry.attributes.modificationTime ?? 0))
                default: continue
                }
            }
            guard found.count <= 10_000 else {
                throw ConnectorError.invalidConfiguration("The watched folder holds more than 10,000 files; watch a narrower folder or pattern.", field: "options.folder")
            }
        }
        return found
    }

    private func payload(_ file: RemoteFile) async throws -> JSONValue {
        var event: JSONObject = [
            "path": .string(file.path), "name": .string((file.path as NSString).lastPathComponent), "size": .integer(Int64(file.size)),
            "modifiedAt": .string(ISO8601.string(from: Date(timeIntervalSince1970: TimeInterval(file.modified)))),
        ]
        let limit = options["maxContentBytes"]?.integerValue ?? (1 << 20)
        if options["includeContent"]?.boolValue == true, file.size <= UInt64(limit) {
            let bytes = try await session.download(try session.root.resolve(file.path), limit: Int(limit))
            if let text = String(validating: bytes, as: UTF8.self) { event["text"] = .string(text) } else { event["base64"] = .string(Data(bytes).base64EncodedString()) }
        }
        return .object(event)
    }
}
