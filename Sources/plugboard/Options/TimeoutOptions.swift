import ArgumentParser

/// `--timeout` for commands that reach a connector's service: the seconds the server allows the call.
struct TimeoutOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds to allow (server default 30 for tests and schemas, 60 for runs; at most 600).", valueName: "seconds"))
    var timeout: Double?

    /// The query parameter for the API.
    var query: [(String, String?)] {
        [("timeout", timeout.map { "\($0)" })]
    }

    func validate() throws {
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds.") }
    }
}
