import PlugboardCore
import Testing

@Suite struct IPAddressTests {
    @Test(arguments: [
        ("127.0.0.1", [127, 0, 0, 1] as [UInt8]), ("0.0.0.0", [0, 0, 0, 0]), ("255.255.255.255", [255, 255, 255, 255]),
    ])
    func parsesDottedIPv4(_ text: String, _ bytes: [UInt8]) throws {
        let address = try #require(IPAddress(text))
        #expect(address.bytes == bytes)
        #expect(address.isIPv4)
        #expect(address.description == text)
    }

    @Test(arguments: ["127.1", "2130706433", "0x7f000001", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "", "a.b.c.d", "1.2.3.4 "])
    func refusesLooseIPv4(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func parsesIPv6Forms() throws {
        #expect(IPAddress("::1")?.bytes == Array(repeating: 0, count: 15) + [1])
        #expect(IPAddress("[::1]") == IPAddress("::1"))
        #expect(IPAddress("::")?.bytes == Array(repeating: 0, count: 16))
        #expect(IPAddress("fe80::1%eth0") == IPAddress("fe80::1"))
        #expect(IPAddress("2001:db8:0:0:0:0:0:1") == IPAddress("2001:db8::1"))
        #expect(IPAddress("fd00:ec2::254")?.description == "fd00:ec2:0:0:0:0:0:254")
        let mapped = try #require(IPAddress("::ffff:127.0.0.1"))
        #expect(!mapped.isIPv4)
        #expect(mapped.unmapped == IPAddress("127.0.0.1"))
        #expect(IPAddress("::ffff:7f00:1")?.unmapped == IPAddress("127.0.0.1"))
    }

    @Test(arguments: ["1::2::3", ":::", "12345::1", "1:2:3:4:5:6:7:8:9", "g::1", "1:2:3:4:5:6:7", "[::1"])
    func refusesBadIPv6(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func cidrBlocks() throws {
        let private10 = try #require(CIDRBlock("10.0.0.0/8"))
        #expect(private10.contains(IPAddress("10.255.1.2")!))
        #expect(!private10.contains(IPAddress("11.0.0.1")!))
        #expect(private10.contains(IPAddress("::ffff:10.1.1.1")!))
        #expect(!private10.contains(IPAddress("::1")!))
        let single = try #require(CIDRBlock("169.254.169.254"))
        #expect(single.prefixLength == 32)
        #expect(single.contains(IPAddress("169.254.169.254")!))
        #expect(!single.contains(IPAddress("169.254.169.253")!))
        let odd = try #require(CIDRBlock("172.16.0.0/12"))
        #expect(odd.contains(IPAddress("172.31.255.255")!))
        #expect(!odd.contains(IPAddress("172.32.0.0")!))
        let v6 = try #require(CIDRBlock("fe80::/10"))
        #expect(v6.contains(IPAddress("febf::1")!))
        #expect(!v6.contains(IPAddress("fec0::1")!))
        #expect(CIDRBlock("0.0.0.0/0")?.contains(IPAddress("8.8.8.8")!) == true)
        #expect(CIDRBlock(" 10.0.0.0/8 ")?.description == "10.0.0.0/8")
    }

    @Test(arguments: ["10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "nonsense/8", ""])
    func refusesBadBlocks(_ text: String) {
        #expect(CIDRBlock(text) == nil)
    }
}
