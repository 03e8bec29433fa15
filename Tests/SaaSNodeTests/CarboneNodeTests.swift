import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `carbone` node through Plugboard's API against a Carbone double, which Carbone's own Python SDK drives too.
@Suite struct CarboneNodeTests {
    static let template = "Invoice for {d.customer.name}: {d.total} EUR"

    private func connector(_ api: APIClient, _ upstream: UpstreamServer, token: String = CarboneDouble.token, name: String = "docs") async throws {
        let credential = try await api.makeCredential("reports", name: "token-\(name)", kind: "api_key", fields: ["key": .string(token)])
        let reply = try await api.makeConnector("reports", type: "carbone", name: name, options: ["baseUrl": .string(upstream.baseURL), "retries": 2], credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    /// The double answers Carbone's SDK as the real API would.
    @Test func carbonesOwnSDKAgreesWithTheDouble() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carbone-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("invoice.html")
        try Data("Hello {d.customer.name}".utf8).write(to: file)
        try await withUpstreamServer(routes: CarboneDouble().routes) { upstream in
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/carbone_check.py").path
            let result = try await Subprocess.capture("/usr/bin/env", ["python3", script, upstream.baseURL, CarboneDouble.token, file.path])
            #expect(result.status == 0, "\(result.errorText)")
            let answer = try JSONParser.parse(result.output)
            #expect(answer["sameAsSDK"] == true && answer["reportName"] == "invoice-Ada.pdf" && answer["report"] == "%PDF-1.7\nHello Ada", "\(answer)")
            #expect(answer["html"] == "<!DOCTYPE html>\nHello Grace" && answer["secondFetch"]?["success"] == false, "a render is fetched once")
            #expect(answer["download"] == "Hello {d.customer.name}" && answer["deleted"]?["success"] == true)
            #expect(upstream.requests.allSatisfy { $0.headers.contains { $0.0.lowercased() == "carbone-version" } })
        }
    }

    @Test func templatesAndRenders() async throws {
        let double = CarboneDouble()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("reports")
                try await connector(api, upstream)
                #expect(try await api.call(.post, "/api/v1/applications/reports/connectors/docs/test").json["ok"] == true)

                let base64 = Data(Self.template.utf8).base64EncodedString()
                let uploaded = try await api.run("reports", "docs", "upload_template", ["base64": .string(base64), "filename": "invoice.html"])
                let id = try #require(uploaded.output["templateId"]?.stringValue, "\(uploaded.text)")
                #expect(id.count == 64)
                let request = try #require(upstream.requests.first { $0.path == "/template" })
                #expect(request.headers.contains { $0 == ("carbone-version", "5") }, "\(request.headers)")
                for salt in 1...120 { _ = try await api.run("reports", "docs", "upload_template", ["base64": .string(base64), "payload": .string("copy-\(salt)")]) }
                let listed = try await api.run("reports", "docs", "list_templates", ["limit": 1000])
                #expect(listed.output["count"] == 121, "across two pages: \(listed.text.prefix(200))")
                #expect(upstream.requests.filter { $0.path == "/templates" }.count >= 3)
                #expect(try await api.run("reports", "docs", "list_templates", ["limit": 5]).output["count"] == 5)

                let rendered = try await api.run("reports", "docs", "render", [
                    "templateId": .string(id), "data": ["customer": ["name": "Ada"], "total": 42.5], "reportName": "invoice-{d.customer.name}",
                ])
                #expect(rendered.output["file"]?["filename"] == "invoice-Ada.pdf" && rendered.output["file"]?["contentType"] == "application/pdf", "\(rendered.text)")
                let pdf = try #require(rendered.output["file"]?["base64"]?.stringValue.flatMap { Data(base64Encoded: $0) })
                #expect(String(decoding: pdf, as: UTF8.self) == "%PDF-1.7\nInvoice for Ada: 42.5 EUR")
                let later = try await api.run("reports", "docs", "render", ["templateId": .string(id), "data": ["customer": ["name": "Grace"]], "convertTo": "docx", "download": false])
                let renderID = try #require(later.output["renderId"]?.stringValue, "\(later.text)")
                #expect(later.output["file"] == nil)
                let fetched = try await api.run("reports", "docs", "download_render", ["renderId": .string(renderID)])
                #expect(fetched.output["filename"] == "report.docx" && fetched.output["bytes"] == .integer(Int64("PK\u{3}\u{4}Invoice for Grace:  EUR".utf8.count)), "\(fetched.text)")
                let again = try await api.run("reports", "docs", "download_render", ["renderId": .string(renderID)])
                #expect(again.errorCode == "not_found" && again.text.contains("File not found"), "a render is handed out once: \(again.text)")

                let downloaded = try await api.run("reports", "docs", "download_template", ["templateId": .string(id)])
                #expect(downloaded.output["base64"] == .string(base64))
                #expect(try await api.run("reports", "docs", "delete_template", ["templateId": .string(id)]).output["deleted"] == true)
                let missing = try await api.run("reports", "docs", "render", ["templateId": .string(id), "data": [:]])
                #expect(missing.errorCode == "not_found" && missing.text.contains("404 Not Found"), "\(missing.text)")
                let bad = try await api.run("reports", "docs", "upload_template", ["base64": "***"])
                #expect(bad.errorCode == "invalid_input" && bad.status.code == 400)

                let executions = try await api.call(.get, "/api/v1/applications/reports/executions?limit=200")
                for text in [uploaded.text, rendered.text, missing.text, executions.text] { #expect(!text.contains(CarboneDouble.token)) }
            }
        }
    }

    @Test func limitsAndTokens() async throws {
        let double = CarboneDouble()
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("reports")
                try await connector(api, upstream)
                let id = try #require(try await api.run("reports", "docs", "upload_template", ["base64": .string(Data("x {d.customer}".utf8).base64EncodedString())]).output["templateId"]?.stringValue)
                let busy = try await api.run("reports", "docs", "render", ["templateId": .string(id), "data": ["customer": "busy"]])
                #expect(busy.status == .ok, "a 429 with Retry-After is waited out, even for a POST: \(busy.text)")
                #expect(upstream.requests.filter { $0.path.hasPrefix("/render/") && $0.method == "POST" }.count == 2)
                try await connector(api, upstream, token: "not-the-token-77", name: "wrong")
                let refused = try await api.call(.post, "/api/v1/applications/reports/connectors/wrong/test")
                #expect(refused.json["error"]?["code"] == "authentication_failed" && !refused.text.contains("not-the-token-77"), "\(refused.text)")
            }
        }
    }
}
