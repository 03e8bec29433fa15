import Hummingbird
import PlugboardCore
import PlugboardStore

/// The execution log: who ran what, when, how it ended and how long it took. Never inputs or secrets.
struct ExecutionsController {
    let instance: PlugboardInstance

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: "/api/v1/applications/{app}/executions", operationID: "listExecutions",
                summary: "The execution log, newest first", tag: "Executions",
                query: [
                    .query("connector", "Only executions of this connector (id or name)."),
                    .query("status", "succeeded or failed.", Schema.string(enum: ["succeeded", "failed"])),
                    .query("run", "Only the steps of this workflow run."), .limit, .offset,
                ],
                responseSchema: APISchemas.list(of: "Execution")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read executions")
                var filter = ExecutionFilter(status: request.stringQuery("status"), runID: request.stringQuery("run"))
                if let status = filter.status, !["succeeded", "failed"].contains(status) {
                    throw ConnectorError.invalidInput("The status filter must be 'succeeded' or 'failed'.", field: "status")
                }
                if let reference = request.stringQuery("connector") {
                    filter.connectorID = try await instance.store.connector(applicationID: application.id, reference)?.id ?? reference
                }
                let page = PageRequest(limit: try request.integerQuery("limit") ?? 50, offset: try request.integerQuery("offset") ?? 0)
                // Records are written in batches; write what this server holds so a caller reads its own executions.
                await instance.runtime.executionLog.flush()
                return .json(try await instance.store.executions(applicationID: application.id, filter: filter, page).json(\.json))
            }
        ]
    }
}
