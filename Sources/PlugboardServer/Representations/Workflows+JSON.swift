import Foundation
import PlugboardCore
import PlugboardStore

/// How workflows, runs, triggers and events read in the API.
extension WorkflowRecord {
    /// `connectorNames` maps the steps' connector ids to names, shown beside the ids.
    func json(connectorNames: [String: String]) -> JSONValue {
        [
            "id": .string(id), "applicationId": .string(applicationID), "name": .string(name), "description": .string(description),
            "inputSchema": inputSchema ?? .null, "steps": .array(steps.map { $0.json(connectorNames: connectorNames) }),
            "concurrency": .integer(Int64(concurrency)), "agentTool": .bool(agentTool), "version": .integer(Int64(version)),
            "createdAt": .string(ISO8601.string(from: createdAt)), "updatedAt": .string(ISO8601.string(from: updatedAt)),
        ]
    }
}

extension WorkflowStep {
    func json(connectorNames: [String: String]) -> JSONValue {
        guard case .object(var object) = json else { return json }
        if let connector, let name = connectorNames[connector] { object["connectorName"] = .string(name) }
        return .object(object)
    }
}

extension WorkflowRunRecord {
    /// The run with its steps' results; `withSteps: false` leaves them out of lists.
    func json(withSteps: Bool = true) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id), "applicationId": .string(applicationID), "workflowId": .string(workflowID), "workflowName": .string(workflowName),
            "status": .string(status.rawValue), "input": input, "output": output ?? .null, "error": error ?? .null,
            "eventId": eventID.map(JSONValue.string) ?? .null, "startedBy": .string(startedBy),
            "createdAt": .string(ISO8601.string(from: createdAt)), "startedAt": startedAt.map { .string(ISO8601.string(from: $0)) } ?? .null,
            "finishedAt": finishedAt.map { .string(ISO8601.string(from: $0)) } ?? .null, "cancelRequested": .bool(cancelRequested),
        ]
        if withSteps {
            object["steps"] = .array(steps.enumerated().map { index, step in
                guard let result = stepResults.first(where: { $0.index == index }) else {
                    return ["name": .string(step.name), "status": .string(status == .running ? "pending" : "not_run")]
                }
                return result.json
            })
        }
        return .object(object)
    }
}

extension WorkflowStepResult {
    var json: JSONValue {
        [
            "name": .string(name), "status": .string(status.rawValue), "attempts": .integer(Int64(attempts)),
            "startedAt": .string(ISO8601.string(from: startedAt)), "durationMs": .number((durationMs * 1000).rounded() / 1000),
            "output": output ?? .null, "outputTruncated": .bool(outputTruncated), "error": error ?? .null,
        ]
    }
}

extension TriggerRecord {
    /// `webhookURL` is where a webhook trigger receives; nil for other sources.
    func json(workflowName: String?, webhookURL: String?) -> JSONValue {
        var target: JSONObject
        switch self.target {
        case .workflow(let id): target = ["workflow": .string(id), "workflowName": workflowName.map(JSONValue.string) ?? .null]
        case .url(let url): target = ["url": .string(url)]
        }
        var object: JSONObject = [
            "id": .string(id), "applicationId": .string(applicationID), "name": .string(name), "source": .string(source),
            "connector": connectorID.map(JSONValue.string) ?? .null, "options": .object(options), "target": .object(target),
            "paused": .bool(paused), "state": .string(state), "lastError": lastError ?? .null,
            "retryAt": retryAt.map { .string(ISO8601.string(from: $0)) } ?? .null,
            "lastEventAt": lastEventAt.map { .string(ISO8601.string(from: $0)) } ?? .null, "eventCount": .integer(Int64(eventCount)),
            "version": .integer(Int64(version)), "createdAt": .string(ISO8601.string(from: createdAt)),
            "updatedAt": .string(ISO8601.string(from: updatedAt)),
        ]
        if let webhookURL { object["url"] = .string(webhookURL) }
        return .object(object)
    }
}

extension TriggerEventRecord {
    var json: JSONValue {
        [
            "id": .string(id), "triggerId": .string(triggerID), "dedupKey": .string(dedupKey), "payload": payload,
            "receivedAt": .string(ISO8601.string(from: receivedAt)), "status": .string(status.rawValue), "attempts": .integer(Int64(attempts)),
            "nextAttemptAt": nextAttemptAt.map { .string(ISO8601.string(from: $0)) } ?? .null, "lastError": lastError ?? .null,
            "runId": runID.map(JSONValue.string) ?? .null, "deliveredAt": deliveredAt.map { .string(ISO8601.string(from: $0)) } ?? .null,
        ]
    }
}
