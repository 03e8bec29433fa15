@testable import ConnectorsDatabase
import Foundation
import PlugboardCore
import Testing

/// Our encoders and decoders against packets recorded from python-oracledb's conversations with the Oracle double:
/// the requests we write are the official driver's bytes, and its answers read as the driver read them.
@Suite struct OracleExchangeTests {
    /// The TTC bytes of a recorded DATA packet (after the 8-byte header and the 2 bytes of data flags).
    static func data(_ hex: String) throws -> [UInt8] {
        let packet = try #require(Hex.decode(hex))
        #expect(packet[4] == TNSPacket.Kind.data.rawValue)
        return Array(packet.dropFirst(TNSPacket.headerSize + 2))
    }

    static func reader(columns: [OracleColumn] = [], kind: TTCResponseReader.Kind = .call) -> TTCResponseReader {
        TTCResponseReader(kind: kind, fieldVersion: 17, explicitEnd: false, columns: columns, previousRow: nil)
    }

    @Test func theListenerAcceptsAndTheServerDescribesItself() throws {
        let packet = try #require(Hex.decode(OracleExchangeVectors.accept))
        let accept = try TNSConnect.Accept(payload: Array(packet.dropFirst(TNSPacket.headerSize)))
        #expect(accept.protocolVersion == 319 && accept.sdu == 8192 && !accept.requiresNativeEncryption && !accept.supportsEndOfResponse)
        var reader = TTCReader(try Self.data(OracleExchangeVectors.protocolReply))
        let server = try TTCHandshake.readProtocolResponse(&reader)
        #expect(server.charsetID == 873 && server.ncharsetID == 2000 && server.version == 6)
        var capabilities = OracleCapabilities()
        capabilities.adopt(serverCompile: server.compileCapabilities)
        #expect(capabilities.fieldVersion == 17 && capabilities.supportsBoolean)
    }

    @Test func executeAndFetchAreTheOfficialDriversBytes() throws {
        var execute = TTCRequestWriter(fieldVersion: 17, sequence: 2)
        execute.execute(sql: "select * from ITEMS order by ID", kind: .query, binds: [], prefetch: 2, commit: false, maxStringSize: 4000)
        #expect(O5Logon.hex(execute.bytes) == O5Logon.hex(try Self.data(OracleExchangeVectors.executeRequest)))
        var fetch = TTCRequestWriter(fieldVersion: 17, sequence: 3)
        fetch.fetch(cursor: 1, rows: 100)
        #expect(fetch.bytes == (try Self.data(OracleExchangeVectors.fetchRequest)))
    }

    @Test func aDescribeAndItsRowsReadAsTheDriverReadThem() throws {
        let first = try Self.reader().read(try Self.data(OracleExchangeVectors.describeReply))
        let columns = try #require(first.columns)
        #expect(columns.map(\.name) == ["ID", "NAME", "PRICE", "CREATED"])
        #expect(columns.map(\.typeName) == ["NUMBER", "VARCHAR2", "NUMBER", "DATE"] && first.cursorID == 1 && !first.fetchEnded)
        func text(_ row: [[UInt8]?]) throws -> [String] {
            try zip(row, columns).map { try OracleValue.json($0, column: $1, maxLOBBytes: 0).stringValue ?? "null" }
        }
        #expect(try first.rows.map(text) == [["1", "Widget", "19.99", "2024-01-15T09:30:00"], ["2", "Gadget", "250", "2024-02-01T14:00:00"]])
        var next = Self.reader(columns: columns)
        next.previousRow = first.rows.last
        let last = try next.read(try Self.data(OracleExchangeVectors.fetchReply))
        #expect(try last.rows.map(text) == [["3", "Sprocket", "0.5", "2024-03-10T08:15:30"]] && last.fetchEnded && last.error == nil)
    }

    @Test func anORAErrorCarriesItsNumberTextAndPosition() throws {
        let response = try Self.reader().read(try Self.data(OracleExchangeVectors.tableMissingReply))
        let error = try #require(response.error)
        #expect(error.number == 942 && error.position == 14 && error.message.hasPrefix("ORA-00942: table or view"))
        let mapped = OracleFailure(endpoint: "db:1521", target: "service FREEPDB1").server(error)
        #expect(mapped.code == .notFound && mapped.details?["oraCode"] == "ORA-00942")
    }

    /// The recorded logon read with our O5LOGON code: the driver's encrypted password opens with the combined key our
    /// derivation gives, and the server's AUTH_SVR_RESPONSE checks out under it.
    @Test(arguments: [
        ("Plugboard-12c", OracleExchangeVectors.logon12cPhaseOneReply, OracleExchangeVectors.logon12cPhaseTwoRequest, OracleExchangeVectors.logon12cPhaseTwoReply),
        ("Legacy-11g", OracleExchangeVectors.logon11gPhaseOneReply, OracleExchangeVectors.logon11gPhaseTwoRequest, OracleExchangeVectors.logon11gPhaseTwoReply),
    ])
    func theRecordedLogonChecksOut(password: String, phaseOne: String, request: String, phaseTwo: String) throws {
        let first = try Self.reader(kind: .logon).read(try Self.data(phaseOne))
        let verifierType = try #require(first.verifierType)
        let logon = try #require(try O5Logon(sessionData: first.parameters, verifierType: verifierType))
        let sent = try Self.keyValues(try Self.data(request))
        let clientKey = try #require(sent["AUTH_SESSKEY"].flatMap(Hex.decode))
        // Our proof, with the driver's own client half of the session key, gives the combined key it used.
        let passwordHash = try logon.passwordHash(password: Array(password.utf8))
        let clientHalf = try O5Logon.decrypt(clientKey, key: passwordHash)
        let proof = try logon.proof(password: Array(password.utf8)) { count in count == clientHalf.count ? clientHalf : [UInt8](repeating: 0, count: count) }
        let opened = try O5Logon.decrypt(try #require(sent["AUTH_PASSWORD"].flatMap(Hex.decode)), key: proof.comboKey)
        #expect(String(decoding: opened[16..<(16 + password.utf8.count)], as: UTF8.self) == password)
        let second = try Self.reader(kind: .logon).read(try Self.data(phaseTwo))
        #expect(O5Logon.serverResponseIsValid(second.parameters["AUTH_SVR_RESPONSE"], comboKey: proof.comboKey))
        #expect(second.parameters["AUTH_VERSION_NO"].map { OracleConnection.version($0, fieldVersion: 17) }?.hasPrefix("23.") == true)
    }

    /// The key/value pairs of a recorded authentication request.
    static func keyValues(_ message: [UInt8]) throws -> [String: String] {
        var values: [String: String] = [:]
        for key in ["AUTH_SESSKEY", "AUTH_PASSWORD"] {
            let needle = Array(key.utf8)
            let start = try #require((0...(message.count - needle.count)).first { Array(message[$0..<($0 + needle.count)]) == needle })
            var reader = TTCReader(message, position: start + needle.count)
            values[key] = try reader.stringWithTwoLengths()
        }
        return values
    }
}
