import ArgumentParser

/// `plugboard bindings`: which connector actions agents see as MCP tools.
struct Bindings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage agent tool bindings: list, create, update, delete.",
        discussion: """
            A tool binding exposes chosen actions of one connector to agents over MCP (/mcp or 'plugboard mcp'); \
            only bound actions are tools, named <connector>__<action>. A connector with a binding cannot be deleted.
            """,
        subcommands: [BindingsList.self, BindingsCreate.self, BindingsUpdate.self, BindingsDelete.self],
        defaultSubcommand: BindingsList.self
    )
}
