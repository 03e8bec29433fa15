/// Who asked for an execution, as the execution log names them.
public struct Caller: Sendable {
    /// Id of the API token the request was authenticated with.
    public var tokenID: String
    /// The token's name, as the execution log shows it.
    public var tokenName: String

    public init(tokenID: String, tokenName: String) {
        self.tokenID = tokenID
        self.tokenName = tokenName
    }
}
