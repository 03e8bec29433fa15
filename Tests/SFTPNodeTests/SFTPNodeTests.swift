import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `sftp` node through Plugboard's API against Debian's OpenSSH server, the files checked with the system
/// `sftp` client.
@Suite struct SFTPNodeTests {
    @Test func everyOperationWithAPasswordLogin() async throws {
        let server = try SFTPServer.fromEnvironment()
        let fixture = try await APIFixture()
        let run = "run-\(UUID().uuidString.prefix(8).lowercased())"
        try await fixture.run { api in
            #expect(try await server.connector(api).status == .created)
            let test = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(test.json["details"]?["hostKeyFingerprint"]?.stringValue == server.fingerprint, "\(test.text)")
            #expect(test.json["details"]?["root"]?.stringValue == server.home)

            let made = try await api.run("files", "box", "mkdir", ["path": .string("\(run)/a/b")])
            #expect(made.output["path"] == .string("/\(run)/a/b"), "\(made.text)")
            let upload = try await api.run("files", "box", "upload", ["path": .string("\(run)/a/b/hello.txt"), "text": "héllo, wörld"])
            #expect(upload.output["size"] == 14, "\(upload.text)")
            let listed = try await api.run("files", "box", "list", ["path": .string("/\(run)/a/b")])
            let entry = try #require(listed.output["entries"]?.arrayValue?.first)
            #expect(entry["name"] == "hello.txt" && entry["kind"] == "file" && entry["size"] == 14 && entry["mode"] == "644", "\(listed.text)")
            #expect(entry["path"] == .string("/\(run)/a/b/hello.txt") && entry["modifiedAt"]?.stringValue != nil)
            let folder = try await api.run("files", "box", "stat", ["path": .string("\(run)/a")])
            #expect(folder.output["kind"] == "directory")
            #expect(try await api.run("files", "box", "download", ["path": .string("\(run)/a/b/hello.txt")]).output["text"] == "héllo, wörld")
            #expect(String(decoding: try await server.fetch("\(run)/a/b/hello.txt"), as: UTF8.self) == "héllo, wörld", "the system client reads the same")

            // Binary content, pipelined over several 32 KiB requests.
            let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) })
            try await api.expectOK(.post, "/api/v1/applications/files/connectors/box/actions/upload", ["path": .string("\(run)/blob.bin"), "base64": .string(bytes.base64EncodedString())])
            #expect(try await server.fetch("\(run)/blob.bin") == bytes)
            let back = try await api.run("files", "box", "download", ["path": .string("\(run)/blob.bin")])
            #expect(back.output["base64"]?.stringValue == bytes.base64EncodedString() && back.output["size"] == 300_000)

            // Rename over an existing file (posix-rename), delete, remove folders.
            try await server.sftpClient(["put /etc/hostname \(run)/a/b/old.txt"])
            let renamed = try await api.run("files", "box", "rename", ["from": .string("\(run)/a/b/hello.txt"), "to": .string("\(run)/a/b/old.txt")])
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(String(decoding: try await server.fetch("\(run)/a/b/old.txt"), as: UTF8.self) == "héllo, wörld")
            #expect(try await api.run("files", "box", "delete", ["path": .string("\(run)/a/b/old.txt")]).status == .ok)
            let gone = try await api.run("files", "box", "stat", ["path": .string("\(run)/a/b/old.txt")])
            #expect(gone.errorCode == "not_found", "\(gone.text)")
            let notEmpty = try await api.run("files", "box", "rmdir", ["path": .string("\(run)/a")])
            #expect(notEmpty.errorCode == "upstream_error", "\(notEmpty.text)")
            #expect(try await api.run("files", "box", "rmdir", ["path": .string("\(run)/a/b")]).status == .ok)
            #expect(try await api.run("files", "box", "rmdir", ["path": .string("\(run)/a")]).status == .ok)
            #expect(!fixture.logs.text.contains(server.password))
        }
    }

    @Test(arguments: ["ed25519", "ecdsa"])
    func keysLogIn(_ kind: String) async throws {
        let server = try SFTPServer.fromEnvironment()
        try await APIFixture().run { api in
            let key = kind == "ed25519" ? server.ed25519Key : server.ecdsaKey
            try await server.connector(api, credential: ["username": .string(server.user), "privateKey": .string(key)])
            let test = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(test.json["ok"] == true, "\(test.text)")
            #expect(try await api.run("files", "box", "list").output["path"] == "/")
        }
    }

    @Test func keysNIOSSHCannotUseAreRefusedSayingWhy() async throws {
        let server = try SFTPServer.fromEnvironment()
        let folder = NSTemporaryDirectory() + "sftp-keys-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let keygen = { (arguments: [String]) async throws -> String in
            _ = try await Subprocess.capture("/usr/bin/ssh-keygen", ["-q"] + arguments)
            return try String(contentsOfFile: arguments[arguments.firstIndex(of: "-f")! + 1], encoding: .utf8)
        }
        let rsa = try await keygen(["-t", "rsa", "-b", "2048", "-N", "", "-f", folder + "/rsa"])
        let encrypted = try await keygen(["-t", "ed25519", "-N", "a passphrase", "-f", folder + "/encrypted"])
        for (key, words) in [(rsa, "RSA keys are not supported"), (encrypted, "bcrypt_pbkdf")] {
            try await APIFixture().run { api in
                try await server.connector(api, credential: ["username": .string(server.user), "privateKey": .string(key)])
                let test = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
                #expect(test.json["error"]?["code"] == "invalid_configuration" && test.text.contains(words), "\(test.text)")
            }
        }
    }

    @Test func theHostKeyIsPinned() async throws {
        let server = try SFTPServer.fromEnvironment()
        try await APIFixture().run { api in
            try await server.connector(api, options: ["hostKeyFingerprint": "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
            let wrong = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(wrong.json["error"]?["code"] == "tls_certificate", "\(wrong.text)")
            #expect(wrong.json["error"]?["details"]?["presented"]?.stringValue == server.fingerprint)

            let options: JSONObject = ["host": "127.0.0.1", "port": .integer(Int64(server.port))]
            try await api.call(.patch, "/api/v1/applications/files/connectors/box", ["options": .object(options)])
            let unpinned = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(unpinned.json["error"]?["code"] == "tls_certificate" && unpinned.text.contains(server.fingerprint), "\(unpinned.text)")

            var trusting = options
            trusting["trustOnFirstUse"] = true
            try await api.call(.patch, "/api/v1/applications/files/connectors/box", ["options": .object(trusting)])
            let trusted = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(trusted.json["details"]?["hostKeyFingerprint"]?.stringValue == server.fingerprint, "\(trusted.text)")
            let pinned = try await api.call(.get, "/api/v1/applications/files/connectors/box")
            #expect(pinned.json["options"]?["hostKeyFingerprint"]?.stringValue == server.fingerprint, "the key seen first is pinned: \(pinned.text)")
        }
        try await APIFixture().run { api in
            try await server.connector(api, credential: ["username": .string(server.user), "password": "wrong-password-1"])
            let refused = try await api.call(.post, "/api/v1/applications/files/connectors/box/test")
            #expect(refused.json["error"]?["code"] == "authentication_failed", "\(refused.text)")
            #expect(!refused.text.contains("wrong-password-1"))
        }
    }

    @Test func pathsStayInsideTheRoot() async throws {
        let server = try SFTPServer.fromEnvironment()
        let jail = "jail-\(UUID().uuidString.prefix(8).lowercased())"
        try await server.sftpClient(["mkdir \(jail)", "mkdir \(jail)/inside", "symlink /etc \(jail)/inside/escape"])
        // A name with CR and LF, which a listing must not hand on as a name (Linux allows them on disk).
        #expect(FileManager.default.createFile(atPath: "\(server.home)/\(jail)/inside/evil\r\nname.txt", contents: Data("x".utf8)))
        try await APIFixture().run { api in
            try await server.connector(api, options: ["root": .string("\(server.home)/\(jail)")])
            for path in ["../x", "inside/../../x", "a\nb"] {
                let refused = try await api.run("files", "box", "stat", ["path": .string(path)])
                #expect(refused.errorCode == "invalid_input", "\(path): \(refused.text)")
            }
            let absolute = try await api.run("files", "box", "upload", ["path": "/etc/plugboard-test.txt", "text": "x", "createFolders": true])
            #expect(absolute.status == .ok && absolute.output["path"] == "/etc/plugboard-test.txt", "an absolute path starts at the root: \(absolute.text)")
            #expect(try await server.fetch("\(jail)/etc/plugboard-test.txt") == Data("x".utf8))
            let link = try await api.run("files", "box", "list", ["path": "inside/escape"])
            #expect(link.errorCode == "invalid_input" && link.text.contains("outside"), "\(link.text)")
            let through = try await api.run("files", "box", "download", ["path": "inside/escape/hostname"])
            #expect(through.errorCode == "invalid_input", "\(through.text)")
            let listing = try await api.run("files", "box", "list", ["path": "inside"])
            #expect(listing.output["entries"]?.arrayValue?.map { $0["name"] } == ["escape"], "the link is listed, never followed; the CR/LF name is dropped")
        }
    }

    @Test func aFiftyMegabyteRoundTrip() async throws {
        let server = try SFTPServer.fromEnvironment()
        let name = "big-\(UUID().uuidString.prefix(8).lowercased()).bin"
        // Bytes that do not repeat (xorshift), made in one pass: the round trip, not the generator, is what is measured.
        var filled = Data(count: 50 << 20)
        filled.withUnsafeMutableBytes { raw in
            let words = raw.bindMemory(to: UInt64.self)
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for index in words.indices {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                words[index] = state
            }
        }
        let bytes = filled
        try await APIFixture(environment: ["PLUGBOARD_MAX_BODY_BYTES": String(80 << 20)]).run { api in
            try await server.connector(api)
            let upload = try await api.call(
                .post, "/api/v1/applications/files/connectors/box/actions/upload", ["path": .string(name), "base64": .string(bytes.base64EncodedString())])
            #expect(upload.status == .ok, "\(upload.text.prefix(300))")
            #expect(try await server.fetch(name) == bytes)
            let download = try await api.call(.post, "/api/v1/applications/files/connectors/box/actions/download", ["path": .string(name)])
            #expect(download.json["output"]?["base64"]?.stringValue.flatMap { Data(base64Encoded: $0) } == bytes)
            try await api.run("files", "box", "delete", ["path": .string(name)])
        }
    }
}

/// The sftp `new_files` trigger: a file another client writes starts the workflow once.
@Suite struct SFTPNewFilesTests {
    @Test func aFileWrittenByAnotherClientStartsTheWorkflowOnce() async throws {
        let server = try SFTPServer.fromEnvironment()
        let jail = "watch-\(UUID().uuidString.prefix(8).lowercased())"
        try await server.sftpClient(["mkdir \(jail)", "mkdir \(jail)/inbox", "mkdir \(jail)/done", "put /etc/hostname \(jail)/inbox/already.csv"])
        let fixture = try await APIFixture()
        try await fixture.run(runners: true) { api in
            try await server.connector(api, options: ["root": .string("\(server.home)/\(jail)")])
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

            let local = NSTemporaryDirectory() + "orders-\(UUID().uuidString).csv"
            try Data("id,total\n1,42\n".utf8).write(to: URL(fileURLWithPath: local))
            defer { try? FileManager.default.removeItem(atPath: local) }
            try await server.sftpClient(["put \(local) \(jail)/inbox/orders.csv", "put /etc/hostname \(jail)/inbox/notes.txt"])

            #expect(try await eventually { (try? await server.fetch("\(jail)/done/orders.csv")) == Data("id,total\n1,42\n".utf8) })
            let events = try await api.call(.get, "/api/v1/applications/files/triggers/orders/events")
            let items = events.json["items"]?.arrayValue ?? []
            #expect(items.count == 1, "only the new .csv, once: \(events.text.prefix(600))")
            #expect(items.first?["payload"]?["path"] == "/inbox/orders.csv" && items.first?["payload"]?["text"] == "id,total\n1,42\n")
            let runs = try await api.call(.get, "/api/v1/applications/files/runs")
            #expect(runs.json["items"]?.arrayValue?.count == 1, "\(runs.text.prefix(400))")
            #expect(try await server.sftpClient(["ls \(jail)/inbox"]).contains("already.csv"), "a file there before the trigger is left alone")
        }
    }
}
