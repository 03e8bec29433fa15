import Foundation
import PlugboardCore
import PlugboardTestSupport

/// A small HTTP forward proxy on 127.0.0.1 (Python's standard library, started per test): plain requests arrive
/// with an absolute URI and are forwarded, `CONNECT host:port` opens a tunnel. It writes one line per request it
/// received (`GET http://…`, `CONNECT host:port`) to a log the test reads, so a test sees the proxy was used.
final class ForwardProxy: Sendable {
    let port: Int
    private let process: Subprocess
    private let directory: URL

    /// `http://127.0.0.1:<port>`.
    var url: String { "http://127.0.0.1:\(port)" }

    /// The request lines received so far.
    var requestLines: [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    private init(port: Int, process: Subprocess, directory: URL) {
        self.port = port
        self.process = process
        self.directory = directory
    }

    /// Starts the proxy and waits for its port; a missing python3 fails the test.
    static func start() async throws -> ForwardProxy {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plugboard-proxy-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("proxy.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let arguments = ["python3", script.path, directory.appendingPathComponent("log").path, directory.appendingPathComponent("port").path]
        let process = try Subprocess.run("/usr/bin/env", arguments)
        for _ in 0..<500 {
            if let text = try? String(contentsOf: directory.appendingPathComponent("port"), encoding: .utf8),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return ForwardProxy(port: port, process: process, directory: directory)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(10))
        }
        process.terminate()
        throw TestServerError("the Python forward proxy did not start (is python3 installed?)")
    }

    /// Stops the proxy process this test started and removes its files.
    func stop() {
        process.terminate()
        _ = process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `body` with a started proxy, stopped afterwards.
    static func with<Value>(_ body: (ForwardProxy) async throws -> Value) async throws -> Value {
        let proxy = try await start()
        do {
            let value = try await body(proxy)
            proxy.stop()
            return value
        } catch {
            proxy.stop()
            throw error
        }
    }

    private static let script = #"""
        import http.client, http.server, select, signal, socket, sys, urllib.parse

        # The test process may block signals, and children inherit the mask: unblock them so terminate() works.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
        log_path, port_path = sys.argv[1], sys.argv[2]
        HOP = {"connection", "proxy-connection", "keep-alive", "transfer-encoding", "te", "upgrade", "proxy-authorization"}

        class Proxy(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def record(self):
                with open(log_path, "a") as log:
                    log.write(f"{self.command} {self.path}\n")

            def do_CONNECT(self):
                self.record()
                host, port = self.path.rsplit(":", 1)
                upstream = socket.create_connection((host.strip("[]"), int(port)))
                self.send_response(200, "Connection established")
                self.end_headers()
                sockets = [self.connection, upstream]
                try:
                    while True:
                        readable, _, _ = select.select(sockets, [], [], 30)
                        if not readable:
                            break
                        for source in readable:
                            data = source.recv(65536)
                            if not data:
                                return
                            (upstream if source is self.connection else self.connection).sendall(data)
                finally:
                    upstream.close()
                    self.close_connection = True

            def forward(self):
                self.record()
                target = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
                connection = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
                path = target.path or "/"
                if target.query:
                    path += "?" + target.query
                connection.request(self.command, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                self.send_response(response.status, response.reason)
                for name, value in response.getheaders():
                    if name.lower() not in HOP and name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = forward

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
        server.daemon_threads = True
        with open(port_path + ".tmp", "w") as out:
            out.write(str(server.server_address[1]))
        import os
        os.rename(port_path + ".tmp", port_path)
        server.serve_forever()
        """#
}
