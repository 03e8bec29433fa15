import ArgumentParser

/// `--limit` and `--offset` for list commands.
struct PagingOptions: ParsableArguments {
    @Option(help: "Most rows to show (the server caps it).")
    var limit: Int?

    @Option(help: "Rows to skip, to page through long lists.")
    var offset: Int?

    /// The query parameters for the API.
    var query: [(String, String?)] {
        [("limit", limit.map(String.init)), ("offset", offset.map(String.init))]
    }

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if let offset, offset < 0 { throw ValidationError("--offset cannot be negative.") }
    }
}
