/// The DATA payload on the wire: every line ending in CRLF, a line that starts with `.` given another (RFC 5321
/// §4.5.2 dot-stuffing), and the lone `.` line that ends it.
enum SMTPData {
    static func payload(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { output.append(UInt8(ascii: "\r")) }
            if atLineStart, byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !atLineStart { output += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
        output += Array(".\r\n".utf8)
        return output
    }
}
