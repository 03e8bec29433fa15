import PlugboardCore
import Testing

@Suite struct JSONParserTests {
    @Test(arguments: [
        #"null"#, #"true"#, #"false"#, #"0"#, #"-12"#, #"3.25"#, #"1e+20"#, #""text""#, #"[]"#, #"{}"#,
        #"[1,"two",{"three":3.5},[null,false]]"#, #"{"z":1,"a":{"y":[true],"b":"c"}}"#,
    ])
    func roundTripsCompactDocuments(_ text: String) throws {
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(value.jsonBytes()) == value)
        if !text.contains("e+") { #expect(value.jsonString() == text) }
    }

    @Test func keepsObjectKeyOrder() throws {
        let value = try JSONParser.parse(#"{"zebra":1,"apple":2,"mango":{"y":1,"b":2}}"#)
        #expect(value.objectValue?.keys == ["zebra", "apple", "mango"])
        #expect(value["mango"]?.objectValue?.keys == ["y", "b"])
        #expect(value.jsonString() == #"{"zebra":1,"apple":2,"mango":{"y":1,"b":2}}"#)
    }

    @Test func decodesEscapes() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20ac""#)
        #expect(value == .string("a\"b\\c/d\u{8}\u{c}\n\r\tAé€"))
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""x\uD834\uDD1Ey""#) == .string("x𝄞y"))
    }

    @Test func keepsRawUTF8() throws {
        #expect(try JSONParser.parse(#"{"név":"héllo ✓ 😀"}"#)["név"] == "héllo ✓ 😀")
    }

    @Test func writesEscapesThatParseBack() throws {
        let original: JSONValue = ["text": .string("quote \" backslash \\ newline \n tab \t bell \u{7} 😀")]
        let bytes = original.jsonBytes()
        #expect(!bytes.contains(0x0A))
        #expect(String(decoding: bytes, as: UTF8.self).contains("\\u0007"))
        #expect(try JSONParser.parse(bytes) == original)
        #expect(JSONValue.string("a\"b\\c\nd\u{1}é").jsonString() == #""a\"b\\c\nd\u0001é""#)
        #expect(JSONValue.string("").jsonString() == #""""#)
    }

    @Test func numbers() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .integer(Int64.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .integer(Int64.min))
        #expect(try JSONParser.parse("9223372036854775808") == .number(9_223_372_036_854_775_808))
        #expect(try JSONParser.parse("0.5") == .number(0.5))
        #expect(try JSONParser.parse("-1.5E-3") == .number(-0.0015))
        #expect(try JSONParser.parse("2.0") == .number(2))
        #expect(JSONValue.number(2).jsonString() == "2")
        #expect(JSONValue.number(0.1).jsonString() == "0.1")
        #expect(JSONValue.number(.infinity).jsonString() == "null")
    }

    struct BadDocument: Sendable, CustomTestStringConvertible {
        var text: String
        var offset: Int
        var testDescription: String { text }
    }

    @Test(arguments: [
        BadDocument(text: "", offset: 0), BadDocument(text: "{", offset: 1), BadDocument(text: #"{"a" 1}"#, offset: 5),
        BadDocument(text: "[1,]", offset: 3), BadDocument(text: "[1 2]", offset: 3), BadDocument(text: "01", offset: 1),
        BadDocument(text: "1.", offset: 2), BadDocument(text: "-", offset: 1), BadDocument(text: "tru", offset: 0),
        BadDocument(text: "nul1", offset: 0), BadDocument(text: #""abc"#, offset: 4), BadDocument(text: "\"a\u{1}b\"", offset: 2),
        BadDocument(text: #""\x""#, offset: 3), BadDocument(text: #""\ud83d""#, offset: 7), BadDocument(text: #""\ude00""#, offset: 7),
        BadDocument(text: #""\u12G4""#, offset: 5), BadDocument(text: "{} x", offset: 3), BadDocument(text: "{'a':1}", offset: 1),
    ])
    func rejectsBadDocumentsWithAnOffset(_ bad: BadDocument) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(bad.text) }
        #expect(error?.offset == bad.offset)
        #expect(error?.description.contains("at byte \(bad.offset)") == true)
    }

    @Test func rejectsExcessiveNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(deep) }
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONParser.parse(fine) }
    }

    @Test func codableBridgeKeepsValues() throws {
        let value: JSONValue = ["a": [1, 2.5, "x", nil, true]]
        #expect(try JSONParser.parse(value.jsonString()) == value)
    }
}
