import PlugboardCore

/// The `call` action's input: an operation by name, its input as JSON, and extra SOAP header elements.
struct SOAPCallInput: FieldSet {
    var operation = ""
    var input: FieldMap<JSONValue> = [:]
    var soapHeaders: [SOAPHeaderInput] = []

    static let fields = FieldList<Self> {
        Field("operation", \.operation, title: "Operation", description: "The operation's name, as `operations` lists it.", minLength: 1, required: true)
        Field("input", \.input, title: "Input", description: "The operation's input as JSON.")
        Field(
            "soapHeaders", \.soapHeaders, title: "SOAP headers", description: "Extra elements for soap:Header, besides the WS-Security one.",
            maxItems: 32)
    }
}

/// One extra soap:Header element.
struct SOAPHeaderInput: FieldSet {
    var namespace: String?
    var name = ""
    var value: JSONValue?

    static let fields = FieldList<Self> {
        Field("namespace", \.namespace, title: "Namespace URI")
        Field("name", \.name, title: "Element name", minLength: 1, required: true)
        Field("value", \.value, title: "Value", description: "Text, or an object of child elements.")
    }

    func validate() throws(ConnectorError) {
        guard XSDEncoder.isName(name) else { throw .invalidInput("'\(name)' is not a valid XML element name.", field: "name") }
    }
}
