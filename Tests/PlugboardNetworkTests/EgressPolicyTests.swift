import PlugboardCore
import Testing

@Suite struct EgressPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var address: String
        var allowed: Bool
        var testDescription: String { "\(address) \(allowed ? "allowed" : "denied")" }
    }

    @Test(arguments: [
        Case(address: "169.254.169.254", allowed: false),
        Case(address: "fd00:ec2::254", allowed: false),
        Case(address: "100.100.100.200", allowed: false),
        Case(address: "127.0.0.1", allowed: false),
        Case(address: "127.255.0.9", allowed: false),
        Case(address: "::1", allowed: false),
        Case(address: "::ffff:127.0.0.1", allowed: false),
        Case(address: "::ffff:169.254.169.254", allowed: false),
        Case(address: "0.0.0.0", allowed: false),
        Case(address: "::", allowed: false),
        Case(address: "fe80::1", allowed: false),
        Case(address: "224.0.0.1", allowed: false),
        Case(address: "255.255.255.255", allowed: false),
        Case(address: "10.1.2.3", allowed: true),
        Case(address: "192.168.1.1", allowed: true),
        Case(address: "172.16.0.1", allowed: true),
        Case(address: "fd12:3456::1", allowed: true),
        Case(address: "93.184.216.34", allowed: true),
        Case(address: "2606:4700::1111", allowed: true),
    ])
    func defaultPolicy(_ example: Case) throws {
        let address = try #require(IPAddress(example.address))
        #expect((EgressPolicy().denial(for: address) == nil) == example.allowed)
    }

    @Test func checkRefusesWhenAnyAddressIsDenied() throws {
        let addresses = ["10.0.0.5", "169.254.169.254"].compactMap(IPAddress.init)
        let error = #expect(throws: ConnectorError.self) { try EgressPolicy().check(host: "mixed.example", addresses: addresses) }
        #expect(error?.code == .egressDenied)
        #expect(error?.message.contains("169.254.169.254") == true)
    }

    @Test func checkWithoutAddressesIsConnectionRefused() {
        let error = #expect(throws: ConnectorError.self) { try EgressPolicy().check(host: "nothing.example", addresses: []) }
        #expect(error?.code == .connectionRefused)
    }

    @Test func allowOverrideFromEnvironment() throws {
        let policy = try EgressPolicy.fromEnvironment(["PLUGBOARD_EGRESS_ALLOW": "127.0.0.0/8,::1/128"])
        #expect(policy.denial(for: IPAddress("127.0.0.1")!) == nil)
        #expect(policy.denial(for: IPAddress("::1")!) == nil)
        #expect(policy.denial(for: IPAddress("169.254.169.254")!) != nil)
    }

    @Test func denyOverrideFromEnvironmentWinsOverAllow() throws {
        let policy = try EgressPolicy.fromEnvironment([
            "PLUGBOARD_EGRESS_ALLOW": "10.0.0.0/8", "PLUGBOARD_EGRESS_DENY": "10.1.0.0/16",
        ])
        #expect(policy.denial(for: IPAddress("10.1.2.3")!) != nil)
        #expect(policy.denial(for: IPAddress("10.2.0.1")!) == nil)
        #expect(policy.denial(for: IPAddress("192.168.1.1")!) == nil)
    }

    @Test func allowingMetadataExplicitlyIsPossible() throws {
        let policy = try EgressPolicy.fromEnvironment(["PLUGBOARD_EGRESS_ALLOW": "169.254.169.254/32"])
        #expect(policy.denial(for: IPAddress("169.254.169.254")!) == nil)
        #expect(policy.denial(for: IPAddress("169.254.1.1")!) != nil)
    }

    @Test func malformedEnvironmentIsInvalidConfiguration() {
        let error = #expect(throws: ConnectorError.self) {
            try EgressPolicy.fromEnvironment(["PLUGBOARD_EGRESS_DENY": "10.0.0.0/8,not-a-block"])
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == "PLUGBOARD_EGRESS_DENY")
    }
}
