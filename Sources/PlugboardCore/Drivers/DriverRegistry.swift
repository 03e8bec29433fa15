/// The connector types this Plugboard offers, by id.
public struct DriverRegistry: Sendable {
    private var drivers: [String: AnyConnectorDriver] = [:]
    /// Type ids in registration order.
    public private(set) var typeIDs: [String] = []
    /// What reads credentials of a kind when they are saved, by kind.
    public private(set) var inspectors: [CredentialKind: any CredentialInspecting] = [:]

    /// An empty registry; drivers are added with `register(_:)`.
    public init() {}

    /// Adds a driver under its type id, replacing one already registered with that id.
    public mutating func register<Driver: ConnectorDriver>(_ driver: Driver) {
        let erased = AnyConnectorDriver(driver)
        if drivers.updateValue(erased, forKey: erased.descriptor.id) == nil { typeIDs.append(erased.descriptor.id) }
    }

    /// Adds what reads credentials of `inspector.kind` when they are saved.
    public mutating func register(inspector: any CredentialInspecting) {
        inspectors[inspector.kind] = inspector
    }

    /// The driver for a type id; `not_found` (with the known ids) when there is none.
    public func driver(for typeID: String) throws(ConnectorError) -> AnyConnectorDriver {
        guard let driver = drivers[typeID] else {
            throw ConnectorError(
                .invalidInput, message: "There is no connector type '\(typeID)'.", fix: "Use one of: \(typeIDs.joined(separator: ", ")).",
                field: "type")
        }
        return driver
    }

    /// Descriptors of every connector type, in registration order.
    public var descriptors: [ConnectorTypeDescriptor] { typeIDs.compactMap { drivers[$0]?.descriptor } }
}
