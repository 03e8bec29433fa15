/// One SMTP reply: the three-digit code and its text lines (`250-first`, `250 last` are one reply).
public struct SMTPReply: Sendable, Hashable {
    public var code: Int
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The lines joined, for messages.
    public var text: String { lines.joined(separator: " ") }

    /// 2xx and 3xx: the server goes on.
    var isPositive: Bool { (200..<400).contains(code) }
}

/// Reads replies from bytes in parts of any size: lines end with CRLF (a bare LF is taken too), a reply ends at
/// the line whose code is followed by a space.
struct SMTPReplyReader: Sendable {
    /// A line longer than this is not SMTP (RFC 5321 allows 512 octets for a reply line).
    static let maximumLineBytes = 4096
    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var code: Int?

    struct Malformed: Error, Hashable {
        var line: String
    }

    /// The replies `bytes` complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(Malformed) -> [SMTPReply] {
        var replies: [SMTPReply] = []
        for byte in bytes {
            guard byte == UInt8(ascii: "\n") else {
                pending.append(byte)
                if pending.count > Self.maximumLineBytes { throw Malformed(line: String(decoding: pending.prefix(80), as: UTF8.self)) }
                continue
            }
            if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
            let line = pending
            pending = []
            if let reply = try take(line) { replies.append(reply) }
        }
        return replies
    }

    private mutating func take(_ line: [UInt8]) throws(Malformed) -> SMTPReply? {
        let text = String(decoding: line, as: UTF8.self)
        guard line.count >= 3, let lineCode = Int(String(decoding: line.prefix(3), as: UTF8.self)), (200...599).contains(lineCode),
            line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-"), code == nil || code == lineCode
        else { throw Malformed(line: String(text.prefix(80))) }
        code = lineCode
        lines.append(line.count > 4 ? String(decoding: line.dropFirst(4), as: UTF8.self) : "")
        guard line.count == 3 || line[3] == UInt8(ascii: " ") else { return nil }
        defer { (lines, code) = ([], nil) }
        return SMTPReply(code: lineCode, lines: lines)
    }
}
