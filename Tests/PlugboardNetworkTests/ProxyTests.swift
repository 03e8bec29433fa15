import PlugboardCore
import PlugboardNetwork
import PlugboardTestSupport
import Testing

/// The proxy setting: how its URL is read, and that the egress guard checks the proxy and the target behind it.
@Suite struct ProxyTests {
    @Test(arguments: [
        ("http://proxy.internal:3128", "proxy.internal", 3128),
        ("http://10.0.0.7", "10.0.0.7", 80),
        ("http://[::1]:8080/", "::1", 8080),
    ])
    func proxyURLIsRead(text: String, host: String, port: Int) throws {
        let proxy = try HTTPProxy(url: text)
        #expect(proxy.host == host)
        #expect(proxy.port == port)
    }

    @Test(arguments: ["http://user:pw-7f3a@proxy:3128", "http://user@proxy:3128", "https://proxy:3128", "socks5://proxy:1080", "http://proxy:3128/x", "proxy:3128", ""])
    func unusableProxyURLIsInvalidConfiguration(text: String) {
        let error = #expect(throws: ConnectorError.self) { try HTTPProxy(url: text, field: "proxy") }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == "proxy")
        #expect(error.map { !$0.json.jsonString().contains("pw-7f3a") } == true)
    }

    /// A target name with one allowed and one denied address is refused although the proxy would resolve it itself.
    @Test(arguments: [["10.1.2.3", "169.254.169.254"], ["127.0.0.2"], ["fd00:ec2::254"]])
    func deniedTargetBehindAnAllowedProxyIsRefused(addresses: [String]) async throws {
        try await withUpstreamServer { stand in
            // The stand-in listens where the proxy is; it must receive nothing.
            let resolver = HostResolver { (host: String) async throws(ConnectorError) -> [IPAddress] in
                host == "target.test" ? addresses.compactMap(IPAddress.init) : [IPAddress("127.0.0.1")!]
            }
            let options = HTTPClientOptions(proxy: HTTPProxy(host: "proxy.test", port: stand.port))
            let policy = EgressPolicy(allowed: ["127.0.0.1/32", "10.0.0.0/8"].compactMap(CIDRBlock.init))
            let error = await #expect(throws: ConnectorError.self) {
                _ = try await TransportFixtures.send(
                    HTTPRequestMessage(method: "GET", url: "http://target.test/"), policy: policy, resolver: resolver, options: options)
            }
            #expect(error?.code == .egressDenied)
            #expect(stand.requests.isEmpty)
        }
    }

    @Test func deniedProxyIsRefused() async throws {
        try await withUpstreamServer { stand in
            let options = HTTPClientOptions(proxy: HTTPProxy(host: "127.0.0.1", port: stand.port))
            let error = await #expect(throws: ConnectorError.self) {
                _ = try await TransportFixtures.send(
                    HTTPRequestMessage(method: "GET", url: "http://10.1.2.3/"), policy: EgressPolicy(), options: options)
            }
            #expect(error?.code == .egressDenied)
            #expect(error?.message.contains("127.0.0.1") == true)
            #expect(stand.requests.isEmpty)
        }
    }

    @Test func proxyThatIsDownIsConnectionRefusedNamingTheProxy() async throws {
        let port = ClosedPort.find()
        let options = HTTPClientOptions(proxy: HTTPProxy(host: "127.0.0.1", port: port))
        let error = await #expect(throws: ConnectorError.self) {
            _ = try await TransportFixtures.send(HTTPRequestMessage(method: "GET", url: "http://127.0.0.1:9/"), options: options)
        }
        #expect(error?.code == .connectionRefused)
        #expect(error?.cause.contains("proxy 127.0.0.1:\(port)") == true)
    }
}
