import Foundation
import PlugboardCore
import PlugboardTestSupport

/// nginx in front of a shared deployment's replicas, round robin, as a load balancer would be. A request a replica
/// refuses to connect goes to the next one; one cut after it was sent is answered 502 (a POST is never sent twice).
/// Started from Debian's nginx (`scripts/test.sh` installs it).
final class NginxBalancer: Sendable {
    let port: Int
    let directory: URL
    private let process: Subprocess

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts nginx balancing over `upstreams` (loopback ports) and waits until it answers.
    init(upstreams: [Int]) async throws {
        let binary = "/usr/sbin/nginx"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw EndToEndError("nginx is not installed at \(binary): run the tests with scripts/test.sh, which installs it.")
        }
        directory = try TemporaryDirectory.make("nginx")
        port = ChildProcessPort.find()
        let servers = upstreams.map { "    server 127.0.0.1:\($0) max_fails=1 fail_timeout=1s;" }.joined(separator: "\n")
        let temp = directory.appendingPathComponent("temp").path
        let configuration = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(directory.path)/nginx.pid;
            error_log \(directory.path)/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path \(temp)/body;
              proxy_temp_path \(temp)/proxy;
              fastcgi_temp_path \(temp)/fastcgi;
              uwsgi_temp_path \(temp)/uwsgi;
              scgi_temp_path \(temp)/scgi;
              upstream replicas {
            \(servers)
              }
              server {
                listen 127.0.0.1:\(port);
                location / {
                  proxy_pass http://replicas;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host:$server_port;
                  proxy_next_upstream error timeout;
                  proxy_read_timeout 120s;
                  proxy_buffering off;
                }
              }
            }
            """
        try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("nginx.conf")
        try Data(configuration.utf8).write(to: file)
        process = try ChildProcess.launch(
            binary, ["-p", directory.path, "-c", file.path], environment: ChildProcess.environment([:]),
            output: directory.appendingPathComponent("nginx.out"))
        let ready = await eventually(timeout: .seconds(30)) { await NginxBalancer.answers(self.port) }
        guard ready else {
            process.signal(SIGKILL)
            throw EndToEndError("nginx did not start: \((try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? "")")
        }
    }

    /// Whether something accepts connections on the port.
    private static func answers(_ port: Int) async -> Bool {
        (try? await APISession(baseURL: "http://127.0.0.1:\(port)", token: "", transcript: Transcript()).get("/healthz")) != nil
    }

    func stop() async {
        process.signal(SIGTERM)
        if await process.exitStatus(within: .seconds(10)) == nil { process.signal(SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }
}
