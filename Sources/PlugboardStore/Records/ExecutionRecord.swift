import Foundation

/// The audit record of one action: who, which connector, what happened, how long, how big. Never inputs or secrets.
public struct ExecutionRecord: Sendable, Hashable {
    public var id: String
    public var applicationID: String
    public var connectorID: String
    public var connectorName: String
    public var action: String
    public var tokenName: String
    /// `succeeded` or `failed`.
    public var status: String
    public var errorCode: String?
    public var durationMs: Double
    public var inputBytes: Int
    public var outputBytes: Int
    public var startedAt: Date

    public init(
        id: String = Identifier.make("exe"), applicationID: String, connectorID: String, connectorName: String, action: String,
        tokenName: String, status: String, errorCode: String?, durationMs: Double, inputBytes: Int, outputBytes: Int,
        startedAt: Date
    ) {
        self.id = id
        self.applicationID = applicationID
        self.connectorID = connectorID
        self.connectorName = connectorName
        self.action = action
        self.tokenName = tokenName
        self.status = status
        self.errorCode = errorCode
        self.durationMs = durationMs
        self.inputBytes = inputBytes
        self.outputBytes = outputBytes
        self.startedAt = startedAt
    }
}

/// Which executions to list.
public struct ExecutionFilter: Sendable, Hashable {
    public var connectorID: String?
    public var status: String?

    public init(connectorID: String? = nil, status: String? = nil) {
        self.connectorID = connectorID
        self.status = status
    }
}
