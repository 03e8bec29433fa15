import PlugboardCore

/// The `agent` action's input: what to do, with which of the application's tools, and the limits that stop it.
struct AgentInput: FieldSet {
    var instruction = ""
    var system: String?
    var tools: [String]?
    var allowDestructive = false
    var maxSteps = 10
    var tokenBudget: Int?
    var model: String?
    var temperature: Double?
    var maxTokens: Int?
    var extra: FieldMap<JSONValue> = [:]

    init() {}

    static let fields = FieldList<Self> {
        Field("instruction", \.instruction, title: "Instruction", description: "What the agent is to do, as a user would ask it.", minLength: 1, required: true)
        Field("system", \.system, title: "System prompt", description: "Guidance before the instruction; a short default explains the tools.")
        Field(
            "tools", \.tools, title: "Tools",
            description: "Tool names as MCP lists them (<connector>__<action>, workflow__<name>) or connector names for all their bound actions. Left out: every tool the application binds.")
        Field(
            "allowDestructive", \.allowDestructive, title: "Allow destructive tools",
            description: "Offer and run tools whose annotations say they may delete or overwrite data. Off: they are left out, and a call to one is refused.")
        Field("maxSteps", \.maxSteps, title: "Step limit", description: "Model turns at most; the agent stops after this many.", minimum: 1, maximum: 50)
        Field(
            "tokenBudget", \.tokenBudget, title: "Token budget",
            description: "Input and output tokens of every turn together; no further turn starts once they are spent.", minimum: 1)
        Field("model", \.model, title: "Model", description: "The model to ask; the connector's default model when left out.")
        Field("temperature", \.temperature, title: "Temperature", minimum: 0, maximum: 2)
        Field("maxTokens", \.maxTokens, title: "Maximum output tokens per turn", minimum: 1)
        Field("extra", \.extra, title: "Provider-specific fields", description: "Merged into every turn's request body as they are.")
    }
}
