import PlugboardCore
import PlugboardRuntime
import Testing

@Suite struct WorkflowTemplateTests {
    static let scope: JSONValue = [
        "input": ["order": ["id": 42, "customer": "Ada", "lines": [["sku": "A-1"], ["sku": "B-2"]]]],
        "steps": ["fetch": ["output": ["status": 200, "body": ["items": [1, 2, 3], "next": nil]]]],
        "item": ["sku": "B-2"],
    ]

    func render(_ template: JSONValue) throws -> JSONValue {
        try WorkflowTemplate(template, field: "input").render(in: Self.scope, step: "notify")
    }

    @Test func aWholeReferenceKeepsItsJSONType() throws {
        #expect(try render("{{ input.order.id }}") == 42)
        #expect(try render("{{steps.fetch.output.body.items}}") == [1, 2, 3])
        #expect(try render("{{ steps.fetch.output.body.next }}") == nil)
        #expect(try render("{{ input.order.lines[1].sku }}") == "B-2")
        #expect(try render("{{ item }}") == ["sku": "B-2"])
    }

    @Test func referencesInsideTextAreWrittenIntoIt() throws {
        #expect(try render("Order {{ input.order.id }} for {{ input.order.customer }}") == "Order 42 for Ada")
        #expect(try render("items: {{ steps.fetch.output.body.items }}") == "items: [1,2,3]")
        #expect(try render(" {{ input.order.id }}") == " 42")
        #expect(try render("{{ input.order.id }}{{ input.order.id }}") == "4242")
    }

    @Test func objectsAndArraysAreRenderedAtAnyDepthAndLiteralsKept() throws {
        let template: JSONValue = [
            "id": "{{ input.order.id }}", "skus": ["{{ input.order.lines[0].sku }}", "fixed", 7], "note": "no braces { here }",
            "flag": true,
        ]
        #expect(try render(template) == ["id": 42, "skus": ["A-1", "fixed", 7], "note": "no braces { here }", "flag": true])
        let parsed = try WorkflowTemplate(template, field: "input")
        #expect(parsed.references.map(\.description) == ["input.order.id", "input.order.lines[0].sku"])
    }

    @Test func aPathThatNamesNothingSaysHowFarItGot() throws {
        let error = #expect(throws: ConnectorError.self) { try render("{{ input.order.total.amount }}") }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("Step 'notify'") == true)
        #expect(error?.message.contains("input.order.total.amount") == true)
        #expect(error?.details?["found"] == "input.order")
        #expect(error?.field == "steps.notify.input")
        let past = #expect(throws: ConnectorError.self) { try render("x {{ steps.fetch.output.body.items[9] }}") }
        #expect(past?.details?["found"] == "steps.fetch.output.body.items")
    }

    @Test(arguments: ["{{ input.id", "{{ }}", "{{ order.id }}", "{{ input..id }}", "{{ input.items[x] }}", "a {{ secrets.token }} b"])
    func malformedTemplatesAreRefusedWhenSaved(template: String) {
        let error = #expect(throws: ConnectorError.self) { try WorkflowTemplate(["body": .string(template)], field: "steps[0].input") }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "steps[0].input.body")
    }

    @Test func truthinessFollowsJavaScript() {
        let falsy: [JSONValue] = [false, nil, 0, 0.0, ""]
        let truthy: [JSONValue] = [true, 1, -0.5, "false", "0", [], [:]]
        #expect(falsy.allSatisfy { !WorkflowTemplate.isTruthy($0) })
        #expect(truthy.allSatisfy { WorkflowTemplate.isTruthy($0) })
    }
}
