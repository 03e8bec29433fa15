import Foundation
import Hummingbird
import PlugboardCore
import PlugboardRuntime
import PlugboardStore

/// Triggers of an application: create (a webhook's secret is in this one answer), pause and resume, delete
/// (unsubscribing first), and the events each received.
struct TriggersController {
    let instance: PlugboardInstance
    static let base = "/api/v1/applications/{app}/triggers"

    private var catalog: TriggerCatalog { instance.triggerRunner.catalog }

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: Self.base, operationID: "listTriggers", summary: "List triggers with their state and last events",
                tag: "Triggers",
                responseSchema: Schema.object(["items": Schema.array(APISchemas.ref("Trigger")), "total": Schema.integer()], required: ["items", "total"])
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read triggers")
                var items: [JSONValue] = []
                for trigger in try await instance.store.triggers(applicationID: application.id) {
                    items.append(try await represent(trigger, request))
                }
                return .json(["items": .array(items), "total": .integer(Int64(items.count))])
            },
            APIRoute(
                method: .post, path: Self.base, operationID: "createTrigger",
                summary: "Create a trigger; a webhook's secret is returned in this answer only", tag: "Triggers",
                requestBody: APISchemas.triggerBody, successStatus: 201, responseSchema: APISchemas.ref("CreatedTrigger")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "create triggers")
                let created = try await catalog.create(applicationID: application.id, try await request.jsonObject(limit: instance.maxBodyBytes))
                guard case .object(var object) = try await represent(created.trigger, request) else { throw ConnectorError.internal("trigger") }
                if let secret = created.secret { object["secret"] = .string(secret) }
                return .json(.object(object), status: .created)
            },
            APIRoute(
                method: .get, path: Self.base + "/{trigger}", operationID: "getTrigger", summary: "Get a trigger by id or name",
                tag: "Triggers", responseSchema: APISchemas.ref("Trigger")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read triggers")
                return .json(try await represent(try await trigger(application, context), request))
            },
            APIRoute(
                method: .patch, path: Self.base + "/{trigger}", operationID: "updateTrigger",
                summary: "Rename, re-target or re-configure a trigger; {\"paused\": true} pauses it, false resumes it", tag: "Triggers",
                requestBody: APISchemas.triggerBody, responseSchema: APISchemas.ref("Trigger")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "update triggers")
                let existing = try await trigger(application, context)
                let updated = try await catalog.update(existing, try await request.jsonObject(limit: instance.maxBodyBytes))
                return .json(try await represent(updated, request))
            },
            APIRoute(
                method: .delete, path: Self.base + "/{trigger}", operationID: "deleteTrigger",
                summary: "Unsubscribe and delete a trigger with its events", tag: "Triggers", successStatus: 204
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .editor, "delete triggers")
                try await catalog.delete(try await trigger(application, context))
                return Response(status: .noContent)
            },
            APIRoute(
                method: .get, path: Self.base + "/{trigger}/events", operationID: "listTriggerEvents",
                summary: "The events a trigger received, newest first, with how each was delivered", tag: "Triggers",
                query: [.limit, .offset], responseSchema: APISchemas.list(of: "TriggerEvent")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read trigger events")
                let trigger = try await trigger(application, context)
                let page = PageRequest(limit: try request.integerQuery("limit") ?? 50, offset: try request.integerQuery("offset") ?? 0)
                return .json(try await instance.store.triggerEvents(triggerID: trigger.id, page).json(\.json))
            },
        ]
    }

    private func trigger(_ application: ApplicationRecord, _ context: PlugboardRequestContext) async throws -> TriggerRecord {
        let reference = try context.parameter("trigger")
        guard let trigger = try await instance.store.trigger(applicationID: application.id, reference) else {
            throw ConnectorError.notFound("trigger", reference)
        }
        return trigger
    }

    private func represent(_ trigger: TriggerRecord, _ request: Request) async throws -> JSONValue {
        var workflowName: String?
        if case .workflow(let id) = trigger.target {
            workflowName = try await instance.store.workflow(applicationID: trigger.applicationID, id)?.name
        }
        // Triggers that receive webhooks (the webhook source, and node sources such as telegram's) hold a secret.
        let url = trigger.secret != nil ? instance.publicURL(for: request) + HooksController.path(trigger.id) : nil
        return trigger.json(workflowName: workflowName, webhookURL: url)
    }
}
