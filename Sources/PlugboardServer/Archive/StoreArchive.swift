import Foundation
import PlugboardCore
import PlugboardStore

/// A portable copy of what people made in Plugboard: applications with their credentials, connectors, workflows,
/// tool bindings and triggers, as one JSON document. Secrets (credential fields, webhook secrets) are sealed with a
/// key derived from a passphrase (`ArchiveCipher`), never written in clear; ids are kept, so references and webhook
/// URLs survive a move between stores. API tokens, the execution log and runs are not part of it.
public enum StoreArchive {
    /// The `format` member every archive carries.
    static let format = "plugboard-archive"
    /// The archive layout this release writes and reads.
    static let version: Int64 = 1

    /// What an export or import moved.
    public struct Summary: Sendable, Equatable {
        public var applications = 0
        public var credentials = 0
        public var connectors = 0
        public var workflows = 0
        public var toolBindings = 0
        public var triggers = 0

        public init(
            applications: Int = 0, credentials: Int = 0, connectors: Int = 0, workflows: Int = 0, toolBindings: Int = 0, triggers: Int = 0
        ) {
            self.applications = applications
            self.credentials = credentials
            self.connectors = connectors
            self.workflows = workflows
            self.toolBindings = toolBindings
            self.triggers = triggers
        }

        /// As the CLI prints it.
        public var description: String {
            "\(applications) application(s), \(credentials) credential(s), \(connectors) connector(s), \(workflows) workflow(s), "
                + "\(toolBindings) tool binding(s), \(triggers) trigger(s)"
        }
    }

    /// The associated data a credential's sealed fields are bound to in an archive.
    static func credentialContext(_ id: String) -> String { "credential:\(id)" }
    /// The associated data a trigger's sealed webhook secret is bound to in an archive.
    static func triggerContext(_ id: String) -> String { "trigger:\(id)" }
}

/// Reading an archive's members, each failure naming where in the archive it is.
struct ArchiveReader {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue?, path: String) throws(ConnectorError) {
        guard let object = value?.objectValue else { throw .invalidInput("The archive's \(path) is not an object.") }
        self.object = object
        self.path = path
    }

    func string(_ key: String) throws(ConnectorError) -> String {
        guard let value = object[key]?.stringValue else { throw .invalidInput("The archive's \(path).\(key) is missing or not text.") }
        return value
    }

    func optionalString(_ key: String) -> String? { object[key]?.stringValue }

    func int(_ key: String) throws(ConnectorError) -> Int {
        guard let value = object[key]?.integerValue else { throw .invalidInput("The archive's \(path).\(key) is missing or not a whole number.") }
        return Int(value)
    }

    func bool(_ key: String) -> Bool { object[key]?.boolValue ?? false }

    func date(_ key: String) throws(ConnectorError) -> Date {
        guard let date = try optionalDate(key) else { throw .invalidInput("The archive's \(path).\(key) is missing.") }
        return date
    }

    func optionalDate(_ key: String) throws(ConnectorError) -> Date? {
        guard let text = object[key]?.stringValue else { return nil }
        guard let date = ISO8601.date(from: text) else { throw .invalidInput("The archive's \(path).\(key) is not an ISO 8601 time.") }
        return date
    }

    func list(_ key: String) throws(ConnectorError) -> [ArchiveReader] {
        guard let items = object[key]?.arrayValue else { return [] }
        var readers: [ArchiveReader] = []
        for (index, item) in items.enumerated() { readers.append(try ArchiveReader(item, path: "\(path).\(key)[\(index)]")) }
        return readers
    }

    func strings(_ key: String) -> [String] { object[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
