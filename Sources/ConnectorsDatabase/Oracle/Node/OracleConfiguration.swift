import PlugboardCore

/// The `oracle` connector's fields, decoded once from the options a user saved.
public struct OracleConfiguration: ConnectorConfiguration {
    /// Name or IP address of the Oracle listener; reached through the egress guard.
    public var host = ""
    /// The listener's TCP port (the TCPS port with TCPS on).
    public var port = 1521
    /// The database service to connect to (`FREEPDB1`, `ORCLPDB1`).
    public var serviceName = ""
    /// An instance's SID, for databases reached by SID instead of service name.
    public var sid = ""
    /// An Easy Connect string (`host:port/service`, `tcps://host:2484/service`) or a full `(DESCRIPTION=…)`; replaces
    /// host, port, service name and SID when given.
    public var connectString = ""
    /// TLS to the listener (TCPS), through the platform's TLS.
    public var tcps = false
    /// PEM certificates trusted for TCPS instead of the system roots.
    public var caCertificate = ""
    /// Time allowed to connect and log in.
    public var connectTimeout: Duration = .seconds(10)
    /// Calls running longer are interrupted (a break, answered with ORA-01013); 0 turns the limit off.
    public var statementTimeout: Duration = .seconds(30)
    /// Server sessions this connector opens at most.
    public var poolSize = 5
    /// Off: every query runs in a READ ONLY transaction and row changes are refused.
    public var allowWrites = false
    /// Rows a query returns at most; more set `truncated`.
    public var maxRows = 1000
    /// Bytes a CLOB or BLOB value may have in a result; larger ones fail with payload_too_large.
    public var maxLOBBytes = 1 << 20

    public init() {}

    public static let fields = FieldList<Self> {
        Field("host", \.host, title: "Host", description: "Name or IP address of the Oracle listener.")
        Field("port", \.port, title: "Port", description: "1521 for TCP; the TCPS port (often 2484) with TCPS.", minimum: 1, maximum: 65535)
        Field("serviceName", \.serviceName, title: "Service name", description: "The database service, such as FREEPDB1 or ORCLPDB1.")
        Field("sid", \.sid, title: "SID", description: "Instead of a service name, for databases reached by SID.")
        Field(
            "connectString", \.connectString, title: "Easy Connect string",
            description: "host:port/service, tcps://host:2484/service or a (DESCRIPTION=…); replaces host, port, service name and SID.")
        Field("tcps", \.tcps, title: "TCPS (TLS)", description: "Encrypt the connection with TLS; the server certificate and host name are checked.")
        Field("caCertificate", \.caCertificate, title: "CA certificate (PEM)", description: "Trusted for TCPS instead of the system's certificate authorities.")
        Field("connectTimeout", \.connectTimeout, title: "Connect timeout (seconds)", minimum: .milliseconds(100), maximum: .seconds(300))
        Field(
            "statementTimeout", \.statementTimeout, title: "Statement timeout (seconds)",
            description: "Calls running longer are interrupted; 0 means no limit.", minimum: .zero, maximum: .seconds(86400))
        Field("poolSize", \.poolSize, title: "Pool size", description: "Server sessions opened at most.", minimum: 1, maximum: 200)
        Field("allowWrites", \.allowWrites, title: "Allow writes", description: "Off: queries run read-only and insert, update and delete are refused.")
        Field("maxRows", \.maxRows, title: "Maximum rows", description: "Rows a query returns at most.", minimum: 1, maximum: 1_000_000)
        Field(
            "maxLOBBytes", \.maxLOBBytes, title: "Largest CLOB or BLOB (bytes)",
            description: "Larger values fail; select DBMS_LOB.SUBSTR to read part of one.", minimum: 1, maximum: 256 << 20)
    }

    /// Refuses a connection with nowhere to go, or a CA certificate that is not PEM.
    public func validate() throws(ConnectorError) {
        if connectString.isEmpty {
            if host.isEmpty { throw .invalidConfiguration("Give the host (or an Easy Connect string).", field: "host") }
            if serviceName.isEmpty == sid.isEmpty {
                throw .invalidConfiguration("Give either a service name or a SID.", field: serviceName.isEmpty ? "serviceName" : "sid")
            }
        } else if OracleDescriptor(connectString: connectString) == nil {
            throw .invalidConfiguration(
                "The Easy Connect string is not host[:port]/service_name, tcps://host[:port]/service_name or a (DESCRIPTION=…) with HOST and SERVICE_NAME or SID.",
                field: "connectString")
        }
        if !caCertificate.isEmpty, !PEMCertificates.areWellFormed(caCertificate) {
            throw .invalidConfiguration("The CA certificate is not a PEM certificate.", field: "caCertificate")
        }
    }

    /// Where sessions connect.
    var descriptor: OracleDescriptor {
        if !connectString.isEmpty, var parsed = OracleDescriptor(connectString: connectString, defaultPort: port) {
            parsed.tcps = parsed.tcps || tcps
            return parsed
        }
        return OracleDescriptor(host: host, port: port, target: sid.isEmpty ? .serviceName(serviceName) : .sid(sid), tcps: tcps)
    }

    /// Each execution has a session of its own; at most `poolSize` are open.
    public var pooling: PoolSettings { .exclusive(poolSize) }
}
