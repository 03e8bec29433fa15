import ConnectorsFiles
import PlugboardCore
import Testing

/// Paths from input stay inside the connector's root; hostile names from a listing never become paths.
@Suite struct RemoteRootTests {
    @Test func pathsAreReadInsideTheRoot() throws {
        let root = try RemoteRoot("/srv/files/")
        #expect(root.path == "/srv/files")
        #expect(try root.resolve("reports/q3.csv") == "/srv/files/reports/q3.csv")
        #expect(try root.resolve("/reports/./q3.csv") == "/srv/files/reports/q3.csv", "an absolute input starts at the root")
        #expect(try root.resolve("a/../b") == "/srv/files/b")
        #expect(try root.resolve("") == "/srv/files" && root.resolve("/") == "/srv/files")
        #expect(root.display("/srv/files/reports") == "/reports")
        #expect(try RemoteRoot("/").resolve("/etc/passwd") == "/etc/passwd")
    }

    @Test(arguments: ["..", "../etc/passwd", "a/../../x", "/../../etc", "a\nb", "a\rb", "nul\u{0}"])
    func escapesAndControlsAreRefused(_ input: String) throws {
        let root = try RemoteRoot("/srv/files")
        #expect(throws: ConnectorError.self) { try root.resolve(input) }
    }

    @Test func whatTheServerResolvedIsCheckedAgain() throws {
        let root = try RemoteRoot("/srv/files")
        #expect(root.contains("/srv/files") && root.contains("/srv/files/a/b"))
        #expect(!root.contains("/srv/files-other/a") && !root.contains("/etc/passwd"))
        #expect(throws: ConnectorError.self) { try RemoteRoot("relative") }
        #expect(throws: ConnectorError.self) { try RemoteRoot("/srv/../etc") }
    }

    @Test func hostileNamesInAListingAreNotNames() {
        #expect(RemoteRoot.safeName("report.csv") == "report.csv")
        for name in ["../x", "/etc/passwd", "..", ".", "", "a/b", "evil\r\nname", "nul\u{0}"] {
            #expect(RemoteRoot.safeName(name) == nil, "\(name.debugDescription)")
        }
    }
}
