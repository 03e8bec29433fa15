/// Who asked for an execution, as the execution log names them.
public struct Caller: Sendable {
    /// Id of the API token the request was authenticated with; empty for a workflow run a trigger started.
    public var tokenID: String
    /// The token's name, as the execution log shows it.
    public var tokenName: String
    /// The workflow run the execution is a step of, if any.
    public var runID: String?

    public init(tokenID: String, tokenName: String, runID: String? = nil) {
        self.tokenID = tokenID
        self.tokenName = tokenName
        self.runID = runID
    }
}
