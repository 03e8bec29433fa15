import Foundation
import PlugboardCore
import Testing

/// Where `scripts/services/oracle.sh` started the TTC double, and what the official driver got from it.
struct OracleDouble {
    let host: String
    let port: Int
    let tcpsPort: Int
    let caPEM: String
    /// The official driver's results, scenario by scenario (`prove_double.py --results`).
    let results: JSONObject

    static func fromEnvironment() throws -> OracleDouble {
        let environment = ProcessInfo.processInfo.environment
        let hint = Comment(rawValue: "PLUGBOARD_TEST_ORACLE_* is not set: run the tests with scripts/test.sh, which starts the Oracle double.")
        let resultsPath = try #require(environment["PLUGBOARD_TEST_ORACLE_RESULTS"], hint)
        let results = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: resultsPath))))
        return OracleDouble(
            host: try #require(environment["PLUGBOARD_TEST_ORACLE_HOST"], hint),
            port: try #require(environment["PLUGBOARD_TEST_ORACLE_PORT"].flatMap(Int.init), hint),
            tcpsPort: try #require(environment["PLUGBOARD_TEST_ORACLE_TCPS_PORT"].flatMap(Int.init), hint),
            caPEM: try String(contentsOfFile: try #require(environment["PLUGBOARD_TEST_ORACLE_CA"], hint), encoding: .utf8),
            results: try #require(results.objectValue, "the results file holds an object"))
    }
}

/// The suites that run against the one double, one test at a time: the scenarios read the seeded tables exactly as
/// the official driver's proof did (in order, alone), so no other test may change them meanwhile, and the double (a
/// single Python process over SQLite) is not a server to load test.
@Suite(.serialized) struct OracleDoubleTests {}
