import ArgumentParser

/// `plugboard keys`: the master keys that wrap credential data keys.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show master-key status and rotate the key online.",
        subcommands: [KeysStatus.self, KeysRotate.self],
        defaultSubcommand: KeysStatus.self
    )
}
