import Foundation
import PlugboardCore
import PlugboardStore

/// Creates, edits and deletes triggers. A webhook trigger gets a secret, returned once and kept sealed like a
/// credential's fields; a schedule's options are parsed here, so a bad cron is refused when saved.
public struct TriggerCatalog: Sendable {
    let runtime: Runtime
    /// Rung after every change, so the trigger runner picks it up at once.
    let changed: @Sendable () -> Void

    /// The sources built into Plugboard; a node's sources (`TriggerSourceProviding`) come with its connector.
    public static let builtInSources = ["webhook", "schedule"]

    /// A new trigger, with a webhook's secret in clear this once.
    public struct Created: Sendable {
        public var trigger: TriggerRecord
        public var secret: String?
    }

    /// Checks and stores a trigger from `{"name", "source", "connector", "options", "target", "paused"}`.
    public func create(applicationID: String, _ body: JSONObject) async throws -> Created {
        try body.onlyKeys(["name", "source", "connector", "options", "target", "paused"])
        let name = try body.string("name", required: true)!
        try CredentialVault.checkName(name)
        let source = try body.string("source", required: true)!
        var options = try body.object("options") ?? [:]
        var connectorID: String?
        var sourceDescriptor: ConnectorTypeDescriptor?
        if Self.builtInSources.contains(source) {
            if body["connector"] != nil, body["connector"] != .null {
                throw ConnectorError.invalidInput("A \(source) trigger takes no connector.", field: "connector")
            }
            _ = try Self.checkOptions(source: source, options)
        } else {
            guard let reference = try body.string("connector") else {
                throw ConnectorError.invalidInput(
                    "There is no trigger source '\(source)' without a connector. Built-in sources: \(Self.builtInSources.joined(separator: ", ")); "
                        + "a node's source (such as notify on PostgreSQL) names its connector.", field: "source")
            }
            let connector = try await nodeSourceConnector(reference, source: source, applicationID: applicationID)
            let descriptor = try runtime.registry.driver(for: connector.type).descriptor
            options = try Self.sourceOptions(source, options, of: descriptor)
            sourceDescriptor = descriptor
            connectorID = connector.id
        }
        let target = try await resolveTarget(try body.object("target"), applicationID: applicationID)
        let id = Identifier.make("tr")
        var secret: String?
        var sealed: SealedSecret?
        if source == "webhook" || sourceDescriptor?.triggerSource(named: source)?.receivesWebhooks == true {
            // The generated secret, and a node source's secret options (Meta's app secret): sealed, never in the options.
            let generated = Self.generateSecret()
            secret = generated
            var secrets = Self.takeSecretOptions(&options, source: source, connectorDescriptor: sourceDescriptor)
            secrets["secret"] = generated
            sealed = try runtime.vault.box.seal(secrets, applicationID: applicationID, credentialID: id)
        }
        let paused = try body.bool("paused") ?? false
        let trigger = TriggerRecord(
            id: id, applicationID: applicationID, name: name, source: source, connectorID: connectorID, options: options, target: target,
            secret: sealed, paused: paused, state: paused ? "unsubscribed" : "pending")
        try await runtime.store.insertTrigger(trigger)
        changed()
        return Created(trigger: trigger, secret: secret)
    }

    /// Applies `{"name", "options", "target", "paused"}`; pausing unsubscribes, resuming subscribes again.
    public func update(_ existing: TriggerRecord, _ body: JSONObject) async throws -> TriggerRecord {
        try body.onlyKeys(["name", "options", "target", "paused"])
        var updated = existing
        if let name = try body.string("name") {
            try CredentialVault.checkName(name)
            updated.name = name
        }
        if let options = try body.object("options") {
            if let connectorID = existing.connectorID {
                let connector = try await nodeSourceConnector(connectorID, source: existing.source, applicationID: existing.applicationID)
                let descriptor = try runtime.registry.driver(for: connector.type).descriptor
                var checked = try Self.sourceOptions(existing.source, options, of: descriptor)
                let given = Self.takeSecretOptions(&checked, source: existing.source, connectorDescriptor: descriptor)
                if !given.isEmpty, var secrets = try secrets(of: existing) {
                    secrets.merge(given) { _, new in new }
                    updated.secret = try runtime.vault.box.seal(secrets, applicationID: existing.applicationID, credentialID: existing.id)
                }
                updated.options = checked
            } else {
                _ = try Self.checkOptions(source: existing.source, options)
                updated.options = options
            }
        }
        if let target = try body.object("target") {
            updated.target = try await resolveTarget(target, applicationID: existing.applicationID)
        }
        if let paused = try body.bool("paused"), paused != existing.paused {
            updated.paused = paused
            updated.state = paused ? "unsubscribed" : "pending"
        }
        updated.version += 1
        updated.updatedAt = Date()
        try await runtime.store.updateTrigger(updated, expectedVersion: existing.version)
        changed()
        return updated
    }

    /// Deletes the trigger; its runner unsubscribes it at its next look, and its events go with it.
    public func delete(_ trigger: TriggerRecord) async throws {
        try await runtime.store.deleteTrigger(applicationID: trigger.applicationID, id: trigger.id)
        changed()
    }

    /// The trigger's sealed secrets in clear: `secret` (the generated one) and a node source's secret options.
    func secrets(of trigger: TriggerRecord) throws -> [String: String]? {
        guard let sealed = trigger.secret else { return nil }
        return try runtime.vault.box.open(sealed, applicationID: trigger.applicationID, credentialID: trigger.id)
    }

    /// Moves the options the source's schema marks write-only (secrets such as Meta's app secret) out of `options`.
    static func takeSecretOptions(_ options: inout JSONObject, source: String, connectorDescriptor: ConnectorTypeDescriptor?) -> [String: String] {
        guard let declared = connectorDescriptor?.triggerSource(named: source) else { return [:] }
        var secrets: [String: String] = [:]
        for name in Schema.writeOnlyFields(of: declared.optionsSchema) {
            if let value = options[name]?.stringValue { secrets[name] = value }
            options[name] = nil
        }
        return secrets
    }

    /// What a built-in source's options mean; `invalid_input` names the bad option.
    enum SourceOptions: Sendable, Hashable {
        case webhook(WebhookOptions)
        case schedule(TriggerSchedule)
    }

    static func checkOptions(source: String, _ options: JSONObject) throws(ConnectorError) -> SourceOptions {
        switch source {
        case "webhook":
            return .webhook(try WebhookOptions(options))
        default:
            try options.onlyKeys(["cron", "timeZone", "interval"], within: "options")
            if let cron = try options.string("cron", within: "options") {
                guard options["interval"] == nil else {
                    throw .invalidInput("A schedule has either a cron expression or an interval, not both.", field: "options.interval")
                }
                let zoneName = try options.string("timeZone", within: "options") ?? "UTC"
                guard let zone = TimeZone(identifier: zoneName) else {
                    throw .invalidInput("'\(zoneName)' is not a time zone; use an IANA name such as Europe/Berlin.", field: "options.timeZone")
                }
                return .schedule(.cron(try CronSchedule(cron, timeZone: zone, field: "options.cron")))
            }
            guard let seconds = try options.number("interval", within: "options") else {
                throw .invalidInput("A schedule needs options.cron (five fields) or options.interval (seconds).", field: "options")
            }
            guard seconds >= 1, seconds <= 366 * 86_400 else {
                throw .invalidInput("options.interval is 1 second to a year, in seconds.", field: "options.interval")
            }
            return .schedule(.every(.milliseconds(Int64(seconds * 1000))))
        }
    }

    /// The connector a node source reads from, after checking its type offers the source.
    private func nodeSourceConnector(_ reference: String, source: String, applicationID: String) async throws -> ConnectorRecord {
        guard let connector = try await runtime.store.connector(applicationID: applicationID, reference) else {
            throw ConnectorError(.notFound, message: "There is no connector '\(reference)' in this application.", field: "connector")
        }
        let descriptor = try runtime.registry.driver(for: connector.type).descriptor
        guard descriptor.triggerSource(named: source) != nil else {
            let offered = descriptor.triggerSources.map(\.name)
            throw ConnectorError.invalidInput(
                "The \(descriptor.displayName) connector '\(connector.name)' offers no trigger source '\(source)'."
                    + (offered.isEmpty ? " It offers none." : " It offers: \(offered.joined(separator: ", ")).")
                    + " Built-in sources: \(Self.builtInSources.joined(separator: ", ")).", field: "source")
        }
        return connector
    }

    /// A node source's options checked against its schema, defaults applied.
    static func sourceOptions(_ source: String, _ options: JSONObject, of descriptor: ConnectorTypeDescriptor) throws(ConnectorError) -> JSONObject {
        guard let declared = descriptor.triggerSource(named: source) else { throw ConnectorError.notFound("trigger source", source) }
        try SchemaValidator.validate(.object(options), against: declared.optionsSchema, subject: "options")
        return Schema.applyingDefaults(to: .object(options), schema: declared.optionsSchema).objectValue ?? options
    }

    private func resolveTarget(_ target: JSONObject?, applicationID: String) async throws -> TriggerRecord.Target {
        guard let target else {
            throw ConnectorError.invalidInput("The field 'target' is required: {\"workflow\": NAME} or {\"url\": URL}.", field: "target")
        }
        try target.onlyKeys(["workflow", "url"], within: "target")
        if let reference = try target.string("workflow", within: "target") {
            guard target["url"] == nil else { throw ConnectorError.invalidInput("A target is a workflow or a URL, not both.", field: "target") }
            guard let workflow = try await runtime.store.workflow(applicationID: applicationID, reference) else {
                throw ConnectorError(.notFound, message: "There is no workflow '\(reference)' in this application.", field: "target.workflow")
            }
            return .workflow(workflow.id)
        }
        guard let url = try target.string("url", within: "target") else {
            throw ConnectorError.invalidInput("The target is {\"workflow\": NAME} or {\"url\": URL}.", field: "target")
        }
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host?.isEmpty == false else {
            throw ConnectorError.invalidInput("The target URL must be an absolute http or https URL.", field: "target.url")
        }
        return .url(url)
    }

    /// 32 random bytes as unpadded base64url: 43 characters that fit any header.
    static func generateSecret() -> String {
        Base64URL.random(byteCount: 32)
    }
}

/// A webhook trigger's options.
struct WebhookOptions: Sendable, Hashable {
    /// Bodies larger than this get 413; at most the server's request limit.
    var maxBodyBytes: Int
    /// A request header whose value is the event's dedup key (a sender's delivery id); without one, each request is new.
    var dedupHeader: String
    /// A request header carrying `sha256=<hex>` HMAC-SHA256 of the body under the secret, for senders that sign.
    var signatureHeader: String

    static let defaultSignatureHeader = "Plugboard-Signature"
    static let secretHeader = "Plugboard-Webhook-Secret"

    init(_ options: JSONObject) throws(ConnectorError) {
        try options.onlyKeys(["maxBodyBytes", "dedupHeader", "signatureHeader"], within: "options")
        maxBodyBytes = try options.integer("maxBodyBytes", within: "options") ?? 1 << 20
        guard (1...(16 << 20)).contains(maxBodyBytes) else {
            throw .invalidInput("options.maxBodyBytes is 1 byte to 16 MiB.", field: "options.maxBodyBytes")
        }
        dedupHeader = try options.string("dedupHeader", within: "options") ?? "Idempotency-Key"
        signatureHeader = try options.string("signatureHeader", within: "options") ?? Self.defaultSignatureHeader
    }
}
