import Foundation
import PlugboardCore

/// One address in a mail header: `Ada Lovelace <ada@example.com>` or `ada@example.com`. Display names may be
/// any UTF-8; addresses are checked enough that nothing can be smuggled into a header or an SMTP command.
public struct Mailbox: Sendable, Hashable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }

    /// Reads `Name <address>`, `"Name" <address>` or a bare address; `field` names the input in errors.
    public init(parsing text: String, field: String) throws(ConnectorError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            self.init(name: name.isEmpty ? nil : name, address: String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]))
        } else {
            self.init(address: trimmed)
        }
        try validate(field: field)
    }

    /// Refuses an address without one `@` and a domain, with spaces, controls or angle brackets, and a name with a
    /// line break: nothing that could end a header or an SMTP command early.
    public func validate(field: String) throws(ConnectorError) {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let forbidden = address.unicodeScalars.contains { $0.value <= 0x20 || $0 == "<" || $0 == ">" || $0 == "," || $0.value == 0x7F }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, !forbidden, address.utf8.count <= 254 else {
            throw .invalidInput("'\(address)' is not an email address.", field: field)
        }
        if let name, name.contains(where: \.isNewline) {
            throw .invalidInput("A display name must be one line.", field: field)
        }
    }

    /// Whether the address needs SMTPUTF8 (a non-ASCII local part or domain).
    var needsUTF8: Bool { address.utf8.contains { $0 >= 0x80 } }

    /// The mailboxes of an address-list header value (`Ada <a@x>, "Lovelace, A." <b@x>`): split at commas outside
    /// quotes and angle brackets; parts that are not addresses are left out.
    public static func list(parsing header: String) -> [Mailbox] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var angled = false
        for character in header {
            switch character {
            case "\"": quoted.toggle()
            case "<" where !quoted: angled = true
            case ">" where !quoted: angled = false
            case "," where !quoted && !angled:
                parts.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current)
        return parts.compactMap { part in
            let text = part.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, let mailbox = try? Mailbox(parsing: text, field: "header") else { return nil }
            return mailbox
        }
    }
}
