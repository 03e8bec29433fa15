@testable import ConnectorsHTTP
import PlugboardCore
import Testing

@Suite("MCP tool schemas")
struct MCPToolSchemaTests {
    @Test("a $defs entry that refers to itself is inlined once, then cut with a note that it is recursive")
    func recursiveReferenceIsCut() throws {
        let schema = try JSONParser.parse("""
            {"type": "object", "properties": {"tree": {"$ref": "#/$defs/Node"}}, "required": ["tree"],
             "$defs": {"Node": {"type": "object", "properties": {
                "label": {"type": "string"},
                "next": {"$ref": "#/$defs/Node"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}}, "required": ["label"]}}}
            """)
        let acceptable = MCPToolSchema.acceptable(schema)
        let node = try #require(acceptable["properties"]?["tree"])
        #expect(node["type"]?.stringValue == "object")
        #expect(node["required"] == ["label"])
        for cut in [node["properties"]?["next"], node["properties"]?["children"]?["items"]] {
            let object = try #require(cut?.objectValue)
            #expect(object["type"] == nil && object["properties"] == nil)
            #expect(object["description"]?.stringValue?.contains("recursive") == true)
        }
        #expect(acceptable["$defs"] == nil)

        let input = try JSONParser.parse(#"{"tree": {"label": "a", "next": {"anything": 1}, "children": [{"label": "b"}]}}"#)
        try SchemaValidator.validate(input, against: acceptable, subject: "arguments")
        #expect(throws: ConnectorError.self) {
            try SchemaValidator.validate(try JSONParser.parse(#"{"tree": {"next": null}}"#), against: acceptable, subject: "arguments")
        }
    }
}
