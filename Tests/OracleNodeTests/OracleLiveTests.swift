import Foundation
import PlugboardCore
import PlugboardNetwork
import Testing

@testable import ConnectorsDatabase

/// Against a real Oracle Database when `PLUGBOARD_TEST_ORACLE_URL` names one
/// (`oracle://user:password@host:port/service`, `oracles://…` for TCPS; the system's CAs are trusted). No Oracle
/// server can run on the test machines, so this suite is off unless the variable is set.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PLUGBOARD_TEST_ORACLE_URL"] != nil, "PLUGBOARD_TEST_ORACLE_URL is not set"))
struct OracleLiveTests {
    static func login() throws -> OracleConnection.Login {
        let text = try #require(ProcessInfo.processInfo.environment["PLUGBOARD_TEST_ORACLE_URL"])
        let url = try #require(URLComponents(string: text))
        let tcps = url.scheme == "oracles"
        let service = String(url.path.drop { $0 == "/" })
        return OracleConnection.Login(
            descriptor: OracleDescriptor(host: url.host ?? "", port: url.port ?? (tcps ? 2484 : 1521), target: .serviceName(service), tcps: tcps),
            user: url.user?.removingPercentEncoding ?? "", password: url.password?.removingPercentEncoding ?? "",
            tls: tcps ? TLSOptions(verification: .full) : nil, connectTimeout: .seconds(20))
    }

    @Test func everyTypeReadsAsTheNodeDocumentsIt() async throws {
        let anywhere = GuardedNetwork(policy: EgressPolicy(allowed: ["0.0.0.0/0", "::/0"].compactMap(CIDRBlock.init)))
        let connection = try await OracleConnection.open(try Self.login(), network: anywhere)
        let sql = try OracleSQL("""
            SELECT CAST(:n AS NUMBER) AS N, TO_BINARY_DOUBLE(-0.25) AS BD, TO_BINARY_FLOAT(1.5) AS BF, :s AS VC, N'Сәлем' AS NVC,
            DATE '2024-02-29' AS D, TIMESTAMP '2024-02-29 13:45:30.123456' AS TS, TIMESTAMP '2024-02-29 13:45:30.654321 +05:00' AS TSTZ,
            HEXTORAW('00FF') AS R, TO_CLOB('a clob') AS C, TO_BLOB(HEXTORAW('0102')) AS B FROM DUAL
            """)
        let result = try await connection.run(sql, binds: [.number("-12345.678901"), .text("héllo")], limit: 1)
        let row = try zip(try #require(result.rows.first), result.columns).map { try OracleValue.json($0, column: $1, maxLOBBytes: 1 << 20) }
        #expect(row == [
            "-12345.678901", -0.25, 1.5, "héllo", "Сәлем", "2024-02-29T00:00:00", "2024-02-29T13:45:30.123456",
            "2024-02-29T13:45:30.654321+05:00", "AP8=", "a clob", "AQI=",
        ])
        do {
            _ = try await connection.run(try OracleSQL("SELECT * FROM PLUGBOARD_NO_SUCH_TABLE"), binds: [], limit: 1)
            Issue.record("no error")
        } catch let error as OracleServerError {
            #expect(error.number == 942)
        }
        await connection.close()
    }
}
