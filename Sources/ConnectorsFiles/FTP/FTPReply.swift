/// One reply on an FTP control connection (RFC 959 §4.2): a three-digit code and its text, multi-line replies
/// (`211-Features:` … `211 End`) joined.
public struct FTPReply: Sendable, Hashable {
    public var code: Int
    /// The reply's lines without the code; continuation lines as sent.
    public var lines: [String]

    public var text: String { lines.joined(separator: "\n") }

    /// The replies in a control connection's lines, in order; lines outside any reply are skipped.
    public static func parse(_ lines: [String]) -> [FTPReply] {
        var replies: [FTPReply] = []
        var open: FTPReply?
        for line in lines {
            let head = line.utf8.prefix(4)
            let code = head.count >= 3 ? Int(String(decoding: head.prefix(3), as: UTF8.self)) : nil
            let separator = head.count == 4 ? head.last : nil
            if var current = open {
                if code == current.code, separator == UInt8(ascii: " ") || line.utf8.count == 3 {
                    current.lines.append(String(line.dropFirst(4)))
                    replies.append(current)
                    open = nil
                } else {
                    current.lines.append(line)
                    open = current
                }
            } else if let code, (100..<600).contains(code) {
                if separator == UInt8(ascii: "-") {
                    open = FTPReply(code: code, lines: [String(line.dropFirst(4))])
                } else {
                    replies.append(FTPReply(code: code, lines: [String(line.dropFirst(4))]))
                }
            }
        }
        return replies
    }

    /// The folder a `257` reply names (`257 "/a ""b""" is current`), quotes undoubled; nil for other replies.
    public var quotedPath: String? {
        guard code == 257, let first = lines.first, let open = first.firstIndex(of: "\"") else { return nil }
        var path = ""
        var index = first.index(after: open)
        while index < first.endIndex {
            let character = first[index]
            index = first.index(after: index)
            if character == "\"" {
                guard index < first.endIndex, first[index] == "\"" else { return path }
                index = first.index(after: index)
            }
            path.append(character)
        }
        return nil
    }

    /// Feature names from a `211` FEAT reply, upper-cased (`MLST`, `UTF8`…).
    public var features: Set<String> {
        guard code == 211 else { return [] }
        return Set(lines.dropFirst().dropLast().compactMap { line in
            line.split(separator: " ").first.map { $0.uppercased() }
        })
    }
}
