import PlugboardCore

/// How a PostgreSQL connection uses TLS, named as libpq's `sslmode` names them.
public enum PostgreSQLTLSMode: String, FieldChoice {
    /// Plain TCP; the password and data travel unencrypted.
    case disable
    /// TLS when the server offers it, plain otherwise; the certificate is not verified.
    case prefer
    /// TLS or nothing; the certificate is not verified (like libpq's `require`).
    case require
    /// TLS with the certificate chain verified against the CA and the host name checked.
    case verifyFull = "verify-full"
}
