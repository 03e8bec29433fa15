import Hummingbird
import PlugboardCore
import PlugboardRuntime
import PlugboardStore

/// Workflows of an application and their runs: create, edit, delete (refused while a trigger uses one), run by
/// hand (optionally waiting for the end), the run history with each run's steps, and cancel.
struct WorkflowsController {
    let instance: PlugboardInstance
    static let base = "/api/v1/applications/{app}/workflows"

    private var catalog: WorkflowCatalog { instance.workflowRunner.catalog }

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: Self.base, operationID: "listWorkflows", summary: "List workflows", tag: "Workflows",
                responseSchema: Schema.object(["items": Schema.array(APISchemas.ref("Workflow")), "total": Schema.integer()], required: ["items", "total"])
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read workflows")
                let workflows = try await instance.store.workflows(applicationID: application.id)
                var items: [JSONValue] = []
                for workflow in workflows { items.append(try await represent(workflow)) }
                return .json(["items": .array(items), "total": .integer(Int64(items.count))])
            },
            APIRoute(
                method: .post, path: Self.base, operationID: "createWorkflow", summary: "Create a workflow", tag: "Workflows",
                requestBody: APISchemas.workflowBody, successStatus: 201, responseSchema: APISchemas.ref("Workflow")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "create workflows")
                let draft = try WorkflowCatalog.Draft(json: try await request.jsonObject(limit: instance.maxBodyBytes))
                return .json(try await represent(try await catalog.create(applicationID: application.id, draft)), status: .created)
            },
            APIRoute(
                method: .get, path: Self.base + "/{workflow}", operationID: "getWorkflow", summary: "Get a workflow by id or name",
                tag: "Workflows", responseSchema: APISchemas.ref("Workflow")
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read workflows")
                return .json(try await represent(try await workflow(application, context)))
            },
            APIRoute(
                method: .patch, path: Self.base + "/{workflow}", operationID: "updateWorkflow",
                summary: "Change a workflow; runs already queued keep the steps they started with", tag: "Workflows",
                requestBody: APISchemas.workflowBody, responseSchema: APISchemas.ref("Workflow")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "update workflows")
                let existing = try await workflow(application, context)
                let draft = try WorkflowCatalog.Draft(json: try await request.jsonObject(limit: instance.maxBodyBytes), base: existing)
                return .json(try await represent(try await catalog.update(existing, draft)))
            },
            APIRoute(
                method: .delete, path: Self.base + "/{workflow}", operationID: "deleteWorkflow",
                summary: "Delete a workflow; refused while a trigger or another workflow uses it", tag: "Workflows", successStatus: 204
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .editor, "delete workflows")
                try await catalog.delete(try await workflow(application, context))
                return Response(status: .noContent)
            },
            APIRoute(
                method: .post, path: Self.base + "/{workflow}/runs", operationID: "runWorkflow",
                summary: "Start a run; with ?wait=SECONDS, answer when it ends (or with its state when the wait is over)", tag: "Workflows",
                query: [.query("wait", "Seconds to wait for the run to end (at most 300).", Schema.number(minimum: 0))],
                requestBody: APISchemas.runBody, successStatus: 201, responseSchema: APISchemas.ref("WorkflowRun")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .runner, "run workflows")
                let principal = try context.requirePrincipal()
                let workflow = try await workflow(application, context)
                let body = try await request.jsonObject(limit: instance.maxBodyBytes)
                try body.onlyKeys(["input"])
                var run = try await catalog.startRun(workflow, input: body["input"] ?? .object([:]), startedBy: principal.name)
                if let wait = try Self.wait(request) {
                    run = try await instance.workflowRunner.waitForEnd(applicationID: application.id, runID: run.id, timeout: wait)
                }
                return .json(run.json(), status: .created)
            },
            APIRoute(
                method: .get, path: Self.base + "/{workflow}/runs", operationID: "listWorkflowRuns",
                summary: "The workflow's runs, newest first", tag: "Workflows", query: [.limit, .offset],
                responseSchema: APISchemas.list(of: "WorkflowRun")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read runs")
                let workflow = try await workflow(application, context)
                let page = PageRequest(limit: try request.integerQuery("limit") ?? 50, offset: try request.integerQuery("offset") ?? 0)
                return .json(try await instance.store.runs(applicationID: application.id, workflowID: workflow.id, page).json { $0.json(withSteps: false) })
            },
            APIRoute(
                method: .get, path: Self.base + "/{workflow}/runs/{run}", operationID: "getWorkflowRun",
                summary: "One run of the workflow with each step's status, duration, output and error; ?wait=SECONDS waits for its end",
                tag: "Workflows", query: [.query("wait", "Seconds to wait for the run to end (at most 300).", Schema.number(minimum: 0))],
                responseSchema: APISchemas.ref("WorkflowRun")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read runs")
                let workflow = try await workflow(application, context)
                let runID = try context.parameter("run")
                let run = try await instance.workflowRunner.waitForEnd(applicationID: application.id, runID: runID, timeout: try Self.wait(request) ?? .zero)
                guard run.workflowID == workflow.id else { throw ConnectorError.notFound("run", runID) }
                return .json(run.json())
            },
            APIRoute(
                method: .get, path: "/api/v1/applications/{app}/runs", operationID: "listRuns",
                summary: "Every workflow's runs, newest first", tag: "Workflows", query: [.limit, .offset],
                responseSchema: APISchemas.list(of: "WorkflowRun")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read runs")
                let page = PageRequest(limit: try request.integerQuery("limit") ?? 50, offset: try request.integerQuery("offset") ?? 0)
                return .json(try await instance.store.runs(applicationID: application.id, workflowID: nil, page).json { $0.json(withSteps: false) })
            },
            APIRoute(
                method: .get, path: "/api/v1/applications/{app}/runs/{run}", operationID: "getRun",
                summary: "A run with each step's status, duration, output and error; ?wait=SECONDS waits for its end", tag: "Workflows",
                query: [.query("wait", "Seconds to wait for the run to end (at most 300).", Schema.number(minimum: 0))],
                responseSchema: APISchemas.ref("WorkflowRun")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read runs")
                let runID = try context.parameter("run")
                let run = try await instance.workflowRunner.waitForEnd(applicationID: application.id, runID: runID, timeout: try Self.wait(request) ?? .zero)
                return .json(run.json())
            },
            APIRoute(
                method: .post, path: "/api/v1/applications/{app}/runs/{run}/cancel", operationID: "cancelRun",
                summary: "Cancel a queued or running run", tag: "Workflows", responseSchema: APISchemas.ref("WorkflowRun")
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .runner, "cancel runs")
                let run = try await instance.store.requestRunCancel(applicationID: application.id, id: try context.parameter("run"))
                instance.workflowRunner.cancel(runID: run.id)
                return .json(run.json())
            },
        ]
    }

    /// `?wait=SECONDS`, at most five minutes.
    static func wait(_ request: Request) throws -> Duration? {
        guard let text = request.stringQuery("wait") else { return nil }
        guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
            throw ConnectorError.invalidInput("The query parameter 'wait' must be a number of seconds.", field: "wait")
        }
        return .milliseconds(Int64(min(seconds, 300) * 1000))
    }

    private func workflow(_ application: ApplicationRecord, _ context: PlugboardRequestContext) async throws -> WorkflowRecord {
        let reference = try context.parameter("workflow")
        guard let workflow = try await instance.store.workflow(applicationID: application.id, reference) else {
            throw ConnectorError.notFound("workflow", reference)
        }
        return workflow
    }

    private func represent(_ workflow: WorkflowRecord) async throws -> JSONValue {
        var names: [String: String] = [:]
        for id in workflow.connectorIDs {
            names[id] = try await instance.store.connector(applicationID: workflow.applicationID, id)?.name
        }
        return workflow.json(connectorNames: names)
    }
}
