/// What a server's EHLO reply offers.
struct SMTPCapabilities: Sendable, Hashable {
    var startTLS = false
    /// Upper-cased SASL mechanisms, such as `PLAIN`, `LOGIN`, `CRAM-MD5`.
    var authMechanisms: Set<String> = []
    var smtpUTF8 = false
    var eightBitMIME = false
    /// The largest message the server takes, when it says.
    var maximumSize: Int?

    /// Reads the EHLO reply's lines after the greeting line.
    init(ehlo reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.dropFirst())
            case "SMTPUTF8": smtpUTF8 = true
            case "8BITMIME": eightBitMIME = true
            case "SIZE": maximumSize = words.dropFirst().first.flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
            default: break
            }
        }
    }

    init() {}
}
