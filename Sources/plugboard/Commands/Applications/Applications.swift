import ArgumentParser

/// `plugboard applications`: the tenant scopes that hold credentials, connectors and tokens.
struct Applications: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, create and show applications.",
        discussion: "An application is the scope of everything else: credentials, connectors, executions and tokens.",
        subcommands: [ApplicationsList.self, ApplicationsCreate.self, ApplicationsShow.self],
        defaultSubcommand: ApplicationsList.self
    )
}
