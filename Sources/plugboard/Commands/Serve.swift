import ArgumentParser
import PlugboardServer

/// `plugboard serve`: runs the server in the foreground until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Plugboard server.",
        discussion: """
            Serves the HTTP API on HOST:PORT with its embedded SQLite store in the \
            data folder. On first start it creates the folder, the database and a \
            0600 master-key file (master.key). The admin token is \
            PLUGBOARD_ADMIN_TOKEN when set; otherwise one is generated and printed \
            once on first start.

            With --database postgres://user:password@host:5432/db (or \
            PLUGBOARD_DATABASE_URL) the state lives in PostgreSQL instead, and any \
            number of replicas can serve it together; give every replica the same \
            PLUGBOARD_MASTER_KEY. URL parameters: sslmode (disable, prefer, \
            require, verify-full), sslrootcert (a PEM file), schema, pool_size, \
            connect_timeout, statement_timeout.

            ENVIRONMENT:
              PLUGBOARD_DATABASE_URL  a PostgreSQL URL, as --database
              PLUGBOARD_MASTER_KEY    base64 32-byte master key, instead of the file
              PLUGBOARD_ADMIN_TOKEN   a bootstrap admin token
              PLUGBOARD_EGRESS_ALLOW  comma-separated CIDRs connectors may reach,
                                      e.g. 127.0.0.0/8 for local tests
              PLUGBOARD_EGRESS_DENY   comma-separated CIDRs connectors may not reach
              LOG_LEVEL               trace, debug, info (default), warning, error

            SIGTERM or SIGINT stops accepting requests, lets in-flight executions \
            finish, then exits.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one; the log says which).")
    var port = 8080

    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard !host.isEmpty else { throw ValidationError("--host cannot be empty.") }
    }

    func run() async throws {
        var settings = ServerSettings()
        settings.host = host
        settings.port = port
        settings.dataDirectory = store.dataDirectory
        settings.databaseURL = store.databaseURL
        try await PlugboardService.run(settings)
    }
}
