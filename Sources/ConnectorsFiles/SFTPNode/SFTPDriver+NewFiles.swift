import PlugboardCore

/// The `new_files` trigger source on an SFTP session of its own.
extension SFTPDriver: TriggerSourceProviding {
    public var triggerSources: [TriggerSourceDescriptor] { [NewFilesSource.descriptor] }

    public func runSource(_ name: String, configuration: SFTPConfiguration, context: SourceContext, sink: SourceSink) async throws {
        try await NewFilesSource.run(name, context: context, sink: sink) { try await SFTPSession.open(configuration, context: context.session) }
    }
}

extension SFTPSession: WatchableFolders {
    func watchedFolder(_ input: String, field: String) async throws -> String {
        try await path(input, field: field)
    }

    func watchedEntries(in folder: String) async throws -> [WatchedEntry] {
        try await list(folder).map { name in
            let kind: WatchedEntry.Kind = switch name.attributes.kind {
            case .file: .file
            case .directory: .directory
            default: .other
            }
            return WatchedEntry(name: name.filename, kind: kind, size: name.attributes.size ?? 0, modified: name.attributes.modificationTime ?? 0)
        }
    }

    func watchedContent(_ path: String, limit: Int) async throws -> [UInt8] {
        try await download(path, limit: limit)
    }
}
