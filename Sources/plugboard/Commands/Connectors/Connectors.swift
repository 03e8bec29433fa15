import ArgumentParser

/// `plugboard connectors`: named, configured instances of a connector type in an application.
struct Connectors: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage connectors: create, list, show, update, delete, test, dependents, actions, schema.",
        discussion: """
            A connector is a connector type (the resource, e.g. plugboard.nodes.rest) with a name, a description, \
            connection fields and an optional credential. 'plugboard types show TYPE' lists a type's fields.
            """,
        subcommands: [
            ConnectorsList.self, ConnectorsCreate.self, ConnectorsShow.self, ConnectorsUpdate.self,
            ConnectorsDelete.self, ConnectorsTest.self, ConnectorsDependents.self, ConnectorsActions.self, ConnectorsSchema.self,
        ],
        defaultSubcommand: ConnectorsList.self
    )
}
