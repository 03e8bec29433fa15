import PlugboardCore

/// GOST keys (Russia's GOST R 34.10 under 1.2.643, Kazakhstan's GOST 34.310 under 1.2.398.3.10.1, which its national
/// CA often issues): no GOST implementation is available here, so a credential holding one is refused clearly
/// rather than failing later as an unreadable key.
enum GOSTKeys {
    /// The DER encodings of the arcs' object identifiers, after the tag and length.
    static let arcs: [[UInt8]] = [
        [0x2A, 0x85, 0x03],  // 1.2.643
        [0x2A, 0x83, 0x0E, 0x03, 0x0A, 0x01],  // 1.2.398.3.10.1
    ]

    /// Throws `unsupported` when `der` names a GOST algorithm anywhere (an OBJECT IDENTIFIER starting with an arc).
    static func refuse(in der: [UInt8], field: String) throws(ConnectorError) {
        guard der.count > 2 else { return }
        for index in 0..<(der.count - 2) where der[index] == 0x06 {
            let length = Int(der[index + 1])
            let start = index + 2
            guard length >= 3, start + length <= der.count else { continue }
            let oid = der[start..<(start + length)]
            if arcs.contains(where: { oid.starts(with: $0) }) {
                throw ConnectorError(
                    .unsupported, message: "This is a GOST key (GOST 34.310 or GOST R 34.10), which Plugboard cannot sign with.",
                    fix: "Use an RSA or ECDSA key and certificate; Kazakhstan's NCA issues RSA keys (RSA_…) as well as GOST ones.", field: field)
            }
        }
    }
}
