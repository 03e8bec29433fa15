import Hummingbird
import PlugboardCore
import PlugboardStore

/// Applications: the tenant scope of everything else.
struct ApplicationsController {
    let instance: PlugboardInstance

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: "/api/v1/applications", operationID: "listApplications", summary: "List applications", tag: "Applications",
                query: [.limit, .offset], responseSchema: APISchemas.list(of: "Application")
            ) { request, context in
                let principal = try context.requirePrincipal()
                let page = PageRequest(limit: try request.integerQuery("limit") ?? 50, offset: try request.integerQuery("offset") ?? 0)
                if let own = principal.applicationID {
                    let application = try await instance.store.application(own)
                    let items = application.map { [$0] } ?? []
                    return .json(Page(items: items, total: items.count, limit: page.limit, offset: 0).json(\.json))
                }
                return .json(try await instance.store.applications(page).json(\.json))
            },
            APIRoute(
                method: .post, path: "/api/v1/applications", operationID: "createApplication", summary: "Create an application",
                tag: "Applications", requestBody: APISchemas.createApplication, successStatus: 201, responseSchema: APISchemas.ref("Application")
            ) { request, context in
                try context.requirePrincipal().authorizeGlobal(.admin, to: "create applications")
                let body = try await request.jsonObject(limit: instance.maxBodyBytes)
                try body.onlyKeys(["name"])
                let name = try body.string("name", required: true)!
                try ApplicationName.check(name)
                let application = ApplicationRecord(name: name)
                do {
                    try await instance.store.insertApplication(application)
                } catch let error as ConnectorError where error.code == .alreadyExists {
                    throw ConnectorError(.alreadyExists, message: "An application named '\(name)' already exists.", field: "name")
                }
                return .json(application.json, status: .created)
            },
            APIRoute(
                method: .get, path: "/api/v1/applications/{app}", operationID: "getApplication", summary: "Get an application by id or name",
                tag: "Applications", responseSchema: APISchemas.ref("Application")
            ) { _, context in
                let principal = try context.requirePrincipal()
                return .json(try await instance.application(try context.parameter("app"), for: principal).json)
            },
        ]
    }
}

/// Application names appear in URLs and CLI flags, so they are kept simple.
enum ApplicationName {
    static func check(_ name: String) throws(ConnectorError) {
        let allowed = name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        guard (1...100).contains(name.count), allowed, !name.hasPrefix("app_") else {
            throw .invalidInput(
                "An application name has 1 to 100 letters, digits, '-', '_' or '.', and does not start with 'app_'.", field: "name")
        }
    }
}
