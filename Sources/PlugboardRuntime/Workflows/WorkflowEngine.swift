import Foundation
import PlugboardCore
import PlugboardStore

/// Runs a workflow run's steps in order through the runtime's one call path, writing each step's result as it
/// finishes. A run handed back after a restart carries its finished steps' results: they are read, not run again.
struct WorkflowEngine: Sendable {
    let runtime: Runtime

    /// Step outputs larger than this are kept as a note; later steps of the same process still see the whole output.
    static let storedOutputLimit = 256 * 1024
    /// How deep workflows may call workflows.
    static let maximumDepth = 5
    /// Elements a `forEach` may have.
    static let maximumItems = 1_000

    /// How a run ended, as far as the engine could tell.
    enum Ending: Sendable, Equatable {
        case succeeded(output: JSONValue?)
        case failed(ConnectorError)
        /// Stopped by cancellation (a user's cancel or a shutdown); the runner decides which.
        case interrupted
    }

    /// Runs the steps not yet finished and returns how the run ended, without writing the ending.
    func execute(_ run: WorkflowRunRecord) async -> Ending {
        do {
            guard let application = try await runtime.store.application(run.applicationID) else {
                return .failed(ConnectorError.notFound("application", run.applicationID))
            }
            var context = Context(application: application, run: run, depth: 0)
            for result in run.stepResults where result.status != .skipped {
                context.outputs[result.name] = result.output ?? .null
                if result.status == .succeeded { context.lastOutput = result.output }
            }
            let finished = Set(run.stepResults.map(\.index))
            for (index, step) in run.steps.enumerated() where !finished.contains(index) {
                try Task.checkCancellation()
                let result = try await self.run(step, index: index, in: &context)
                try await runtime.store.recordStepResult(runID: run.id, Self.stored(result))
                if result.status == .failed, step.onError == .stop, let error = result.error {
                    return .failed(ConnectorError(stepFailed: step.name, error: error))
                }
            }
            return .succeeded(output: context.lastOutput)
        } catch is CancellationError {
            return .interrupted
        } catch let error as ConnectorError where error.code == .cancelled && Task.isCancelled {
            return .interrupted
        } catch {
            return .failed(Runtime.connectorError(from: error, logger: runtime.logger))
        }
    }

    /// What a run's steps see: its input, the outputs so far by step name, and who the execution log names.
    struct Context: Sendable {
        var application: ApplicationRecord
        var run: WorkflowRunRecord
        var depth: Int
        var outputs: [String: JSONValue] = [:]
        var lastOutput: JSONValue?
        var input: JSONValue { run.input }

        func scope(item: JSONValue? = nil) -> JSONValue {
            var object: JSONObject = [
                "input": input, "steps": .object(JSONObject(outputs.sorted { $0.key < $1.key }.map { ($0.key, ["output": $0.value]) })),
            ]
            if let item { object["item"] = item }
            return .object(object)
        }
    }

    /// Runs one step (each element of a `forEach`, with retries) and returns its result; a failure is a result,
    /// not a throw, unless the run was cancelled.
    private func run(_ step: WorkflowStep, index: Int, in context: inout Context) async throws -> WorkflowStepResult {
        let startedAt = Date()
        let started = ContinuousClock.now
        var attempts = 0
        func result(_ status: WorkflowStepResult.Status, output: JSONValue?, error: ConnectorError? = nil) -> WorkflowStepResult {
            WorkflowStepResult(
                index: index, name: step.name, status: status, attempts: attempts, startedAt: startedAt,
                durationMs: (ContinuousClock.now - started).milliseconds, output: output, error: error?.json)
        }
        do {
            if let condition = step.condition {
                let value = try WorkflowTemplate(.string(condition), field: "if").render(in: context.scope(), step: step.name)
                guard WorkflowTemplate.isTruthy(value) else { return result(.skipped, output: nil) }
            }
            let output: JSONValue
            if let forEach = step.forEach {
                let list = try WorkflowTemplate(.string(forEach), field: "forEach").render(in: context.scope(), step: step.name)
                guard let items = list.arrayValue else {
                    throw ConnectorError.invalidInput(
                        "Step '\(step.name)': forEach must name a list, but '\(forEach)' is \(list.typeName).", field: "forEach")
                }
                guard items.count <= Self.maximumItems else {
                    throw ConnectorError.invalidInput(
                        "Step '\(step.name)': forEach has \(items.count) elements; at most \(Self.maximumItems) are run.", field: "forEach")
                }
                var outputs: [JSONValue] = []
                for item in items {
                    outputs.append(try await attempt(step, scope: context.scope(item: item), context: context, attempts: &attempts))
                }
                output = .array(outputs)
            } else {
                output = try await attempt(step, scope: context.scope(), context: context, attempts: &attempts)
            }
            context.outputs[step.name] = output
            context.lastOutput = output
            return result(.succeeded, output: output)
        } catch let error as ConnectorError where !(error.code == .cancelled && Task.isCancelled) {
            context.outputs[step.name] = .null
            return result(.failed, output: nil, error: error)
        }
    }

    /// One element's call, tried again after a retryable failure as the step's retry allows.
    private func attempt(
        _ step: WorkflowStep, scope: JSONValue, context: Context, attempts: inout Int
    ) async throws -> JSONValue {
        let input = try WorkflowTemplate(step.input, field: "input").render(in: scope, step: step.name)
        var wait = Duration.seconds(step.retry.backoff)
        for remaining in (0..<step.retry.attempts).reversed() {
            attempts += 1
            do {
                return try await call(step, input: input, context: context)
            } catch let error as ConnectorError where error.retryable && remaining > 0 {
                try await Task.sleep(for: max(wait, error.retryAfter.map { .seconds($0) } ?? .zero))
                wait = min(wait * 2, .seconds(60))
            }
        }
        throw ConnectorError.internal("A step ran out of tries without an error.")
    }

    private func call(_ step: WorkflowStep, input: JSONValue, context: Context) async throws -> JSONValue {
        let timeout = step.timeout.map { Duration.milliseconds(Int64($0 * 1000)) }
        switch step.target {
        case .action(let connector, let action):
            let caller = Caller(tokenID: "", tokenName: context.run.startedBy, runID: context.run.id)
            return try await runtime.execute(
                application: context.application, connector: connector, action: action, input: input,
                inputBytes: input.jsonBytes().count, caller: caller, timeout: timeout
            ).output
        case .workflow(let reference):
            return try await callWorkflow(reference, input: input, context: context, timeout: timeout)
        }
    }

    /// Runs another workflow's steps inside this step, in this run: their executions carry this run's id.
    private func callWorkflow(_ reference: String, input: JSONValue, context: Context, timeout: Duration?) async throws -> JSONValue {
        guard context.depth < Self.maximumDepth else {
            throw ConnectorError.invalidInput("Workflows call each other more than \(Self.maximumDepth) deep; is there a loop?")
        }
        guard let workflow = try await runtime.store.workflow(applicationID: context.application.id, reference) else {
            throw ConnectorError.notFound("workflow", reference)
        }
        if let schema = workflow.inputSchema { try SchemaValidator.validate(input, against: schema) }
        var child = context.run
        child.steps = workflow.steps
        child.input = input
        let inner = Context(application: context.application, run: child, depth: context.depth + 1)
        let body: @Sendable () async throws -> JSONValue = {
            var inner = inner
            for (index, step) in workflow.steps.enumerated() {
                let result = try await self.run(step, index: index, in: &inner)
                if result.status == .failed, step.onError == .stop, let error = result.error {
                    throw ConnectorError(stepFailed: "\(workflow.name).\(step.name)", error: error)
                }
            }
            return inner.lastOutput ?? .null
        }
        guard let timeout else { return try await body() }
        return try await Runtime.withDeadline(.now + timeout, body)
    }

    /// The result as the store keeps it: an output past the limit becomes a note.
    static func stored(_ result: WorkflowStepResult) -> WorkflowStepResult {
        guard let output = result.output else { return result }
        var stored = result
        (stored.output, stored.outputTruncated) = storable(output)
        return stored
    }

    /// An output as runs keep it: itself, or past the limit a note with its size.
    static func storable(_ output: JSONValue) -> (value: JSONValue, truncated: Bool) {
        let size = output.jsonBytes().count
        guard size > storedOutputLimit else { return (output, false) }
        let note: JSONValue = [
            "truncated": true, "bytes": .integer(Int64(size)),
            "note": .string("The output was \(size) bytes; runs keep at most \(storedOutputLimit). Later steps in the same run saw all of it."),
        ]
        return (note, true)
    }
}

extension ConnectorError {
    /// A run's error when one of its steps failed: the step's code, its message prefixed with the step's name.
    init(stepFailed step: String, error: JSONValue) {
        self.init(rendered: error, fallback: "no message")
        message = "Step '\(step)' failed: \(message)"
        field = nil
        details = ["step": .string(step), "error": error]
    }
}
