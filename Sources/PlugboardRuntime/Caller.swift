/// Who asked for an execution, as the execution log names them.
public struct Caller: Sendable {
    public var tokenID: String
    public var tokenName: String

    public init(tokenID: String, tokenName: String) {
        self.tokenID = tokenID
        self.tokenName = tokenName
    }
}
