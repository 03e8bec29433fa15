import ArgumentParser

/// `plugboard types`: the connector types this server offers.
struct Types: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List connector types and show their fields and actions.",
        subcommands: [TypesList.self, TypesShow.self],
        defaultSubcommand: TypesList.self
    )
}
