import Foundation

/// Where an Oracle connection goes: host, port, the service name or SID, and whether it uses TCPS. Built from the
/// node's fields or parsed from an Easy Connect string (`[tcps://]host[:port][/service]`) or a full
/// `(DESCRIPTION=…)` descriptor, and written as the connect descriptor the listener reads.
struct OracleDescriptor: Equatable, Sendable {
    enum Target: Equatable, Sendable {
        case serviceName(String)
        case sid(String)
    }

    var host: String
    var port: Int
    var target: Target
    var tcps: Bool

    init(host: String, port: Int, target: Target, tcps: Bool) {
        self.host = host
        self.port = port
        self.target = target
        self.tcps = tcps
    }

    /// Parses an Easy Connect string or a descriptor; nil when it is neither.
    init?(connectString: String, defaultPort: Int = 1521) {
        let text = connectString.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("(") {
            guard let host = Self.value(of: "HOST", in: text) else { return nil }
            let port = Self.value(of: "PORT", in: text).flatMap { Int($0) } ?? defaultPort
            let tcps = Self.value(of: "PROTOCOL", in: text)?.lowercased() == "tcps"
            if let service = Self.value(of: "SERVICE_NAME", in: text) {
                self.init(host: host, port: port, target: .serviceName(service), tcps: tcps)
            } else if let sid = Self.value(of: "SID", in: text) {
                self.init(host: host, port: port, target: .sid(sid), tcps: tcps)
            } else {
                return nil
            }
            return
        }
        var rest = Substring(text)
        var tcps = false
        if let scheme = rest.range(of: "://") {
            let name = rest[..<scheme.lowerBound].lowercased()
            guard name == "tcp" || name == "tcps" else { return nil }
            tcps = name == "tcps"
            rest = rest[scheme.upperBound...]
        }
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        let slash = rest.firstIndex(of: "/")
        let address = slash.map { rest[..<$0] } ?? rest
        let service = slash.map { String(rest[rest.index(after: $0)...].prefix { $0 != ":" && $0 != "/" }) } ?? ""
        var host = String(address)
        var port = defaultPort
        if address.hasPrefix("["), let close = address.firstIndex(of: "]") {
            host = String(address[address.index(after: address.startIndex)..<close])
            let after = address[address.index(after: close)...]
            if after.hasPrefix(":") { guard let value = Int(after.dropFirst()) else { return nil }; port = value }
        } else if let colon = address.lastIndex(of: ":") {
            host = String(address[..<colon])
            guard let value = Int(address[address.index(after: colon)...]) else { return nil }
            port = value
        }
        guard !host.isEmpty, !service.isEmpty else { return nil }
        self.init(host: host, port: port, target: .serviceName(service), tcps: tcps)
    }

    /// The descriptor sent in the CONNECT packet.
    func text(program: String = "plugboard", user: String = "plugboard") -> String {
        let data: String
        switch target {
        case .serviceName(let name): data = "(SERVICE_NAME=\(name))"
        case .sid(let sid): data = "(SID=\(sid))"
        }
        return "(DESCRIPTION=(ADDRESS=(PROTOCOL=\(tcps ? "tcps" : "tcp"))(HOST=\(host))(PORT=\(port)))"
            + "(CONNECT_DATA=\(data)(CID=(PROGRAM=\(program))(HOST=\(program))(USER=\(user)))))"
    }

    /// What the listener is asked for, for messages: `service FREEPDB1` or `SID FREE`.
    var targetDescription: String {
        switch target {
        case .serviceName(let name): "service \(name)"
        case .sid(let sid): "SID \(sid)"
        }
    }

    /// The value of the first `(KEY=value)` in a descriptor, compared without case.
    static func value(of key: String, in descriptor: String) -> String? {
        guard let range = descriptor.range(of: "(\(key)=", options: .caseInsensitive) else { return nil }
        let value = descriptor[range.upperBound...].prefix { $0 != ")" }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
