import PlugboardCore

/// The `new_files` trigger source on an FTP session of its own.
extension FTPDriver: TriggerSourceProviding {
    public var triggerSources: [TriggerSourceDescriptor] { [NewFilesSource.descriptor] }

    public func runSource(_ name: String, configuration: FTPConfiguration, context: SourceContext, sink: SourceSink) async throws {
        try await NewFilesSource.run(name, context: context, sink: sink) { try await FTPSession.open(configuration, context: context.session) }
    }
}

extension FTPSession: WatchableFolders {
    /// Each poll has this long; a poll that takes longer fails the source, which the trigger runner restarts.
    private var pollDeadline: ContinuousClock.Instant { .now + .seconds(300) }

    func watchedFolder(_ input: String, field: String) async throws -> String {
        try await folder(input, field: field, deadline: pollDeadline)
    }

    func watchedEntries(in folder: String) async throws -> [WatchedEntry] {
        try await list(folder, input: root.display(folder), field: "options.folder", deadline: pollDeadline).map { entry in
            let kind: WatchedEntry.Kind = switch entry.kind {
            case .file: .file
            case .directory: .directory
            default: .other
            }
            return WatchedEntry(
                name: entry.name, kind: kind, size: entry.size ?? 0,
                modified: UInt32(clamping: Int64((entry.modified?.timeIntervalSince1970 ?? 0).rounded(.down))))
        }
    }

    func watchedContent(_ path: String, limit: Int) async throws -> [UInt8] {
        try await download(path, input: root.display(path), limit: limit, deadline: pollDeadline)
    }
}
