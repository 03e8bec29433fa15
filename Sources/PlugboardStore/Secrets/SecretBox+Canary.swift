import Crypto
import Foundation
import PlugboardCore

extension SecretBox {
    static let canaryMetadataKey = "secrets.canary"
    private static let canaryText = Data("plugboard-canary-v1".utf8)

    /// A value only the active master key can open, stored so a restart with another key is refused.
    func makeCanary() throws -> Data {
        let master = currentKeyring.active
        let sealed = try AES.GCM.seal(Self.canaryText, using: master.key, authenticating: Data("canary".utf8)).combined!
        return Data("\(master.id):".utf8) + sealed
    }

    /// The id of the master key a stored canary was sealed with: the key the last rotation made active.
    static func keyID(ofCanary stored: Data) -> String? {
        guard let colon = stored.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return String(decoding: stored[stored.startIndex..<colon], as: UTF8.self)
    }

    /// Whether one of this box's keys opens the stored canary.
    func opensCanary(_ stored: Data) -> Bool {
        guard let colon = stored.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let keyID = String(decoding: stored[stored.startIndex..<colon], as: UTF8.self)
        guard let master = currentKeyring.key(id: keyID),
            let box = try? AES.GCM.SealedBox(combined: stored[stored.index(after: colon)...]),
            let opened = try? AES.GCM.open(box, using: master.key, authenticating: Data("canary".utf8))
        else { return false }
        return opened == Self.canaryText
    }
}
