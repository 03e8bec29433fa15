import PlugboardCore
import Testing

@Suite struct JSONObjectTests {
    /// Enough members that the object keeps a name index, so both lookup paths are exercised.
    static let large = JSONObject((0..<40).map { ("key\($0)", JSONValue.integer(Int64($0))) })

    @Test(arguments: [3, 40])
    func membersKeepInsertionOrderAndAreFoundByName(count: Int) {
        var object = JSONObject((0..<count).reversed().map { ("k\($0)", JSONValue.integer(Int64($0))) })
        #expect(object.keys == (0..<count).reversed().map { "k\($0)" })
        #expect(object["k0"] == 0)
        #expect(object["k\(count - 1)"] == .integer(Int64(count - 1)))
        #expect(object["missing"] == nil)

        object["k1"] = "replaced"
        #expect(object.count == count)
        #expect(object.keys.firstIndex(of: "k1") == count - 2)
        #expect(object["k1"] == "replaced")
    }

    @Test func removingAMemberKeepsTheOthersFindable() {
        var object = Self.large
        object["key5"] = nil
        object["key30"] = nil
        #expect(object.count == 38)
        #expect(object["key5"] == nil)
        #expect(object["key31"] == 31)
        #expect(object.keys.first == "key0")
        object["key5"] = "back"
        #expect(object.keys.last == "key5")
        #expect(object["key5"] == "back")
    }

    @Test func aRepeatedNameKeepsItsFirstPlaceAndLastValue() {
        let object = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test func equalityAndHashingIgnoreOrder() {
        let forward = JSONObject((0..<20).map { ("m\($0)", JSONValue.integer(Int64($0))) })
        let backward = JSONObject((0..<20).reversed().map { ("m\($0)", JSONValue.integer(Int64($0))) })
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        var changed = backward
        changed["m7"] = "seven"
        #expect(forward != changed)
        #expect(JSONObject([("a", 1)]) != JSONObject([("a", 1), ("b", 2)]))
    }

    @Test func parsedLargeObjectsRoundTrip() throws {
        let text = JSONValue.object(Self.large).jsonString()
        #expect(try JSONParser.parse(text) == .object(Self.large))
        #expect(text.hasPrefix(#"{"key0":0,"key1":1,"#))
    }
}
