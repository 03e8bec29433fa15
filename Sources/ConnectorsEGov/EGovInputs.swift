import ConnectorsHTTP
import PlugboardCore

struct EGovCallInput: FieldSet {
    var serviceId = ""
    var xml: String?
    var json: JSONValue?
    var dataType: String?
    var dataTypeNamespace: String?
    var sessionId: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("serviceId", \.serviceId, title: "Service id", description: "The service's id in SmartBridge.", minLength: 1, required: true)
        Field("xml", \.xml, title: "Payload (XML)", description: "The content of requestData/data: one or more elements.")
        Field("json", \.json, title: "Payload (JSON)", description: "Instead of xml: an object mapped to elements.")
        Field("dataType", \.dataType, title: "Payload type", description: "The data element's xsi:type, such as Request.")
        Field("dataTypeNamespace", \.dataTypeNamespace, title: "Payload type namespace", description: "The namespace of the payload type.")
        Field("sessionId", \.sessionId, title: "Session id", description: "requestInfo's sessionId, when the service wants one.")
    }

    func data() throws(ConnectorError) -> XMLTreeElement {
        try EGovPayload.data(xml: xml, json: json, type: dataType, typeNamespace: dataTypeNamespace)
    }
}

struct EGovFetchInput: FieldSet {
    var serviceId = ""
    var correlationId = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("serviceId", \.serviceId, title: "Service id", minLength: 1, required: true)
        Field("correlationId", \.correlationId, title: "Correlation id", description: "What send_async returned.", minLength: 1, required: true)
    }
}

struct EGovPersonInput: FieldSet {
    var iin = ""
    var serviceId = "GBDFL"
    var typeNamespace = "http://gbdfl.egov.kz/PersonRequest"

    init() {}

    static let fields = FieldList<Self> {
        Field("iin", \.iin, title: "IIN", description: "12 digits.", required: true)
        Field("serviceId", \.serviceId, title: "Service id", description: "GBDFL unless the gateway names it otherwise.", minLength: 1)
        Field("typeNamespace", \.typeNamespace, title: "Request type namespace", description: "The namespace of the PersonRequest type.")
    }
}
