import Foundation
import PlugboardCore

/// Re-wraps every credential's and webhook secret's data key under a new master key while the server keeps serving.
///
/// Crash-safe: the key file holds the new and the old keys until every credential is re-wrapped,
/// so a restart in the middle opens everything, and running the rotation again finishes the job.
public struct KeyRotation: Sendable {
    /// Progress as the rotation reports it.
    public enum Event: Sendable {
        case started(total: Int)
        case rewrapped(done: Int, total: Int)
        case completed(keyID: String, total: Int)
    }

    let store: any CredentialStore & TriggerStore & MetadataStore
    let box: SecretBox
    let source: MasterKeySource

    /// A rotation of the keys in `box`, writing the key file named by `source`.
    public init(store: any CredentialStore & TriggerStore & MetadataStore, box: SecretBox, source: MasterKeySource) {
        self.store = store
        self.box = box
        self.source = source
    }

    /// Makes a new active key and re-wraps every credential under it, reporting progress; `conflict` while another rotation runs.
    ///
    /// With the key file, the new key is made here and written first in the file. With `PLUGBOARD_MASTER_KEY`, the
    /// variable's first key becomes active: put the new key first (`new,old`) on every replica, restart them, then
    /// rotate. Either way the canary is sealed under the new key at once, and replicas of a shared store follow it
    /// (`MasterKeySource.reload`) without a restart.
    public func run(progress: @Sendable (Event) async -> Void) async throws {
        let old = box.currentKeyring
        let new: Keyring
        switch source {
        case .file:
            new = Keyring(keys: [MasterKey.generate()] + old.keys)
        case .environment:
            guard old.keys.count > 1 || old.activeID != old.keys[0].id else {
                throw ConnectorError(
                    .invalidConfiguration, message: "PLUGBOARD_MASTER_KEY holds one key, which is already active.",
                    fix: "Put a new key first in PLUGBOARD_MASTER_KEY (new,old) on every replica, restart them, then rotate.")
            }
            new = Keyring(keys: old.keys, activeID: old.keys[0].id)
        }
        guard box.beginRotation() else {
            throw ConnectorError(.conflict, message: "A master key rotation is already running.", fix: "Wait for it to finish; 'plugboard keys status' shows its progress.")
        }
        defer { box.endRotation() }
        if case .file(let path) = source { try KeyFile.write(new.keys, to: path) }
        box.replaceKeyring(new)
        try await store.setMetadata(SecretBox.canaryMetadataKey, try box.makeCanary())

        let pending = try await store.credentialIDs(notWrappedBy: new.active.id)
        await progress(.started(total: pending.count))
        for (index, entry) in pending.enumerated() {
            if let record = try await store.credential(applicationID: entry.applicationID, entry.id), record.sealed.keyID != new.active.id {
                let rewrapped = try box.rewrap(record.sealed, applicationID: record.applicationID, credentialID: record.id)
                try await store.replaceSealedSecret(credentialID: record.id, from: record.sealed, to: rewrapped)
            }
            await progress(.rewrapped(done: index + 1, total: pending.count))
        }
        try await rewrapTriggerSecrets(keyID: new.active.id)
        let remaining = try await store.credentialIDs(notWrappedBy: new.active.id)
        let remainingTriggers = try await store.triggerIDs(secretNotWrappedBy: new.active.id)
        if remaining.isEmpty && remainingTriggers.isEmpty, case .file(let path) = source {
            let final = Keyring(keys: [new.active])
            try KeyFile.write(final.keys, to: path)
            box.replaceKeyring(final)
            // Written again so the other replicas read the key file once more and let go of the old key too.
            try await store.setMetadata(SecretBox.canaryMetadataKey, try box.makeCanary())
        }
        await progress(.completed(keyID: new.active.id, total: pending.count))
    }

    /// Webhook secrets are sealed like credentials (bound to their trigger), so they move to the new key too.
    private func rewrapTriggerSecrets(keyID: String) async throws {
        for entry in try await store.triggerIDs(secretNotWrappedBy: keyID) {
            guard let trigger = try await store.trigger(applicationID: entry.applicationID, entry.id), let sealed = trigger.secret,
                sealed.keyID != keyID
            else { continue }
            let rewrapped = try box.rewrap(sealed, applicationID: trigger.applicationID, credentialID: trigger.id)
            try await store.replaceTriggerSecret(triggerID: trigger.id, from: sealed, to: rewrapped)
        }
    }
}
