import Foundation
import PlugboardCore
import PlugboardNetwork
import Testing

@testable import ConnectorsDatabase

extension OracleDoubleTests {
    /// The scenarios python-oracledb ran against the double (`Python/scenarios.json`), run again by the node's client
    /// code: connection, binds, statements and values as the `oracle` node reads them. Each result must equal the
    /// official driver's (`PLUGBOARD_TEST_ORACLE_RESULTS`).
    @Suite struct OracleScenarioTests {
        static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/scenarios.json")
        static let document: JSONValue = (try? JSONParser.parse(Array((try? Data(contentsOf: file)) ?? Data()))) ?? .null
        static let names: [String] = document["scenarios"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []

        @Test func theScenariosAreThere() {
            #expect(Self.names.count >= 40, "\(Self.file.path)")
        }

        @Test(arguments: names)
        func matchesTheOfficialDriver(_ name: String) async throws {
            let double = try OracleDouble.fromEnvironment()
            let scenario = try #require(Self.document["scenarios"]?.arrayValue?.first { $0["name"]?.stringValue == name })
            let official = try #require(double.results[name], "the proof has no result for \(name)")
            let ours = try await ScenarioRun(double: double, scenario: scenario).result()
            let expected = Self.comparable(official, expect: scenario["expect"])
            #expect(Self.aligned(Self.comparable(ours), to: expected) == expected, "ours: \(ours.jsonString())")
        }

        /// `ours` without the error messages the official result has no counterpart for (its own DPY errors).
        static func aligned(_ ours: JSONValue, to official: JSONValue) -> JSONValue {
            switch (ours, official) {
            case (.object(var object), .object(let other)):
                if object["error"] != nil, other["message"] == nil { object["message"] = nil }
                for key in ["results", "after"] {
                    guard let mine = object[key]?.arrayValue, let theirs = other[key]?.arrayValue else { continue }
                    object[key] = .array(mine.enumerated().map { index, item in index < theirs.count ? aligned(item, to: theirs[index]) : item })
                }
                return .object(object)
            default:
                return ours
            }
        }

        /// A result with errors reduced to the ORA code both sides report (python-oracledb reports a listener's refusal
        /// as DPY-6000…6003 "similar to ORA-n", a call timeout as DPY-4024 instead of the server's ORA-01013, and Native
        /// Network Encryption as DPY-3001), and error messages reduced to Oracle's first line.
        static func comparable(_ result: JSONValue, expect: JSONValue? = nil) -> JSONValue {
            switch result {
            case .object(let object) where object["error"] != nil:
                let code = object["error"]?.stringValue ?? ""
                var ora = code
                if !code.hasPrefix("ORA-") {
                    ora = expect?["oracleError"]?.stringValue ?? ["DPY-3001": "native network encryption", "DPY-4024": "ORA-01013"][code] ?? code
                }
                var reduced: JSONObject = ["error": .string(ora)]
                if code.hasPrefix("ORA-"), let message = object["message"]?.stringValue {
                    reduced["message"] = .string(String(message.split(separator: "\n").first ?? ""))
                }
                return .object(reduced)
            case .object(let object):
                var reduced = JSONObject()
                for (key, value) in object {
                    if key == "results" || key == "after" {
                        let expected = expect?[key]?.arrayValue ?? []
                        reduced[key] = .array((value.arrayValue ?? []).enumerated().map { index, item in
                            comparable(item, expect: index < expected.count ? expected[index] : nil)
                        })
                    } else {
                        reduced[key] = value
                    }
                }
                return .object(reduced)
            default:
                return result
            }
        }
    }
}

/// One scenario on our client, its result in the proof's shape.
struct ScenarioRun {
    let double: OracleDouble
    let scenario: JSONValue

    static let network = GuardedNetwork(policy: EgressPolicy(allowed: EgressPolicy.loopback))

    /// The defaults, then the scenario's own connection settings (`service: null` drops the default service).
    var settings: JSONObject {
        var merged = OracleDoubleTests.OracleScenarioTests.document["defaults"]?["connection"]?.objectValue ?? [:]
        for (key, value) in scenario["connection"]?.objectValue ?? [:] { merged[key] = value }
        return merged
    }

    func result() async throws -> JSONValue {
        let connection: OracleConnection
        do {
            connection = try await open()
        } catch {
            return Self.error(error)
        }
        do {
            let result = try await run(on: connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    private func run(on connection: OracleConnection) async throws -> JSONValue {
        switch scenario["kind"]?.stringValue {
        case "connect":
            return ["connected": true]
        case "query":
            if scenario["readOnly"] == true { _ = try await connection.run(try OracleSQL("SET TRANSACTION READ ONLY"), binds: [], limit: nil) }
            return await run(scenario, on: connection)
        default:
            var results: [JSONValue] = []
            for statement in scenario["statements"]?.arrayValue ?? [] {
                let result = await run(statement, on: connection)
                results.append(result)
                if result["error"] != nil { break }
            }
            if scenario["end"] == "commit" { try await connection.commit() } else { try await connection.rollback() }
            var after: [JSONValue] = []
            for statement in scenario["after"]?.arrayValue ?? [] {
                if statement["newConnection"] == true {
                    let fresh = try await open()
                    after.append(await run(statement, on: fresh))
                    await fresh.close()
                } else {
                    after.append(await run(statement, on: connection))
                    if statement["commit"] == true { try await connection.commit() }
                }
            }
            var object: JSONObject = ["results": .array(results)]
            if scenario["after"] != nil { object["after"] = .array(after) }
            return .object(object)
        }
    }

    func open() async throws -> OracleConnection {
        let settings = self.settings
        let tcps = settings["tcps"] == true
        let port = tcps ? double.tcpsPort : double.port
        let service = settings["service"]?.stringValue
        let descriptor: OracleDescriptor
        if settings["easyConnect"] == true {
            descriptor = try #require(OracleDescriptor(connectString: "\(tcps ? "tcps://" : "")\(double.host):\(port)/\(service ?? "")"))
        } else {
            let target: OracleDescriptor.Target = service.map { .serviceName($0) } ?? .sid(settings["sid"]?.stringValue ?? "")
            descriptor = OracleDescriptor(host: double.host, port: port, target: target, tcps: tcps)
        }
        let login = OracleConnection.Login(
            descriptor: descriptor, user: settings["user"]?.stringValue ?? "", password: settings["password"]?.stringValue ?? "",
            tls: tcps ? TLSOptions(verification: .full, trustRootsPEM: double.caPEM) : nil, connectTimeout: .seconds(10))
        return try await OracleConnection.open(login, network: Self.network)
    }

    /// One statement with its binds (an object by name, or an array for `:1`, `:2`…), as the node binds them.
    func run(_ statement: JSONValue, on connection: OracleConnection) async -> JSONValue {
        do {
            let sql = try OracleSQL(statement["sql"]?.stringValue ?? "")
            var variables = statement["binds"]?.objectValue ?? [:]
            for (index, value) in (statement["binds"]?.arrayValue ?? []).enumerated() { variables[String(index + 1)] = value }
            let binds = try OracleValue.binds(for: sql, from: variables, supportsBoolean: connection.capabilities.supportsBoolean, field: "binds")
            let timeout = settings["callTimeoutMs"]?.doubleValue.map { Duration.milliseconds(Int64($0)) }
            let result = try await connection.run(sql, binds: binds, limit: nil, callTimeout: timeout)
            guard sql.kind == .query else { return ["rowCount": .integer(Int64(result.rowCount))] }
            let rows: [JSONValue] = try result.rows.map { row in
                .array(try zip(row, result.columns).map { try OracleValue.json($0, column: $1, maxLOBBytes: 1 << 20) })
            }
            return ["columns": .array(result.columns.map { ["name": .string($0.name), "type": .string($0.typeName)] }), "rows": .array(rows)]
        } catch {
            return Self.error(error)
        }
    }

    /// An error as the ORA code (and Oracle's message) it carries.
    static func error(_ error: any Error) -> JSONValue {
        switch error {
        case let error as OracleServerError:
            return ["error": .string(OracleFailure.oraCode(Int(error.number))), "message": .string(error.message)]
        case let error as ConnectorError:
            if let ora = error.details?["oraCode"]?.stringValue {
                var object: JSONObject = ["error": .string(ora)]
                if !error.message.contains("listener") { object["message"] = .string(Self.oracleText(error.message)) }
                return .object(object)
            }
            return ["error": .string(error.message.contains("Native Network Encryption") ? "native network encryption" : error.code.rawValue)]
        default:
            return ["error": .string(String(describing: error))]
        }
    }

    /// Oracle's own text inside a node message ("Oracle refused the login: ORA-01017: …").
    static func oracleText(_ message: String) -> String {
        guard let range = message.range(of: "ORA-") else { return message }
        return String(message[range.lowerBound...])
    }
}
