import PlugboardCore
import PlugboardNetwork
import Testing

/// Resolves and checks only: nothing here opens a connection.
@Suite struct HostResolverTests {
    static let loopbackSpellings = ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "017700000001", "0177.0.0.1", "127.0.1"]

    @Test(arguments: loopbackSpellings)
    func loopbackSpellingsResolveToLoopback(_ host: String) async throws {
        let addresses = try await HostResolver.system.resolve(host)
        #expect(addresses == [IPAddress("127.0.0.1")!])
    }

    @Test(arguments: loopbackSpellings + ["[::1]", "::1", "[::ffff:127.0.0.1]", "::ffff:7f00:1", "0.0.0.0", "0", "localhost"])
    func loopbackSpellingsAreDeniedByDefault(_ host: String) async throws {
        let egress = EgressGuard(policy: EgressPolicy())
        let error = await #expect(throws: ConnectorError.self) { try await egress.checkedAddress(for: host) }
        #expect(error?.code == .egressDenied)
    }

    @Test func mappedIPv6ResolvesToTheMappedAddress() async throws {
        let addresses = try await HostResolver.system.resolve("[::ffff:127.0.0.1]")
        #expect(addresses.map(\.unmapped) == [IPAddress("127.0.0.1")!])
    }

    @Test func metadataSpellingsAreDenied() async throws {
        let egress = EgressGuard(policy: EgressPolicy(allowed: EgressPolicy.loopback))
        for host in ["169.254.169.254", "0xa9fea9fe", "2852039166", "[fd00:ec2::254]", "[::ffff:169.254.169.254]"] {
            let error = await #expect(throws: ConnectorError.self) { try await egress.checkedAddress(for: host) }
            #expect(error?.code == .egressDenied, "\(host)")
        }
    }

    @Test func allowedLoopbackIsPinnedToTheResolvedAddress() async throws {
        let egress = EgressGuard(policy: EgressPolicy(allowed: EgressPolicy.loopback))
        #expect(try await egress.checkedAddress(for: "0x7f000001") == IPAddress("127.0.0.1")!)
        #expect(try await egress.checkedAddress(for: "[::ffff:127.0.0.1]") == IPAddress("127.0.0.1")!)
        #expect(try await egress.checkedAddress(for: "localhost").unmapped.bytes.first == 127)
    }

    @Test func unresolvableNameIsConnectionRefused() async {
        let error = await #expect(throws: ConnectorError.self) { try await HostResolver.system.resolve("no-such-host.invalid") }
        #expect(error?.code == .connectionRefused)
        #expect(error?.cause.contains("does not resolve") == true)
    }

    @Test func everyResolvedAddressIsChecked() async {
        let resolver = HostResolver { _ async throws(ConnectorError) in [IPAddress("203.0.113.7")!, IPAddress("169.254.169.254")!] }
        let egress = EgressGuard(policy: EgressPolicy(), resolver: resolver)
        let error = await #expect(throws: ConnectorError.self) { try await egress.checkedAddress(for: "rebinding.example") }
        #expect(error?.code == .egressDenied)
    }

    @Test func allowlistNarrowsToExactlyOneAddress() async throws {
        let policy = EgressPolicy(allowed: [CIDRBlock("127.0.0.1/32")!])
        let egress = EgressGuard(policy: policy)
        #expect(try await egress.checkedAddress(for: "127.0.0.1") == IPAddress("127.0.0.1")!)
        for host in ["127.0.0.2", "[::1]"] {
            let error = await #expect(throws: ConnectorError.self) { try await egress.checkedAddress(for: host) }
            #expect(error?.code == .egressDenied)
        }
    }
}
