import Foundation

/// An IPv4 or IPv6 address as 16 bytes (IPv4 kept as its mapped form), for egress checks.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    /// An address from its raw bytes; nil unless there are 4 or 16 of them.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Whether this is a 4-byte IPv4 address (mapped IPv6 forms are not).
    public var isIPv4: Bool { bytes.count == 4 }

    /// IPv4-mapped (::ffff:a.b.c.d) addresses seen as the IPv4 address they carry.
    public var unmapped: IPAddress {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return self }
        return IPAddress(bytes: Array(bytes[12..<16]))!
    }

    /// An IPv4 address an IPv6 address carries and may reach: IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96)
    /// and 6to4 (2002:aabb:ccdd::/48). The egress policy checks it as well as the address itself.
    public var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        // ::a.b.c.d with a first octet of 0 is not a carried address (::1 is IPv6 loopback, :: unspecified).
        if bytes[0..<12].allSatisfy({ $0 == 0 }), bytes[12] != 0 {
            return IPAddress(bytes: Array(bytes[12..<16]))
        }
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0] { return IPAddress(bytes: Array(bytes[12..<16])) }
        if bytes[0] == 0x20, bytes[1] == 0x02 { return IPAddress(bytes: Array(bytes[2..<6])) }
        return nil
    }

    /// Parses dotted IPv4 (strict four parts) or IPv6 text, with an optional `[...]` around IPv6.
    public init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        if let v4 = Self.parseIPv4(text) { self.bytes = v4; return }
        if let v6 = Self.parseIPv6(text) { self.bytes = v6; return }
        return nil
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":") else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String, allowIPv4: Bool) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if allowIPv4, index == pieces.count - 1, piece.contains("."), let v4 = parseIPv4(piece) {
                    result.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    result.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard !piece.isEmpty, piece.count <= 4, let value = UInt16(piece, radix: 16) else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        if halves.count == 2 {
            sawGap = true
            guard let first = groups(halves[0], allowIPv4: false), let second = groups(halves[1], allowIPv4: true) else { return nil }
            head = first
            tail = second
        } else {
            guard let all = groups(halves[0], allowIPv4: true) else { return nil }
            head = all
        }
        let total = head.count + tail.count
        guard sawGap ? total < 8 : total == 8 else { return nil }
        let groupsAll = head + Array(repeating: 0, count: 8 - total) + tail
        return groupsAll.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Dotted IPv4, or IPv6 as eight uncompressed hex groups.
    public var description: String {
        if isIPv4 { return bytes.map(String.init).joined(separator: ".") }
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        return groups.map { String($0, radix: 16) }.joined(separator: ":")
    }
}

/// An address block such as `10.0.0.0/8` or `fd00::/8`.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    /// The block's first address.
    public let network: IPAddress
    /// Leading bits fixed by the block (0 through 32 or 128).
    public let prefixLength: Int

    /// Parses `address/length`, or a bare address as a single-address block.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = IPAddress(String(first)) else { return nil }
        let maximum = address.bytes.count * 8
        let length = parts.count == 2 ? Int(parts[1]) : maximum
        guard let length, (0...maximum).contains(length) else { return nil }
        self.network = address
        self.prefixLength = length
    }

    /// Whether the address falls in the block; IPv4-mapped IPv6 addresses match IPv4 blocks.
    public func contains(_ address: IPAddress) -> Bool {
        let candidate = address.unmapped
        let block = network.unmapped
        guard candidate.bytes.count == block.bytes.count else { return false }
        var remaining = block.isIPv4 == network.isIPv4 ? prefixLength : prefixLength - 96
        for index in 0..<block.bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if candidate.bytes[index] & mask != block.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The block as `address/length`.
    public var description: String { "\(network)/\(prefixLength)" }
}
