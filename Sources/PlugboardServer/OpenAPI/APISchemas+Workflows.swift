import PlugboardCore

/// The schemas of workflows, runs, triggers and their events.
extension APISchemas {
    private static let nullableTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]

    static let workflowStep = Schema.object(
        ["name": Schema.string(description: "Unique in the workflow; later steps read its output as steps.NAME.output."),
         "connector": Schema.string(description: "Connector id or name (stored as the id)."),
         "connectorName": Schema.string(description: "Shown in responses."),
         "action": Schema.string(), "workflow": Schema.string(description: "Another workflow to run instead of an action."),
         "input": Schema.any(description: "The input template: JSON whose strings may hold {{ input.… }}, {{ steps.NAME.output.… }}, {{ item }}."),
         "if": Schema.string(description: "A template that must be truthy for the step to run."),
         "forEach": Schema.string(description: "A reference to a list; the step runs once per element, read as {{ item }}."),
         "timeout": Schema.number(description: "Seconds each try may take."),
         "retry": Schema.object(["attempts": Schema.integer(minimum: 1, maximum: 10), "backoff": Schema.number(description: "Seconds, doubling.")]),
         "onError": Schema.string(default: "stop", enum: ["stop", "continue"])],
        required: ["name"])
    static let workflowBody = Schema.object(
        ["name": Schema.string(minLength: 1), "description": Schema.string(), "inputSchema": anyObject, "steps": Schema.array(workflowStep),
         "concurrency": Schema.integer(minimum: 1, maximum: 100),
         "agentTool": Schema.boolean(description: "Offer the workflow to agents as the MCP tool workflow__NAME, its inputSchema the tool's.")])
    static let runBody = Schema.object(["input": Schema.any(description: "The run's input, read as {{ input.… }}.")])
    static let triggerBody = Schema.object(
        ["name": Schema.string(minLength: 1), "source": Schema.string(enum: ["webhook", "schedule"]),
         "connector": Schema.string(description: "For a node's source: the connector it reads from."),
         "options": Schema.object(
            ["cron": Schema.string(description: "Schedule: five fields, or @hourly, @daily…"), "timeZone": Schema.string(default: "UTC"),
             "interval": Schema.number(description: "Schedule: seconds between firings."),
             "maxBodyBytes": Schema.integer(description: "Webhook: larger bodies get 413."),
             "dedupHeader": Schema.string(description: "Webhook: header holding the sender's delivery id.", default: "Idempotency-Key"),
             "signatureHeader": Schema.string(description: "Webhook: header with sha256=<hex> HMAC of the body.", default: "Plugboard-Signature")],
            additionalProperties: true),
         "target": Schema.object(["workflow": Schema.string(description: "Workflow id or name."), "url": Schema.string(format: "uri")]),
         "paused": Schema.boolean()])

    static let workflowComponents: JSONObject = [
        "Workflow": Schema.object(
            ["id": Schema.string(), "applicationId": Schema.string(), "name": Schema.string(), "description": Schema.string(),
             "inputSchema": Schema.any(), "steps": Schema.array(workflowStep), "concurrency": Schema.integer(), "agentTool": Schema.boolean(),
             "version": Schema.integer(),
             "createdAt": timestamp, "updatedAt": timestamp],
            required: ["id", "name", "steps"]),
        "WorkflowRun": Schema.object(
            ["id": Schema.string(), "applicationId": Schema.string(), "workflowId": Schema.string(), "workflowName": Schema.string(),
             "status": Schema.string(enum: ["queued", "running", "succeeded", "failed", "cancelled"]), "input": Schema.any(),
             "output": Schema.any(), "error": Schema.any(), "eventId": nullableString, "startedBy": Schema.string(), "createdAt": timestamp,
             "startedAt": nullableTime, "finishedAt": nullableTime, "cancelRequested": Schema.boolean(),
             "steps": Schema.array(ref("StepResult"), description: "Only when one run is read.")],
            required: ["id", "status"]),
        "StepResult": Schema.object(
            ["name": Schema.string(),
             "status": Schema.string(enum: ["succeeded", "failed", "skipped", "pending", "not_run"]),
             "attempts": Schema.integer(), "startedAt": timestamp, "durationMs": Schema.number(), "output": Schema.any(),
             "outputTruncated": Schema.boolean(), "error": Schema.any()],
            required: ["name", "status"]),
        "Trigger": Schema.object(
            ["id": Schema.string(), "applicationId": Schema.string(), "name": Schema.string(), "source": Schema.string(),
             "connector": nullableString, "options": anyObject, "target": anyObject, "paused": Schema.boolean(),
             "state": Schema.string(enum: ["pending", "subscribed", "failed", "unsubscribed"]), "lastError": Schema.any(),
             "retryAt": nullableTime, "lastEventAt": nullableTime, "eventCount": Schema.integer(), "version": Schema.integer(),
             "createdAt": timestamp, "updatedAt": timestamp, "url": Schema.string(description: "Webhooks: where to send events.")],
            required: ["id", "name", "source", "state"]),
        "CreatedTrigger": Schema.object(
            ["id": Schema.string(), "state": Schema.string(), "url": Schema.string(),
             "secret": Schema.string(description: "Webhooks: the secret, shown only in this response.")],
            required: ["id", "state"], additionalProperties: true),
        "TriggerEvent": Schema.object(
            ["id": Schema.string(), "triggerId": Schema.string(), "dedupKey": Schema.string(), "payload": Schema.any(),
             "receivedAt": timestamp, "status": Schema.string(enum: ["pending", "delivered", "failed"]), "attempts": Schema.integer(),
             "nextAttemptAt": nullableTime, "lastError": Schema.any(), "runId": nullableString, "deliveredAt": nullableTime],
            required: ["id", "dedupKey", "status"]),
        "WebhookAccepted": Schema.object(
            ["eventId": Schema.string(description: "A webhook trigger's event."),
             "duplicate": Schema.boolean(description: "A webhook trigger's dedup key was seen before; nothing new was stored."),
             "stored": Schema.integer(description: "A node source's new events."),
             "duplicates": Schema.integer(description: "A node source's events stored before (the service sent them again).")],
            description: "eventId and duplicate for a webhook trigger; stored and duplicates for a node's webhook source."),
    ]
}
