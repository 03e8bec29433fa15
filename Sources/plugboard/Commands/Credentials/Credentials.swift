import ArgumentParser

/// `plugboard credentials`: secrets connectors authenticate with; values are write-only.
struct Credentials: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage credentials (secret values are write-only: never shown again).",
        discussion: """
            Field values: --field key=value, --field key=@file (read from a file), or --field-stdin key to read a \
            secret from standard input so it stays out of your shell history and process list.
            """,
        subcommands: [
            CredentialsList.self, CredentialsCreate.self, CredentialsShow.self, CredentialsUpdate.self,
            CredentialsDelete.self, CredentialsConnect.self, CredentialsKinds.self,
        ],
        defaultSubcommand: CredentialsList.self
    )
}
