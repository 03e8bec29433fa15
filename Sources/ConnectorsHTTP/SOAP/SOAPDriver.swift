import PlugboardCore

/// The `soap` node: reads a WSDL 1.1 service description and calls its operations with JSON mapped to SOAP XML.
public struct SOAPDriver: ConnectorDriver, ConnectorActionProviding, SchemaDiscovering, ConfigurationChecking {
    /// The node as the catalogue lists it.
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "soap", category: "APIs and protocols", displayName: "SOAP web service",
        description: """
            Call a SOAP 1.1 or 1.2 web service described by a WSDL 1.1 document. Plugboard fetches the WSDL and the schemas it \
            imports, lists each operation with its input and output as JSON Schema, and offers every operation as an action: \
            JSON input becomes the XML body in the schema's order, the XML answer comes back as typed JSON, and SOAP faults \
            become errors carrying faultcode and faultstring. A username and password credential is sent as a WS-Security \
            UsernameToken or HTTP Basic. External XML entities and DTDs are never processed.
            """,
        credentialKinds: [.usernamePassword, .bearerToken, .apiKey, .clientCertificate], credentialRequired: false)

    /// The driver; it holds no state.
    public init() {}

    /// `operations` and `call`; each WSDL operation is also an action of its own (`connectorActions`).
    public var actions: [ConnectorAction<SOAPSession>] { [Self.operationsAction, Self.callAction] }

    /// Makes the guarded client and reads the WSDL once; the session keeps the parsed service.
    public func openSession(_ configuration: SOAPConfiguration, context: SessionContext) async throws -> SOAPSession {
        var options = configuration.clientOptions
        options.clientCertificate = context.clientCertificate
        let transport = try await context.network.makeHTTPClient(options)
        do {
            let service = try await Self.loadService(configuration, transport: transport, deadline: min(context.deadline, .now + configuration.timeout))
            return SOAPSession(configuration: configuration, transport: transport, service: service)
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    /// Fetches the WSDL again (a real round trip) and reports the service, port and operation count.
    public func test(_ session: SOAPSession, context: CallContext) async throws -> JSONValue {
        let service = try await Self.loadService(
            session.configuration, transport: session.transport, deadline: min(context.deadline, .now + session.configuration.timeout))
        return [
            "service": .string(service.serviceName), "port": .string(service.portName), "soapVersion": .string(session.version.rawValue),
            "endpoint": .string((try? session.endpoint()) ?? ""), "operations": .integer(Int64(service.operations.count)),
        ]
    }

    /// Refuses, before saving, a WSDL that cannot be fetched or read, or lacks the named service or port.
    public func check(_ configuration: SOAPConfiguration, context: CallContext) async throws {
        let transport = try await context.network.makeHTTPClient(configuration.clientOptions)
        do {
            let service = try await Self.loadService(configuration, transport: transport, deadline: min(context.deadline, .now + configuration.timeout))
            await transport.shutdown()
            guard configuration.endpoint != nil || service.endpoint != nil else {
                throw ConnectorError.invalidConfiguration(
                    "The port '\(service.portName)' has no soap:address; set the endpoint override.", field: "endpoint")
            }
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    /// One action per WSDL operation, named after it, its input schema derived from the message.
    public func connectorActions(_ session: SOAPSession, context: CallContext) async throws -> [ConnectorAction<SOAPSession>] {
        let reserved = Set(actions.map(\.descriptor.name))
        return session.service.operations.filter { !reserved.contains($0.name) }.map { operation in
            let name = operation.name
            let schemas = session.schemas(of: operation)
            return ConnectorAction(
                ActionDescriptor(
                    name: name, title: name,
                    description: operation.documentation ?? "Calls the SOAP operation \(name) of \(session.service.serviceName).",
                    inputSchema: schemas.input, outputSchema: schemas.output, annotations: ActionAnnotations()),
                run: { session, input, context in
                    try await session.call(try session.service.operation(name), input: input, soapHeaders: [], context: context).output
                })
        }
    }

    /// The chosen service, its operations with their input and output shapes, and the schema's named types.
    public func discover(_ session: SOAPSession, context: CallContext) async throws -> JSONValue {
        var description = Self.describe(session)
        let schemas = session.service.schemas
        var elements = JSONObject()
        for name in schemas.elements.keys.sorted(by: { $0.description < $1.description }) {
            if let element = schemas.elements[name] { elements[name.description] = schemas.jsonSchema(for: element) }
        }
        var types = JSONObject()
        for name in schemas.complexTypes.keys.sorted(by: { $0.description < $1.description }) {
            types[name.description] = schemas.jsonSchema(for: .named(name))
        }
        for name in schemas.simpleTypes.keys.sorted(by: { $0.description < $1.description }) {
            types[name.description] = schemas.jsonSchema(for: .named(name))
        }
        description["types"] = ["elements": .object(elements), "types": .object(types)]
        return .object(description)
    }

    static func loadService(_ configuration: SOAPConfiguration, transport: any HTTPTransport, deadline: ContinuousClock.Instant) async throws -> SOAPService {
        let definitions = try await WSDLLoader(transport: transport, deadline: deadline).load(configuration.wsdlURL)
        return try SOAPService.select(
            from: definitions, service: configuration.service, port: configuration.port, preferredVersion: configuration.forcedVersion)
    }

    /// The service, port, version, endpoint and operations as the API shows them.
    static func describe(_ session: SOAPSession) -> JSONObject {
        let service = session.service
        let operations: [JSONValue] = service.operations.map { operation in
            var object: JSONObject = ["name": .string(operation.name)]
            if let documentation = operation.documentation { object["description"] = .string(documentation) }
            object["soapAction"] = .string(operation.soapAction ?? "")
            object["style"] = .string(operation.style)
            let schemas = session.schemas(of: operation)
            object["inputSchema"] = schemas.input
            object["outputSchema"] = schemas.output
            return .object(object)
        }
        return [
            "service": .string(service.serviceName), "port": .string(service.portName), "soapVersion": .string(session.version.rawValue),
            "endpoint": .string((try? session.endpoint()) ?? ""), "operations": .array(operations),
        ]
    }
}
