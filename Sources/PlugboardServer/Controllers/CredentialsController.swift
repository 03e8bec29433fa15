import Hummingbird
import PlugboardCore
import PlugboardStore

/// Credentials of an application. Secret fields are write-only: reads list which are set, never their values.
struct CredentialsController {
    let instance: PlugboardInstance
    static let base = "/api/v1/applications/{app}/credentials"

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: Self.base, operationID: "listCredentials", summary: "List credentials", tag: "Credentials",
                query: [.limit, .offset], responseSchema: APISchemas.list(of: "Credential")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read credentials")
                let page = PageRequest(limit: try request.integerQuery("limit") ?? 50, offset: try request.integerQuery("offset") ?? 0)
                return .json(try await instance.store.credentials(applicationID: application.id, page).json(\.json))
            },
            APIRoute(
                method: .post, path: Self.base, operationID: "createCredential", summary: "Create a credential", tag: "Credentials",
                requestBody: APISchemas.createCredential, successStatus: 201, responseSchema: APISchemas.ref("Credential")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "create credentials")
                let body = try await request.jsonObject(limit: instance.maxBodyBytes)
                try body.onlyKeys(["name", "kind", "fields"])
                let record = try await instance.runtime.vault.create(
                    applicationID: application.id, name: try body.string("name", required: true)!,
                    kind: try body.string("kind", required: true)!, fields: try body.object("fields") ?? [:])
                return .json(record.json, status: .created)
            },
            APIRoute(
                method: .get, path: Self.base + "/{credential}", operationID: "getCredential", summary: "Get a credential by id or name",
                tag: "Credentials", responseSchema: APISchemas.ref("Credential")
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read credentials")
                return .json(try await credential(application, context).json)
            },
            APIRoute(
                method: .patch, path: Self.base + "/{credential}", operationID: "updateCredential",
                summary: "Update a credential: given fields replace stored ones, null removes one, absent ones are kept",
                tag: "Credentials", requestBody: APISchemas.updateCredential, responseSchema: APISchemas.ref("Credential")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "update credentials")
                let existing = try await credential(application, context)
                let body = try await request.jsonObject(limit: instance.maxBodyBytes)
                try body.onlyKeys(["name", "fields"])
                let updated = try await instance.runtime.vault.update(existing, name: try body.string("name"), fields: try body.object("fields"))
                return .json(updated.json)
            },
            APIRoute(
                method: .delete, path: Self.base + "/{credential}", operationID: "deleteCredential",
                summary: "Delete a credential; refused with connector_in_use, listing them, while connectors use it", tag: "Credentials",
                successStatus: 204
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .editor, "delete credentials")
                let existing = try await credential(application, context)
                try await instance.store.deleteCredential(applicationID: application.id, id: existing.id)
                instance.runtime.vault.forget(existing.id)
                return Response(status: .noContent)
            },
        ]
    }

    private func credential(_ application: ApplicationRecord, _ context: PlugboardRequestContext) async throws -> CredentialRecord {
        let reference = try context.parameter("credential")
        guard let record = try await instance.store.credential(applicationID: application.id, reference) else {
            throw ConnectorError.notFound("credential", reference)
        }
        return record
    }
}
