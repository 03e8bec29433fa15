import ArgumentParser

/// `plugboard executions`: the audit log of actions run in an application.
struct Executions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the execution log: who ran which action on which connector, and how it went.",
        subcommands: [ExecutionsList.self],
        defaultSubcommand: ExecutionsList.self
    )
}
