import PlugboardCore

/// One step of a workflow: a connector action, or another workflow, run with an input template.
///
/// The same JSON shape is what the API takes and returns and what the store keeps, so there is one reader:
/// `{"name", "connector", "action", "input", "if", "forEach", "timeout", "retry": {"attempts", "backoff"}, "onError"}`,
/// or `"workflow"` in place of `connector` and `action`. The store keeps the connector's and the workflow's ids;
/// the API also accepts their names and resolves them before saving.
public struct WorkflowStep: Sendable, Hashable {
    /// What the step runs.
    public enum Target: Sendable, Hashable {
        /// An action of a connector, by connector id (or name, before saving) and action name.
        case action(connector: String, action: String)
        /// Another workflow of the application, by id (or name, before saving), given the rendered input.
        case workflow(String)
    }

    /// What a failed step does to its run.
    public enum OnError: String, Sendable, Hashable, CaseIterable {
        /// The run fails with the step's error.
        case stop
        /// The step is marked failed with its error and the run goes on; later steps see a null output.
        case `continue`
    }

    /// How often a step whose error is marked retryable is tried, and the first wait between tries (doubling).
    public struct Retry: Sendable, Hashable {
        /// Tries in all, the first included; 1 means no retry.
        public var attempts: Int
        /// Seconds before the second try; each later wait doubles, up to a minute.
        public var backoff: Double

        public init(attempts: Int = 1, backoff: Double = 1) {
            self.attempts = attempts
            self.backoff = backoff
        }
    }

    /// Unique in the workflow; later steps read this step's output as `steps.NAME.output`.
    public var name: String
    public var target: Target
    /// The input template: JSON whose strings may hold `{{ … }}` references.
    public var input: JSONValue
    /// A template that must be truthy for the step to run; otherwise it is skipped.
    public var condition: String?
    /// A template naming a list: the step runs once per element, which `{{ item }}` reads; its output is the list of outputs.
    public var forEach: String?
    /// Seconds each try may take; nil takes the runtime's default.
    public var timeout: Double?
    public var retry: Retry
    public var onError: OnError

    public init(
        name: String, target: Target, input: JSONValue = .object([:]), condition: String? = nil, forEach: String? = nil,
        timeout: Double? = nil, retry: Retry = Retry(), onError: OnError = .stop
    ) {
        self.name = name
        self.target = target
        self.input = input
        self.condition = condition
        self.forEach = forEach
        self.timeout = timeout
        self.retry = retry
        self.onError = onError
    }

    static let maximumAttempts = 10
    static let maximumTimeout = 600.0

    /// Reads a step; `field` names it in errors (`steps[1]`).
    public init(json: JSONValue, field: String) throws(ConnectorError) {
        guard let object = json.objectValue else {
            throw .invalidInput("Each step must be an object with a name, a connector and an action.", field: field)
        }
        try object.onlyKeys(["name", "connector", "action", "workflow", "input", "if", "forEach", "timeout", "retry", "onError"], within: field)
        let name = try object.string("name", required: true, within: field)!
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw .invalidInput(
                "The step name '\(name)' may hold only letters, digits, '_' and '-', so templates can name it.", field: "\(field).name")
        }
        self.name = name
        if let workflow = try object.string("workflow", within: field) {
            guard object["connector"] == nil, object["action"] == nil else {
                throw .invalidInput("A step runs either a workflow or a connector's action, not both.", field: "\(field).workflow")
            }
            target = .workflow(workflow)
        } else {
            let connector = try object.string("connector", required: true, within: field)!
            target = .action(connector: connector, action: try object.string("action", required: true, within: field)!)
        }
        input = object["input"] ?? .object([:])
        condition = try object.string("if", within: field)
        forEach = try object.string("forEach", within: field)
        if let timeout = try object.number("timeout", within: field) {
            guard timeout > 0, timeout <= Self.maximumTimeout else {
                throw .invalidInput("A step's timeout is between 0 and \(Int(Self.maximumTimeout)) seconds.", field: "\(field).timeout")
            }
            self.timeout = timeout
        }
        retry = Retry()
        if let retryObject = try object.object("retry", within: field) {
            try retryObject.onlyKeys(["attempts", "backoff"], within: "\(field).retry")
            let attempts = try retryObject.integer("attempts", within: "\(field).retry") ?? 1
            guard (1...Self.maximumAttempts).contains(attempts) else {
                throw .invalidInput("A step is tried 1 to \(Self.maximumAttempts) times.", field: "\(field).retry.attempts")
            }
            let backoff = try retryObject.number("backoff", within: "\(field).retry") ?? 1
            guard backoff >= 0, backoff <= 60 else {
                throw .invalidInput("The retry back-off is 0 to 60 seconds.", field: "\(field).retry.backoff")
            }
            retry = Retry(attempts: attempts, backoff: backoff)
        }
        let onError = try object.string("onError", within: field) ?? "stop"
        guard let parsed = OnError(rawValue: onError) else {
            throw .invalidInput("onError is 'stop' or 'continue', not '\(onError)'.", field: "\(field).onError")
        }
        self.onError = parsed
    }

    /// The step as the API shows it and the store keeps it.
    public var json: JSONValue {
        var object: JSONObject = ["name": .string(name)]
        switch target {
        case .action(let connector, let action):
            object["connector"] = .string(connector)
            object["action"] = .string(action)
        case .workflow(let workflow):
            object["workflow"] = .string(workflow)
        }
        object["input"] = input
        if let condition { object["if"] = .string(condition) }
        if let forEach { object["forEach"] = .string(forEach) }
        if let timeout { object["timeout"] = .number(timeout) }
        if retry != Retry() { object["retry"] = ["attempts": .integer(Int64(retry.attempts)), "backoff": .number(retry.backoff)] }
        object["onError"] = .string(onError.rawValue)
        return .object(object)
    }

    /// The connector the step calls, if it calls one.
    public var connector: String? {
        if case .action(let connector, _) = target { return connector }
        return nil
    }

    /// Reads a list of steps as a workflow holds them.
    public static func list(_ json: JSONValue, field: String = "steps") throws(ConnectorError) -> [WorkflowStep] {
        guard let array = json.arrayValue else { throw .invalidInput("The field '\(field)' must be a list of steps.", field: field) }
        var steps: [WorkflowStep] = []
        for (index, element) in array.enumerated() {
            steps.append(try WorkflowStep(json: element, field: "\(field)[\(index)]"))
        }
        return steps
    }
}
