@testable import ConnectorsDatabase
import Foundation
import Testing

/// Oracle's value encodings, byte for byte: NUMBER, BINARY_FLOAT/DOUBLE and the date types.
@Suite struct OracleValueCodingTests {
    /// Encodings Oracle documents and servers send (SELECT DUMP(x) FROM DUAL shows them as Typ=2 bytes).
    static let numbers: [(String, [UInt8])] = [
        ("0", [0x80]), ("1", [0xC1, 0x02]), ("-1", [0x3E, 0x64, 0x66]), ("100", [0xC2, 0x02]), ("10", [0xC1, 0x0B]),
        ("123.45", [0xC2, 0x02, 0x18, 0x2E]), ("-123.45", [0x3D, 0x64, 0x4E, 0x38, 0x66]), ("0.001", [0xBF, 0x0B]),
        ("12.5", [0xC1, 0x0D, 0x33]), ("-0.25", [0x3F, 0x4C, 0x66]), ("1000000", [0xC4, 0x02]),
        ("99999999999999999999999999999999999999", [0xD3] + [UInt8](repeating: 100, count: 19)),
    ]

    @Test func numbersDecodeToExactDecimalText() throws {
        for (text, bytes) in Self.numbers {
            #expect(try OracleNumber.decode(bytes[...]) == text, "\(bytes)")
        }
    }

    @Test func numbersEncodeAsOracleDoes() {
        for (text, bytes) in Self.numbers {
            #expect(OracleNumber.encode(text) == bytes, "\(text)")
        }
        #expect(OracleNumber.encode("12.50") == OracleNumber.encode("12.5"))
        #expect(OracleNumber.encode("1.5e2") == OracleNumber.encode("150"))
        #expect(OracleNumber.encode("007") == OracleNumber.encode("7"))
        #expect(OracleNumber.encode("abc") == nil && OracleNumber.encode("1e200") == nil && OracleNumber.encode("") == nil)
    }

    @Test func aThirtyEightDigitNumberSurvivesTheRoundTrip() throws {
        for text in ["12345678901234567890123456789012345678", "-98765432109876543210.123456789", "0.000000000000000000000000000001"] {
            let bytes = try #require(OracleNumber.encode(text))
            #expect(try OracleNumber.decode(bytes[...]) == text)
        }
    }

    @Test func binaryFloatsFlipTheirSignBits() throws {
        #expect(OracleBinaryFloat.encode(1.5) == [0xBF, 0xF8, 0, 0, 0, 0, 0, 0])
        #expect(OracleBinaryFloat.encode(-0.25) == [0x40, 0x2F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(OracleBinaryFloat.encode(Float(1.5)) == [0xBF, 0xC0, 0, 0])
        for value in [0.0, 1.5, -0.25, 3.141592653589793, -1e300] {
            #expect(try OracleBinaryFloat.decodeDouble(OracleBinaryFloat.encode(value)[...]) == value)
        }
        #expect(try OracleBinaryFloat.decodeFloat(OracleBinaryFloat.encode(Float(-2.75))[...]) == -2.75)
    }

    @Test func datesAndTimestampsReadAsISO8601() throws {
        let date: [UInt8] = [120, 124, 3, 5, 15, 31, 1]
        #expect(try OracleDateTime(wire: date[...]).iso8601(fraction: false) == "2024-03-05T14:30:00")
        let timestamp = date + [0x07, 0x5B, 0xCD, 0x15]                   // 123456789 ns
        #expect(try OracleDateTime(wire: timestamp[...]).iso8601(fraction: true) == "2024-03-05T14:30:00.123456")
        // 09:30 UTC at +05:00 is 14:30 local.
        let zoned: [UInt8] = [120, 124, 3, 5, 10, 31, 1, 0, 0, 0, 0, 25, 60]
        #expect(try OracleDateTime(wire: zoned[...]).iso8601(fraction: true) == "2024-03-05T14:30:00.000000+05:00")
        let west: [UInt8] = [120, 124, 1, 1, 2, 1, 1, 0, 0, 0, 0, 13, 30]   // 01:00 UTC at -07:30
        #expect(try OracleDateTime(wire: west[...]).iso8601(fraction: true) == "2023-12-31T17:30:00.000000-07:30")
    }

    @Test func isoTextBecomesWireBytes() throws {
        let moment = try #require(OracleDateTime(iso8601: "2024-03-05T14:30:00+05:00"))
        #expect(moment.wire(length: 13) == [120, 124, 3, 5, 10, 31, 1, 0, 0, 0, 0, 25, 60])
        #expect(try #require(OracleDateTime(iso8601: "2024-03-05")).wire(length: 7) == [120, 124, 3, 5, 1, 1, 1])
        #expect(try #require(OracleDateTime(iso8601: "1999-12-31T23:59:59.5")).wire(length: 11) == [119, 199, 12, 31, 24, 60, 60, 0x1D, 0xCD, 0x65, 0x00])
        #expect(OracleDateTime(iso8601: "2024-13-01") == nil && OracleDateTime(iso8601: "yesterday") == nil)
    }
}
