import Foundation
import PlugboardCore

/// A file node's session as the `new_files` trigger watches it: folders listed and files read, inside its root.
protocol WatchableFolders: Sendable {
    var root: RemoteRoot { get }
    /// The absolute path of a folder given in the trigger's options, checked to be inside the root.
    func watchedFolder(_ input: String, field: String) async throws -> String
    /// A folder's plain-named entries (never `..` or names with `/`).
    func watchedEntries(in folder: String) async throws -> [WatchedEntry]
    /// A file's bytes, at most `limit`.
    func watchedContent(_ path: String, limit: Int) async throws -> [UInt8]
}

/// An entry of a watched folder.
struct WatchedEntry: Sendable {
    enum Kind: Sendable { case file, directory, other }

    var name: String
    var kind: Kind
    var size: UInt64
    /// Seconds since 1970.
    var modified: UInt32
}

/// The `new_files` trigger source both file nodes offer.
enum NewFilesSource {
    static let descriptor = TriggerSourceDescriptor(
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
}

extension NewFilesSource {
    /// Runs the source `name` on a session of its own, opened by `open` and closed when the source stops.
    static func run<Session: WatchableFolders & ConnectorSession>(
        _ name: String, context: SourceContext, sink: SourceSink, open: () async throws -> Session
    ) async throws {
        guard name == descriptor.name else { throw ConnectorError.notFound("trigger source", name) }
        let session = try await open()
        do {
            try await NewFilesPoller(session: session, context: context, sink: sink).run()
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

/// One running `new_files` source: polls a folder (with a name pattern, and its subfolders when asked) and delivers
/// each new or changed file whose size and time held since the previous poll. What was reported is the cursor,
/// stored with each event; files there when the trigger first starts are not new.
struct NewFilesPoller<Session: WatchableFolders> {
    let session: Session
    let context: SourceContext
    let sink: SourceSink

    var options: JSONObject { context.options }

    func run() async throws {
        let folder = try await session.watchedFolder(options["folder"]?.stringValue ?? "/", field: "options.folder")
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
            for entry in try await session.watchedEntries(in: current) {
                let path = (current == "/" ? "" : current) + "/" + entry.name
                switch entry.kind {
                case .directory where recursive: folders.append(path)
                case .file where NewFilesWatch.matches(entry.name, pattern: pattern):
                    found.append(RemoteFile(path: session.root.display(path), size: entry.size, modified: entry.modified))
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
            let bytes = try await session.watchedContent(try session.root.resolve(file.path), limit: Int(limit))
            if let text = String(validating: bytes, as: UTF8.self) { event["text"] = .string(text) } else { event["base64"] = .string(Data(bytes).base64EncodedString()) }
        }
        return .object(event)
    }
}
