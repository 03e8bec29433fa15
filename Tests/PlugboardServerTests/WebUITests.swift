import Foundation
import Hummingbird
import PlugboardCore
@testable import PlugboardServer
import PlugboardAPITestSupport
import Testing

/// The web UI's files: served at `/` and `/ui/...` with the right types, a strict CSP and no inline script.
@Suite struct WebUITests {
    @Test func thePageAndItsModulesAreServedWithAStrictPolicy() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            let page = try await api.call(.get, "/", token: nil)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.cacheControl] == "no-store")
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"))
            #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.text.contains(#"<script type="module" src="/ui/js/main.js"></script>"#))

            let script = try await api.call(.get, "/ui/js/main.js", token: nil)
            #expect(script.status == .ok)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            let eTag = try #require(script.headers[.eTag])
            let style = try await api.call(.get, "/ui/app.css", token: nil)
            #expect(style.headers[.contentType] == "text/css; charset=utf-8")
            #expect(try await api.call(.get, "/ui/icon.svg", token: nil).headers[.contentType] == "image/svg+xml")

            let revalidated = try await api.client.execute(uri: "/ui/js/main.js", method: .get, headers: [.ifNoneMatch: eTag])
            #expect(revalidated.status == .notModified)

            #expect(try await api.call(.get, "/ui/js/missing.js", token: nil).status == .notFound)
            #expect(try await api.call(.get, "/ui/../Package.swift", token: nil).status == .notFound)
            #expect(try await api.call(.get, "/ui/%2e%2e/%2e%2e/Package.swift", token: nil).status == .notFound)
        }
    }

    @Test func everyModuleTheBundleShipsIsReachableAndNoneIsInline() throws {
        let assets = WebAssets.bundled
        let index = try #require(assets["index.html"])
        let html = String(buffer: index.bytes)
        // Only <script src=...>; no inline code, no inline handlers, no inline styles.
        #expect(html.components(separatedBy: "<script").count - 1 == html.components(separatedBy: "<script type=\"module\" src=").count - 1)
        #expect(html.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil)
        #expect(!html.contains("style="))
        let modules = assets.files.keys.filter { $0.hasPrefix("ui/js/") }
        #expect(modules.count >= 8)
        for module in modules {
            let text = String(buffer: assets[module]!.bytes)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") {
                // Every relative import names a file that is shipped.
                guard let from = line.range(of: "from './") else { continue }
                let name = line[from.upperBound...].prefix { $0 != "'" }
                #expect(assets["ui/js/" + name] != nil, "\(module) imports \(name)")
            }
            #expect(!text.contains("innerHTML"), "\(module) builds DOM from text nodes only")
            #expect(text.split(separator: "\n").count < 300, "\(module) stays small")
        }
    }
}
