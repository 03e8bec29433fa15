@testable import ConnectorsDatabase
import Crypto
import Foundation
import PlugboardCore
import Testing

/// The TTC primitives, the connect descriptor, the SQL scanner and O5LOGON's key exchange.
@Suite struct OracleWireTests {
    @Test func universalIntegersTakeTheFewestBytes() throws {
        var writer = TTCWriter()
        writer.ub4(0); writer.ub4(200); writer.ub4(300); writer.ub4(70000); writer.ub8(1 << 40); writer.sb4(-5)
        #expect(writer.bytes == [0, 1, 200, 2, 1, 44, 4, 0, 1, 17, 112, 8, 0, 0, 1, 0, 0, 0, 0, 0, 0x81, 5])
        var reader = TTCReader(writer.bytes)
        #expect(try reader.ub4() == 0 && reader.ub4() == 200 && reader.ub4() == 300 && reader.ub4() == 70000)
        #expect(try reader.ub8() == 1 << 40 && reader.sb4() == -5 && reader.remaining == 0)
        #expect(throws: TTCReader.NeedMoreData.self) { try reader.ub2() }
    }

    @Test func longBytesGoInChunks() throws {
        let long = [UInt8](repeating: 7, count: 40000)
        var writer = TTCWriter()
        writer.bytesWithLength(long)
        #expect(Array(writer.bytes.prefix(4)) == [0xFE, 2, 0x7F, 0xFF])              // a 32767-byte chunk first
        #expect(writer.bytes.count == 1 + 3 + 32767 + 3 + 7233 + 1)
        var reader = TTCReader(writer.bytes)
        #expect(try reader.bytesWithLength() == long)
    }

    @Test func packetsCarryTheirLengthInTwoOrFourBytes() {
        let packet = TNSPacket.data([1, 2, 3])
        #expect(packet.encoded(largeLength: false) == [0, 13, 0, 0, 6, 0, 0, 0, 0, 0, 1, 2, 3])
        #expect(packet.encoded(largeLength: true) == [0, 0, 0, 13, 6, 0, 0, 0, 0, 0, 1, 2, 3])
        #expect(TNSPacket.marker(.reset).encoded(largeLength: true) == [0, 0, 0, 11, 12, 0, 0, 0, 1, 0, 2])
    }

    @Test func easyConnectAndDescriptorsNameTheService() throws {
        #expect(OracleDescriptor(connectString: "db.example.com:1522/FREEPDB1")
            == OracleDescriptor(host: "db.example.com", port: 1522, target: .serviceName("FREEPDB1"), tcps: false))
        #expect(OracleDescriptor(connectString: "tcps://db.example.com/ORCL?wallet_location=x")
            == OracleDescriptor(host: "db.example.com", port: 1521, target: .serviceName("ORCL"), tcps: true))
        #expect(OracleDescriptor(connectString: "[::1]:1521/FREE")?.host == "::1")
        let described = OracleDescriptor(connectString: "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCPS)(HOST=h)(PORT=2484))(CONNECT_DATA=(SID=ORCL)))")
        #expect(described == OracleDescriptor(host: "h", port: 2484, target: .sid("ORCL"), tcps: true))
        #expect(OracleDescriptor(connectString: "just-a-host") == nil)
        let text = OracleDescriptor(host: "h", port: 1521, target: .serviceName("FREEPDB1"), tcps: false).text()
        #expect(text.hasPrefix("(DESCRIPTION=(ADDRESS=(PROTOCOL=tcp)(HOST=h)(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=FREEPDB1)"))
    }

    @Test func placeholdersAreFoundOutsideLiteralsAndComments() throws {
        let sql = try OracleSQL("""
            SELECT ':no', q'[:no]', ":no" , n'x' FROM t -- :no
            WHERE a = :id AND b = :Name /* :no */ AND c = :id AND d = :"Quoted" AND e = TO_DATE('10:30', 'HH24:MI')
            """)
        #expect(sql.bindNames == ["ID", "NAME", "ID", "Quoted"] && sql.kind == .query && sql.firstKeyword == "SELECT")
        let block = try OracleSQL("BEGIN x := :a + :a; DBMS_SESSION.SLEEP(:b); END;")
        #expect(block.bindNames == ["A", "B"] && block.kind == .plsql)
        #expect(try OracleSQL("  insert into t values (:1)").kind == .dml)
        #expect(throws: ConnectorError.self) { try OracleSQL("SELECT 'open FROM dual") }
    }

    /// The server's side of O5LOGON written out here: the client's answer opens with the same combined key, and the
    /// password comes out of AUTH_PASSWORD.
    @Test(arguments: [true, false])
    func theKeyExchangeLetsTheServerReadThePassword(twelveC: Bool) throws {
        let password = Array("Plugboard-12c".utf8)
        let salt = [UInt8](repeating: 0x11, count: 16)
        let sessionSalt = [UInt8](repeating: 0x22, count: 16)
        let hash: [UInt8]
        if twelveC {
            let key = try O5Logon.pbkdf2(password, salt: salt + Array("AUTH_PBKDF2_SPEEDY_KEY".utf8), length: 64, rounds: 4096)
            hash = Array(Crypto.SHA512.hash(data: key + salt).prefix(32))
        } else {
            hash = Array(Crypto.Insecure.SHA1.hash(data: password + salt)) + [0, 0, 0, 0]
        }
        let serverHalf = [UInt8](repeating: 0x5A, count: twelveC ? 32 : 48)
        let data: [String: String] = [
            "AUTH_VFR_DATA": O5Logon.hex(salt), "AUTH_SESSKEY": O5Logon.hex(try O5Logon.encrypt(serverHalf, key: hash, pad: false)),
            "AUTH_PBKDF2_CSK_SALT": O5Logon.hex(sessionSalt), "AUTH_PBKDF2_VGEN_COUNT": "4096", "AUTH_PBKDF2_SDER_COUNT": "3",
        ]
        let logon = try #require(try O5Logon(sessionData: data, verifierType: twelveC ? 0x4815 : 0xB152))
        let proof = try logon.proof(password: password)
        let clientHalf = try O5Logon.decrypt(try #require(Hex.decode(proof.sessionKey)), key: hash)
        let combo: [UInt8]
        if twelveC {
            let mixed = Array(clientHalf.prefix(32)) + Array(serverHalf.prefix(32))
            combo = try O5Logon.pbkdf2(Array(O5Logon.hex(mixed).utf8), salt: sessionSalt, length: 32, rounds: 3)
        } else {
            let mixed = (16..<40).map { serverHalf[$0] ^ clientHalf[$0] }
            combo = Array((Array(Crypto.Insecure.MD5.hash(data: mixed[0..<16])) + Array(Crypto.Insecure.MD5.hash(data: mixed[16...]))).prefix(24))
        }
        #expect(combo == proof.comboKey)
        let opened = try O5Logon.decrypt(try #require(Hex.decode(proof.encryptedPassword)), key: combo)
        #expect(Array(opened[16..<(16 + password.count)]) == password)
        #expect(twelveC == (proof.speedyKey != nil))
        let response = try O5Logon.encrypt([UInt8](repeating: 0, count: 16) + Array("SERVER_TO_CLIENT".utf8), key: combo, pad: true)
        #expect(O5Logon.serverResponseIsValid(O5Logon.hex(response), comboKey: combo))
        #expect(!O5Logon.serverResponseIsValid(O5Logon.hex(response), comboKey: [UInt8](repeating: 1, count: combo.count)))
    }
}
