import ConnectorsHTTP
import Foundation
import PlugboardCore

/// The `carbone` node: templates kept in Carbone, and documents rendered from them with JSON data.
public struct CarboneDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "carbone", category: "Documents", displayName: "Carbone",
        description: """
            Documents from templates with Carbone (its cloud or On-Premise): upload, list, download and delete templates \
            (DOCX, XLSX, PPTX, ODT, HTML…), and render one with JSON data to PDF, DOCX, XLSX, ODT or HTML, the file \
            returned as base64. The API token is the linked credential and is never shown.
            """,
        credentialKinds: [.apiKey, .bearerToken], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<CarboneSession>] {
        [Self.uploadTemplate, Self.listTemplates, Self.downloadTemplate, Self.deleteTemplate, Self.render, Self.downloadRender]
    }

    public func openSession(_ configuration: CarboneConfiguration, context: SessionContext) async throws -> CarboneSession {
        CarboneSession(configuration: configuration, transport: try await context.network.makeHTTPClient(
            configuration.connection.clientOptions(maxRedirects: 0, maxConnectionsPerHost: configuration.maxConcurrency)))
    }

    /// Lists one template: the token works.
    public func test(_ session: CarboneSession, context: CallContext) async throws -> JSONValue {
        _ = try await session.json("GET", "/templates", context: context)
        return ["ok": true]
    }

    static let file = Schema.object(
        ["base64": Schema.string(), "filename": Schema.string(), "contentType": Schema.string(), "bytes": Schema.integer()], required: ["base64", "bytes"])

    static func described(_ file: (bytes: [UInt8], filename: String?, contentType: String?)) -> JSONValue {
        var object: JSONObject = ["base64": .string(Data(file.bytes).base64EncodedString()), "bytes": .integer(Int64(file.bytes.count))]
        if let filename = file.filename { object["filename"] = .string(filename) }
        if let contentType = file.contentType { object["contentType"] = .string(contentType) }
        return .object(object)
    }

    static let uploadTemplate = ConnectorAction<CarboneSession>(
        name: "upload_template", title: "Upload a template", description: "Stores a template file in Carbone and returns its template id.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: true), input: CarboneUploadInput.self,
        outputSchema: Schema.object(["templateId": Schema.string()], required: ["templateId"])
    ) { session, input, context in
        try await session.upload(try input.bytes(), filename: input.filename, payload: input.payload, context: context)
    }

    static let listTemplates = ConnectorAction<CarboneSession>(
        name: "list_templates", title: "List templates", description: "The templates stored in Carbone, across pages.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: CarboneListInput.self,
        outputSchema: Schema.object(["templates": Schema.array(Schema.object([:], additionalProperties: true)), "count": Schema.integer()], required: ["templates", "count"])
    ) { session, input, context in
        let pageSize = min(input.limit, 100)
        let pagination = HTTPPagination(
            next: .cursor(path: JSONPath(steps: [.key("nextCursor")]), parameter: "cursor"), items: JSONPath(steps: [.key("data")]),
            maxPages: (input.limit + pageSize - 1) / pageSize, maxBytes: 32 << 20)
        let pages = try await session.client.pages(HTTPServiceRequest("GET", "/templates", query: [("limit", String(pageSize))]), pagination, context: context)
        let templates = Array(pages.items.prefix(input.limit))
        return ["templates": .array(templates), "count": .integer(Int64(templates.count))]
    }

    static let downloadTemplate = ConnectorAction<CarboneSession>(
        name: "download_template", title: "Download a template", description: "A stored template file, as base64.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: CarboneTemplateInput.self, outputSchema: file
    ) { session, input, context in
        described(try await session.file("/template/\(PercentEncoding.pathSegment(input.templateId))", context: context))
    }

    static let deleteTemplate = ConnectorAction<CarboneSession>(
        name: "delete_template", title: "Delete a template", description: "Removes a stored template.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: true), input: CarboneTemplateInput.self,
        outputSchema: Schema.object(["deleted": Schema.boolean()], required: ["deleted"])
    ) { session, input, context in
        _ = try await session.json("DELETE", "/template/\(PercentEncoding.pathSegment(input.templateId))", context: context)
        return ["deleted": true]
    }

    static let render = ConnectorAction<CarboneSession>(
        name: "render", title: "Render a document", description: "Fills a template with JSON data and converts it; returns the file as base64 (or its render id).",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: CarboneRenderInput.self,
        outputSchema: Schema.object(["renderId": Schema.string(), "file": file], required: ["renderId"])
    ) { session, input, context in
        let rendered = try await session.json("POST", "/render/\(PercentEncoding.pathSegment(input.templateId))", body: input.body, context: context)
        guard let renderId = rendered["renderId"]?.stringValue, !renderId.isEmpty else {
            throw ConnectorError(.upstreamError, message: "Carbone rendered without giving a render id.")
        }
        guard input.download else { return ["renderId": .string(renderId)] }
        return ["renderId": .string(renderId), "file": described(try await session.file("/render/\(PercentEncoding.pathSegment(renderId))", context: context))]
    }

    static let downloadRender = ConnectorAction<CarboneSession>(
        name: "download_render", title: "Fetch a rendered document", description: "A rendered file by its render id, as base64; Carbone hands each out once.",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: false), input: CarboneRenderFileInput.self, outputSchema: file
    ) { session, input, context in
        described(try await session.file("/render/\(PercentEncoding.pathSegment(input.renderId))", context: context))
    }
}
