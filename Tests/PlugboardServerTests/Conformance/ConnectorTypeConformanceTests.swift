import PlugboardCore
import PlugboardServer
import Testing

/// What every registered connector type promises, checked over the whole registry: a new node is held to it the
/// moment it is registered, and fails here until it keeps every promise.
@Suite struct ConnectorTypeConformanceTests {
    static let registry = DriverRegistry.standard

    @Test(arguments: registry.typeIDs)
    func theDescriptorIsWellFormed(type: String) throws {
        let descriptor = try Self.registry.driver(for: type).descriptor
        #expect(descriptor.id == "plugboard.nodes.\(descriptor.slug)")
        #expect(descriptor.slug.wholeMatch(of: /[a-z][a-z0-9-]*/) != nil, "slug \(descriptor.slug)")
        #expect(!descriptor.displayName.isEmpty && !descriptor.category.isEmpty)
        #expect(descriptor.description.count >= 40, "a description written for users and agents")
        #expect(!descriptor.credentialRequired || !descriptor.credentialKinds.isEmpty, "a required credential of no kind")
        // What the API says about capabilities is what the driver conforms to.
        #expect(descriptor.json["connectorActions"] == .bool(descriptor.capabilities.contains(.connectorActions)))
        #expect(descriptor.json["schemaDiscovery"] == .bool(descriptor.capabilities.contains(.schemaDiscovery)))
    }

    @Test(arguments: registry.typeIDs)
    func theOptionsSchemaIsValidAndItsDefaultsDecode(type: String) throws {
        let driver = try Self.registry.driver(for: type)
        let schema = driver.descriptor.optionsSchema
        let problems = SchemaLint.problems(in: schema, isTopLevelObject: true)
        #expect(problems.isEmpty, "\(type) options: \(problems.joined(separator: "; "))")
        let properties = try #require(schema["properties"]?.objectValue)
        for (name, property) in properties { #expect(property["title"]?.stringValue?.isEmpty == false, "\(type) option \(name) has no title") }

        let example = try #require(ConformanceExamples.options[type], "Add minimal valid options for \(type) to ConformanceExamples.")
        let configured = try driver.configure(example)
        // Every default reaches the stored options, and what is stored decodes again to the same options.
        for (name, property) in properties {
            guard let value = property["default"] else { continue }
            #expect(configured.options[name] == example[name] ?? value, "\(type) option \(name)")
        }
        #expect(try driver.configure(configured.options).options == configured.options)
    }

    @Test(arguments: registry.typeIDs)
    func actionsHaveUniqueSnakeCaseNamesAndValidSchemas(type: String) throws {
        let actions = try Self.registry.driver(for: type).descriptor.actions
        #expect(Set(actions.map(\.name)).count == actions.count, "\(type) has two actions of one name")
        for action in actions {
            #expect(action.name.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil, "\(type) action \(action.name) is not snake_case")
            #expect(!action.title.isEmpty && !action.description.isEmpty, "\(type) action \(action.name)")
            let input = SchemaLint.problems(in: action.inputSchema, isTopLevelObject: true)
            #expect(input.isEmpty, "\(type) \(action.name) input: \(input.joined(separator: "; "))")
            let output = SchemaLint.problems(in: action.outputSchema, isTopLevelObject: false)
            #expect(output.isEmpty, "\(type) \(action.name) output: \(output.joined(separator: "; "))")
            #expect(!(action.annotations.readOnly && action.annotations.destructive), "\(type) \(action.name) reads only yet destroys")
        }
    }
}
