@testable import ConnectorsDatabase
import NIOCore
import PlugboardCore
import Testing

@Suite struct PostgreSQLValueTests {
    private func numeric(weight: Int16, sign: UInt16 = 0, scale: UInt16, _ digits: [Int16]) -> String? {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(digits.count))
        buffer.writeInteger(weight)
        buffer.writeInteger(sign)
        buffer.writeInteger(scale)
        for digit in digits { buffer.writeInteger(digit) }
        return PostgreSQLNumeric.string(&buffer)
    }

    @Test func numericIsExact() {
        #expect(numeric(weight: 1, scale: 4, [1234, 5678, 9000]) == "12345678.9000")
        #expect(numeric(weight: -2, scale: 6, [100]) == "0.000001")
        #expect(numeric(weight: 0, sign: 0x4000, scale: 0, [5]) == "-5")
        #expect(numeric(weight: 2, scale: 0, [1]) == "100000000")
        #expect(numeric(weight: 0, scale: 0, []) == "0")
        #expect(numeric(weight: 0, sign: 0xC000, scale: 0, []) == "NaN")
    }

    @Test func timesAreISO8601() {
        #expect(PostgreSQLTime.date(days: 0) == "2000-01-01")
        #expect(PostgreSQLTime.date(days: -1) == "1999-12-31")
        #expect(PostgreSQLTime.date(days: 8825) == "2024-02-29")
        #expect(PostgreSQLTime.timestamp(microseconds: -1, zone: true) == "1999-12-31T23:59:59.999999Z")
        #expect(PostgreSQLTime.timestamp(microseconds: 86_400_000_000 + 1_500_000, zone: false) == "2000-01-02T00:00:01.5")
        #expect(PostgreSQLTime.time(microseconds: 49_530_000_000) == "13:45:30")
        #expect(PostgreSQLTime.offset(seconds: -12600) == "-03:30")
        #expect(PostgreSQLTime.interval(microseconds: 0, days: 0, months: 0) == "PT0S")
        #expect(PostgreSQLTime.interval(microseconds: -90_000_000, days: 1, months: 14) == "P1Y2M1DT-1M-30S")
    }

    @Test func scalarsDecodeFromTheBinaryFormat() {
        #expect(PostgreSQLValue.json(oid: 20, bytes: ByteBuffer(integer: Int64.max)) == .integer(Int64.max))
        #expect(PostgreSQLValue.json(oid: 16, bytes: ByteBuffer(integer: UInt8(1))) == true)
        #expect(PostgreSQLValue.json(oid: 25, bytes: nil) == .null)
        #expect(PostgreSQLValue.json(oid: 17, bytes: ByteBuffer(bytes: [0, 255])) == "AP8=")
        #expect(PostgreSQLValue.json(oid: 3802, bytes: ByteBuffer(bytes: [1] + Array(#"{"a":1}"#.utf8))) == ["a": 1])
        #expect(PostgreSQLValue.typeName(oid: 1007) == "int4[]" && PostgreSQLValue.typeName(oid: 99999) == "oid:99999")
    }

    @Test func parametersAreTextWithoutADeclaredType() {
        #expect(PostgreSQLParameter(.integer(42)).text == "42")
        #expect(PostgreSQLParameter(.bool(false)).text == "false")
        #expect(PostgreSQLParameter(.null).text == nil)
        #expect(PostgreSQLParameter(["a", "b\"c", nil]).text == #"{"a","b\"c",NULL}"#)
        #expect(PostgreSQLParameter(["k": [1]]).text == #"{"k":[1]}"#)
    }

    @Test func rowChangesQuoteIdentifiersAndBindValues() throws {
        let table = try PostgreSQLTableName.fields.decode(["table": #"we"ird"#])
        let query = try PostgreSQLDriver.rowChangeQuery(
            .update, table: table, values: ["a b": "x'; DROP"], match: ["id": 1, "gone": nil], defaultSchema: "public")
        #expect(query.sql == #"UPDATE "public"."we""ird" SET "a b" = $1 WHERE "id" = $2 AND "gone" IS NULL RETURNING *"#)
        #expect(query.binds.count == 2)
        let plain = try PostgreSQLTableName.fields.decode(["table": "t"])
        #expect(throws: ConnectorError.self) { try PostgreSQLDriver.rowChangeQuery(.delete, table: plain, values: [:], match: [:], defaultSchema: "public") }
    }
}
