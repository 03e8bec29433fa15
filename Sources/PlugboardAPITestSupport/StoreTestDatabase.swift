import Foundation
import PlugboardCore

/// The PostgreSQL database `scripts/test.sh` starts for Plugboard's own store (`start_store_postgres`), each test in
/// a schema of its own so tests running at once never see each other's rows.
public enum StoreTestDatabase {
    /// `PLUGBOARD_TEST_STORE=postgres` runs every API fixture on PostgreSQL instead of SQLite: how the API suite runs
    /// a second time in `scripts/test.sh`.
    public static var apiFixturesUsePostgres: Bool {
        ProcessInfo.processInfo.environment["PLUGBOARD_TEST_STORE"] == "postgres"
    }

    /// `PLUGBOARD_TEST_STORE_URL` naming a new schema (created by the store's first migration). Throws, never skips,
    /// when the variable is missing; the error does not show the URL, which carries a password. The connect timeout is
    /// long: when the whole suite starts, hundreds of TLS and SCRAM logins queue on a busy two-core machine.
    public static func freshSchemaURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["PLUGBOARD_TEST_STORE_URL"], !url.isEmpty else {
            throw ConnectorError(
                .invalidConfiguration, message: "PLUGBOARD_TEST_STORE_URL is not set.",
                fix: "Run the tests with scripts/test.sh, which starts PostgreSQL for the store on loopback.")
        }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema + "&pool_size=4&connect_timeout=120"
    }
}
