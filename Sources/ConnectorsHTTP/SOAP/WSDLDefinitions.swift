/// The parts of a WSDL 1.1 document set that calling a service needs: messages, port types, bindings, services
/// and the XSD types, merged across `wsdl:import`ed documents.
struct WSDLDefinitions: Sendable {
    static let namespace = "http://schemas.xmlsoap.org/wsdl/"
    static let soap11BindingNamespace = "http://schemas.xmlsoap.org/wsdl/soap/"
    static let soap12BindingNamespace = "http://schemas.xmlsoap.org/wsdl/soap12/"

    struct Part: Sendable, Hashable {
        var name: String
        var element: XMLName?
        var type: XMLName?
    }

    struct Message: Sendable {
        var parts: [Part]
    }

    struct Operation: Sendable {
        var name: String
        var input: XMLName?
        var output: XMLName?
        var documentation: String?
    }

    struct PortType: Sendable {
        var operations: [Operation]
    }

    /// How one message of an operation goes on the wire (`soap:body`).
    struct BodyUse: Sendable {
        var parts: [String]?
        var namespace: String?
        var use: String?
    }

    struct BindingOperation: Sendable {
        var name: String
        var soapAction: String?
        var style: String?
        var input = BodyUse()
        var output = BodyUse()
    }

    struct Binding: Sendable {
        var portType: XMLName
        var version: SOAPVersion
        var style: String?
        var operations: [String: BindingOperation]
    }

    struct Port: Sendable {
        var name: String
        var binding: XMLName
        var address: String?
    }

    struct Service: Sendable {
        var name: XMLName
        var ports: [Port]
        var documentation: String?
    }

    var messages: [XMLName: Message] = [:]
    var portTypes: [XMLName: PortType] = [:]
    var bindings: [XMLName: Binding] = [:]
    /// In document order, so "the first service" means something.
    var services: [Service] = []
    var schemas = XSDSchemaSet()
    /// The first document's target namespace.
    var targetNamespace: String?
}
