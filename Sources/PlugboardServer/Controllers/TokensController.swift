import Hummingbird
import PlugboardCore
import PlugboardStore

/// API tokens. Global admins manage every token; an application's admin manages that application's tokens.
struct TokensController {
    let instance: PlugboardInstance

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: "/api/v1/tokens", operationID: "listTokens", summary: "List API tokens (never their values)",
                tag: "Tokens", responseSchema: APISchemas.list(of: "Token")
            ) { _, context in
                let principal = try context.requirePrincipal()
                guard principal.role == .admin else { throw APIError.forbidden("list tokens") }
                let tokens = try await instance.store.tokens(applicationID: principal.applicationID)
                var names: [String: String] = [:]
                for id in Set(tokens.compactMap(\.applicationID)) { names[id] = try await instance.store.application(id)?.name }
                return .json(["items": .array(tokens.map { $0.json(applicationName: $0.applicationID.flatMap { names[$0] }) }),
                              "total": .integer(Int64(tokens.count))])
            },
            APIRoute(
                method: .post, path: "/api/v1/tokens", operationID: "createToken",
                summary: "Create an API token; its value is shown once in the response", tag: "Tokens",
                requestBody: APISchemas.createToken, successStatus: 201, responseSchema: APISchemas.ref("CreatedToken")
            ) { request, context in
                let principal = try context.requirePrincipal()
                let body = try await request.jsonObject(limit: instance.maxBodyBytes)
                try body.onlyKeys(["name", "application", "role"])
                let name = try body.string("name", required: true)!
                guard (1...100).contains(name.count) else { throw ConnectorError.invalidInput("A token name has 1 to 100 characters.", field: "name") }
                let roleName = try body.string("role") ?? "runner"
                guard let role = TokenRole(rawValue: roleName) else {
                    throw ConnectorError.invalidInput("The role must be one of: admin, editor, runner, viewer.", field: "role")
                }
                var application: ApplicationRecord?
                if let reference = try body.string("application") {
                    application = try await instance.application(reference, for: principal)
                    try principal.authorize(.admin, in: application!, to: "create tokens")
                } else {
                    try principal.authorizeGlobal(.admin, to: "create global tokens")
                    guard role == .admin else {
                        throw ConnectorError.invalidInput(
                            "A token without an application is a global admin token; other roles belong to one application.",
                            field: "application")
                    }
                }
                let token = APIToken.generate()
                let record = TokenRecord(name: name, applicationID: application?.id, role: role, hash: APIToken.hash(token))
                try await instance.store.insertToken(record)
                guard case .object(var json) = record.json(applicationName: application?.name) else { fatalError("a token renders as an object") }
                json["token"] = .string(token)
                return .json(.object(json), status: .created)
            },
            APIRoute(
                method: .delete, path: "/api/v1/tokens/{token}", operationID: "deleteToken", summary: "Revoke an API token",
                tag: "Tokens", successStatus: 204
            ) { _, context in
                let principal = try context.requirePrincipal()
                guard principal.role == .admin else { throw APIError.forbidden("revoke tokens") }
                let id = try context.parameter("token")
                let visible = try await instance.store.tokens(applicationID: principal.applicationID)
                guard visible.contains(where: { $0.id == id }) else { throw ConnectorError.notFound("token", id) }
                try await instance.store.deleteToken(id: id)
                return Response(status: .noContent)
            },
        ]
    }
}
