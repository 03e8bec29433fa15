import Testing

@testable import ConnectorsQueues

/// SCRAM against RFC 7677's SHA-256 example and an SHA-512 exchange made by kafka-python's own SCRAM client.
@Suite struct SCRAMClientTests {
    @Test func rfc7677Example() throws {
        var client = SCRAMClient(algorithm: .sha256, username: "user", password: "pencil", nonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(String(decoding: client.clientFirst, as: UTF8.self) == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let final = try client.clientFinal(serverFirst: Array("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".utf8))
        #expect(String(decoding: final, as: UTF8.self) == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        try client.verify(serverFinal: Array("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".utf8))
        #expect(throws: (any Error).self) { try client.verify(serverFinal: Array("v=AAAA".utf8)) }
        #expect(throws: (any Error).self) { try client.verify(serverFinal: Array("e=invalid-proof".utf8)) }
    }

    /// kafka-python 3.0.12's `ScramClient('plugboard', 'p@ss,word=', 'SCRAM-SHA-512')` with this nonce and server-first.
    @Test func sha512AsKafkaPythonComputesIt() throws {
        var client = SCRAMClient(algorithm: .sha512, username: "plugboard", password: "p@ss,word=", nonce: "fyko+d2lbbFgONRv9qkxdawL")
        #expect(String(decoding: client.clientFirst, as: UTF8.self) == "n,,n=plugboard,r=fyko+d2lbbFgONRv9qkxdawL")
        let final = try client.clientFinal(serverFirst: Array("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096".utf8))
        #expect(String(decoding: final, as: UTF8.self) == "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=seFWHa/MF12dnaMFl4HHpNG9OeDS1qrhBW1miGGr+CB7Y4JniweqbOh37FOUj0oLrPm6O0Lk84eH4450J1Azjw==")
        try client.verify(serverFinal: Array("v=0QVkZmW4gwJJIp0tdPWLbaNPVhqiPn6vgODvktMOjPz3G6RlIjO27a5W0yQoRiKnxpt2Irj+vclIFdAVfJKloQ==".utf8))
    }

    @Test func aServerThatDoesNotExtendTheNonceOrAsksTooMuchIsRefused() {
        var client = SCRAMClient(algorithm: .sha256, username: "a=b,c", password: "x", nonce: "abc")
        #expect(String(decoding: client.clientFirst, as: UTF8.self) == "n,,n=a=3Db=2Cc,r=abc", "= and , are escaped in names")
        #expect(throws: (any Error).self) { try client.clientFinal(serverFirst: Array("r=xyz123,s=QUJD,i=4096".utf8)) }
        #expect(throws: (any Error).self) { try client.clientFinal(serverFirst: Array("r=abc123,s=QUJD,i=99999999".utf8)) }
        #expect(throws: (any Error).self) { try client.verify(serverFinal: Array("v=AAAA".utf8)) }
    }
}
