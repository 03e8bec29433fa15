import ArgumentParser

/// `plugboard tokens`: API tokens and their roles.
struct Tokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API tokens.",
        discussion: """
            A token is a global admin, or belongs to one application with a role:
              admin   everything in the application
              editor  manage credentials and connectors
              runner  read connectors and run actions
              viewer  read only
            """,
        subcommands: [TokensList.self, TokensCreate.self, TokensDelete.self],
        defaultSubcommand: TokensList.self
    )
}
