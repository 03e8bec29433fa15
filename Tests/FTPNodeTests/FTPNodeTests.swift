import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `ftp` node through Plugboard's API: FTPS against Debian's vsftpd (explicit and implicit TLS, each data
/// connection resuming the control connection's TLS session), plain FTP against pyftpdlib; files checked with
/// Python's ftplib.
@Suite struct FTPNodeTests {
    static func run() -> String { "run-\(UUID().uuidString.prefix(8).lowercased())" }

    @Test func everyOperationOverExplicitTLS() async throws {
        let servers = try FTPServers.fromEnvironment()
        let server = servers.explicit
        let run = Self.run()
        let fixture = try await APIFixture()
        try await fixture.run { api in
            #expect(try await servers.connector(api, server).status == .created)
            let test = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(test.json["ok"] == true && test.json["details"]?["listing"] == "LIST", "vsftpd has no MLSD: \(test.text)")
            #expect(test.json["details"]?["root"]?.stringValue == servers.home)

            let made = try await api.run("files", "box", "mkdir", ["path": .string("\(run)/a/b")])
            #expect(made.output["path"] == .string("/\(run)/a/b"), "\(made.text)")
            let upload = try await api.run("files", "box", "upload", ["path": .string("\(run)/a/b/hello.txt"), "text": "héllo, wörld"])
            #expect(upload.output["size"] == 14, "\(upload.text)")
            let listed = try await api.run("files", "box", "list", ["path": .string("/\(run)/a/b")])
            let entry = try #require(listed.output["entries"]?.arrayValue?.first, "\(listed.text)")
            #expect(entry["name"] == "hello.txt" && entry["kind"] == "file" && entry["size"] == 14 && entry["mode"] == "644", "\(listed.text)")
            #expect(entry["path"] == .string("/\(run)/a/b/hello.txt") && entry["modifiedAt"]?.stringValue != nil)
            #expect(try await api.run("files", "box", "stat", ["path": .string("\(run)/a")]).output["kind"] == "directory")
            #expect(try await api.run("files", "box", "download", ["path": .string("\(run)/a/b/hello.txt")]).output["text"] == "héllo, wörld")
            #expect(String(decoding: try await servers.fetch(server, "\(run)/a/b/hello.txt"), as: UTF8.self) == "héllo, wörld", "ftplib reads the same")

            // Binary content both ways, byte for byte.
            let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) })
            try await api.expectOK(.post, "/api/v1/applications/files/connectors/box/actions/upload", ["path": .string("\(run)/blob.bin"), "base64": .string(bytes.base64EncodedString())])
            #expect(try await servers.fetch(server, "\(run)/blob.bin") == bytes)
            let back = try await api.run("files", "box", "download", ["path": .string("\(run)/blob.bin")])
            #expect(back.output["base64"]?.stringValue == bytes.base64EncodedString() && back.output["size"] == 300_000)

            // Rename over a file ftplib wrote, delete, remove folders.
            try await servers.check(server, "put", "\(run)/a/b/old.txt", input: Data("old".utf8))
            let renamed = try await api.run("files", "box", "rename", ["from": .string("\(run)/a/b/hello.txt"), "to": .string("\(run)/a/b/old.txt")])
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(String(decoding: try await servers.fetch(server, "\(run)/a/b/old.txt"), as: UTF8.self) == "héllo, wörld")
            #expect(try await api.run("files", "box", "delete", ["path": .string("\(run)/a/b/old.txt")]).status == .ok)
            let gone = try await api.run("files", "box", "stat", ["path": .string("\(run)/a/b/old.txt")])
            #expect(gone.errorCode == "not_found", "\(gone.text)")
            let missing = try await api.run("files", "box", "download", ["path": .string("\(run)/nothing.txt")])
            #expect(missing.errorCode == "not_found", "\(missing.text)")
            let intoNowhere = try await api.run("files", "box", "rename", ["from": .string("\(run)/blob.bin"), "to": .string("\(run)/nowhere/blob.bin")])
            #expect(intoNowhere.errorCode == "not_found", "a missing target folder: \(intoNowhere.text)")
            let notEmpty = try await api.run("files", "box", "rmdir", ["path": .string("\(run)/a")])
            #expect(notEmpty.status.code < 500 && notEmpty.errorCode != nil, "\(notEmpty.text)")
            #expect(try await api.run("files", "box", "rmdir", ["path": .string("\(run)/a/b")]).status == .ok)
            #expect(try await api.run("files", "box", "rmdir", ["path": .string("\(run)/a")]).status == .ok)
            #expect(try await servers.check(server, "names", run).isEmpty == false, "blob.bin is still there")
            #expect(!fixture.logs.text.contains(servers.password))
        }
    }

    @Test func implicitTLSBothWays() async throws {
        let servers = try FTPServers.fromEnvironment()
        let server = servers.implicit
        let run = Self.run()
        try await APIFixture().run { api in
            try await servers.connector(api, server, options: ["port": .integer(Int64(server.port))])
            try await servers.check(server, "mkdir", run)
            try await servers.check(server, "put", "\(run)/from-ftplib.txt", input: Data("written by ftplib".utf8))
            let read = try await api.run("files", "box", "download", ["path": .string("\(run)/from-ftplib.txt")])
            #expect(read.output["text"] == "written by ftplib", "\(read.text)")
            try await api.expectOK(.post, "/api/v1/applications/files/connectors/box/actions/upload", ["path": .string("\(run)/from-plugboard.txt"), "text": "written by plugboard"])
            #expect(try await servers.fetch(server, "\(run)/from-plugboard.txt") == Data("written by plugboard".utf8))
            let names = try await api.run("files", "box", "list", ["path": .string(run)]).output["entries"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["from-ftplib.txt", "from-plugboard.txt"])
        }
    }

    @Test func plainFTPWithMLSD() async throws {
        let servers = try FTPServers.fromEnvironment()
        let server = servers.plain
        let run = Self.run()
        try await APIFixture().run { api in
            try await servers.connector(api, server)
            let test = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(test.json["details"]?["listing"] == "MLSD", "\(test.text)")
            try await api.expectOK(.post, "/api/v1/applications/files/connectors/box/actions/upload", ["path": .string("\(run)/x/data.csv"), "text": "a,b\n1,2\n", "createFolders": true])
            #expect(try await servers.fetch(server, "\(run)/x/data.csv") == Data("a,b\n1,2\n".utf8))
            let listed = try await api.run("files", "box", "list", ["path": .string("\(run)/x")])
            let entry = try #require(listed.output["entries"]?.arrayValue?.first, "\(listed.text)")
            #expect(entry["name"] == "data.csv" && entry["size"] == 8 && entry["kind"] == "file", "\(listed.text)")
            let modified = try #require(entry["modifiedAt"]?.stringValue.flatMap(ISO8601.date(from:)))
            #expect(abs(modified.timeIntervalSinceNow) < 3600, "MLSD gives the exact time: \(listed.text)")
            let stat = try await api.run("files", "box", "stat", ["path": .string("\(run)/x/data.csv")])
            #expect(stat.output["size"] == 8, "\(stat.text)")
            try await api.run("files", "box", "rename", ["from": .string("\(run)/x/data.csv"), "to": .string("\(run)/moved.csv")])
            #expect(String(decoding: try await servers.check(server, "names", run), as: UTF8.self).contains("moved.csv"))
            let exists = try await api.run("files", "box", "mkdir", ["path": .string("\(run)/x"), "parents": false])
            #expect(exists.errorCode != nil && exists.status.code < 500, "\(exists.text)")
        }
    }

    @Test func wrongPasswordsAndUntrustedCertificatesAreRefused() async throws {
        let servers = try FTPServers.fromEnvironment()
        try await APIFixture().run { api in
            try await servers.connector(api, servers.explicit, password: "wrong-password-1")
            let refused = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(refused.json["error"]?["code"] == "authentication_failed", "\(refused.text)")
            #expect(!refused.text.contains("wrong-password-1"))
        }
        try await APIFixture().run { api in
            try await servers.connector(api, servers.explicit, options: ["caCertificate": ""])
            let untrusted = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(untrusted.json["error"]?["code"] == "tls_certificate", "\(untrusted.text)")
        }
        try await APIFixture().run { api in
            try await servers.connector(api, servers.explicit, options: ["caCertificate": "", "verifyTls": false])
            let unverified = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(unverified.json["ok"] == true, "verification off is a choice: \(unverified.text)")
        }
        try await APIFixture().run { api in
            // pyftpdlib has no TLS: AUTH TLS is refused, and nothing is sent in clear.
            try await servers.connector(api, servers.plain, options: ["encryption": "explicit"])
            let noTLS = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(noTLS.json["error"]?["code"] == "upstream_error" && noTLS.text.contains("AUTH TLS"), "\(noTLS.text)")
        }
    }

    @Test func everyConnectionPassesTheEgressGuard() async throws {
        let servers = try FTPServers.fromEnvironment()
        try await APIFixture(allowLoopback: false).run { api in
            try await servers.connector(api, servers.explicit)
            let denied = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(denied.json["error"]?["code"] == "egress_denied", "\(denied.text)")
        }
    }

    @Test func pathsStayInsideTheRoot() async throws {
        let servers = try FTPServers.fromEnvironment()
        let server = servers.explicit
        let jail = "jail-\(UUID().uuidString.prefix(8).lowercased())"
        try await servers.check(server, "mkdir", jail)
        try await servers.check(server, "mkdir", "\(jail)/inside")
        // Links made on the server's disk: one to a folder outside the root, one to a file outside it.
        try FileManager.default.createSymbolicLink(atPath: "\(servers.home)/\(jail)/inside/escape", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: "\(servers.home)/\(jail)/inside/hostname", withDestinationPath: "/etc/hostname")
        try await APIFixture().run { api in
            try await servers.connector(api, server, options: ["root": .string("\(servers.home)/\(jail)")])
            for path in ["../x", "inside/../../x", "a\r\nDELE x"] {
                let refused = try await api.run("files", "box", "stat", ["path": .string(path)])
                #expect(refused.errorCode == "invalid_input", "\(path): \(refused.text)")
            }
            let absolute = try await api.run("files", "box", "upload", ["path": "/etc/plugboard-test.txt", "text": "x", "createFolders": true])
            #expect(absolute.status == .ok && absolute.output["path"] == "/etc/plugboard-test.txt", "an absolute path starts at the root: \(absolute.text)")
            #expect(try await servers.fetch(server, "\(jail)/etc/plugboard-test.txt") == Data("x".utf8))
            let folder = try await api.run("files", "box", "list", ["path": "inside/escape"])
            #expect(folder.errorCode == "invalid_input" && folder.text.contains("outside"), "\(folder.text)")
            let through = try await api.run("files", "box", "download", ["path": "inside/escape/hostname"])
            #expect(through.errorCode == "invalid_input", "\(through.text)")
            let file = try await api.run("files", "box", "download", ["path": "inside/hostname"])
            #expect(file.errorCode == "invalid_input" && file.text.contains("symbolic link"), "\(file.text)")
            let listing = try await api.run("files", "box", "list", ["path": "inside"])
            #expect(listing.output["entries"]?.arrayValue?.map { $0["kind"] } == ["symlink", "symlink"], "links are listed, never followed: \(listing.text)")
            let made = try await api.run("files", "box", "mkdir", ["path": "inside/escape/plugboard-made"])
            #expect(made.errorCode == "invalid_input", "\(made.text)")
            #expect(!FileManager.default.fileExists(atPath: "/etc/plugboard-made"))
        }
    }

    /// The hostile server also refuses EPSV and names another address in its PASV replies: the listing arriving at
    /// all proves the fall back to PASV and that data goes to the control connection's address (the NAT fix).
    @Test func aHostileServersNamesAreNeutralised() async throws {
        let servers = try FTPServers.fromEnvironment()
        try await APIFixture().run { api in
            try await servers.connector(api, servers.hostile)
            let listed = try await api.run("files", "box", "list", ["path": "/"])
            #expect(listed.status == .ok, "\(listed.text)")
            let names = listed.output["entries"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            // libcurl reads a lone CR in a listing as a line end, so `a<CR>b.txt` arrives as two lines: `a`, a plain
            // name inside the folder, and `b.txt` without facts, dropped. Nothing becomes a path elsewhere.
            #expect(names.contains("fine.txt") && !names.contains { $0.contains("/") || $0.contains("..") || $0.contains("\r") }, "\(listed.text)")
            #expect(Set(names).isDisjoint(with: ["../escape.txt", "/etc/passwd", "..", "a\rb.txt", "sub/inner.txt", "b.txt"]))
            let paths = listed.output["entries"]?.arrayValue?.compactMap { $0["path"]?.stringValue } ?? []
            #expect(paths.allSatisfy { $0.hasPrefix("/") && $0.dropFirst().contains("/") == false }, "\(paths)")
        }
    }
}

/// The ftp `new_files` trigger: a file another client writes starts the workflow once.
@Suite struct FTPNewFilesTests {
    @Test func aFileWrittenByAnotherClientStartsTheWorkflowOnce() async throws {
        let servers = try FTPServers.fromEnvironment()
        let server = servers.explicit
        let jail = "watch-\(UUID().uuidString.prefix(8).lowercased())"
        for folder in [jail, "\(jail)/inbox", "\(jail)/done"] { try await servers.check(server, "mkdir", folder) }
        try await servers.check(server, "put", "\(jail)/inbox/already.csv", input: Data("old".utf8))
        try await APIFixture().run(runners: true) { api in
            try await servers.connector(api, server, options: ["root": .string("\(servers.home)/\(jail)")])
            try await api.expectOK(.post, "/api/v1/applications/files/workflows", [
                "name": "file-it", "steps": [["name": "move", "connector": "box", "action": "rename",
                                              "input": ["from": "{{ input.path }}", "to": "done/{{ input.name }}"]]],
            ])
            let created = try await api.call(.post, "/api/v1/applications/files/triggers", [
                "name": "orders", "source": "new_files", "connector": "box",
                "options": ["folder": "inbox", "pattern": "*.csv", "pollSeconds": 1, "includeContent": true], "target": ["workflow": "file-it"],
            ])
            #expect(created.status == .created, "\(created.text)")
            #expect(try await eventually { try await api.call(.get, "/api/v1/applications/files/triggers/orders").json["state"] == "subscribed" })

            try await servers.check(server, "put", "\(jail)/inbox/orders.csv", input: Data("id,total\n1,42\n".utf8))
            try await servers.check(server, "put", "\(jail)/inbox/notes.txt", input: Data("not a csv".utf8))

            #expect(try await eventually { (try? await servers.fetch(server, "\(jail)/done/orders.csv")) == Data("id,total\n1,42\n".utf8) })
            let events = try await api.call(.get, "/api/v1/applications/files/triggers/orders/events")
            let items = events.json["items"]?.arrayValue ?? []
            #expect(items.count == 1, "only the new .csv, once: \(events.text.prefix(600))")
            #expect(items.first?["payload"]?["path"] == "/inbox/orders.csv" && items.first?["payload"]?["text"] == "id,total\n1,42\n")
            let runs = try await api.call(.get, "/api/v1/applications/files/runs")
            #expect(runs.json["items"]?.arrayValue?.count == 1, "\(runs.text.prefix(400))")
            let inbox = String(decoding: try await servers.check(server, "names", "\(jail)/inbox"), as: UTF8.self)
            #expect(inbox.contains("already.csv") && !inbox.contains("orders.csv"), "a file there before the trigger is left alone: \(inbox)")
        }
    }
}
