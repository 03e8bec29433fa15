/// What the client and server agreed on: the protocol version from the listener's ACCEPT, the TTC field version
/// (the lower of ours and the server's compile capabilities), the character sets, and the capability bytes the client
/// announces. Our announcement is python-oracledb thin's, so a server answers us as it answers that client.
struct OracleCapabilities: Sendable {
    /// Fields of the compile-time capabilities.
    enum Compile {
        static let sqlVersion = 0, logonTypes = 4, featureBackport = 5, fieldVersion = 7, serverDefineConversion = 8
        static let dequeueWithSelector = 9, ttc1 = 15, oci1 = 16, tdsVersion = 17, rpcVersion = 18, rpcSignature = 19
        static let dbfVersion = 21, lob = 23, ttc2 = 26, ub2DataTypes = 27, oci2 = 31, clientFunctions = 34, oci3 = 35
        static let ttc3 = 37, sessionSignatureVersion = 39, ttc4 = 40, lob2 = 42, ttc5 = 44, featureBackport2 = 45
        static let vectorFeatures = 52, ttc6 = 54, count = 55
    }

    /// TTC field versions whose messages differ.
    enum FieldVersion {
        static let v12_2: UInt8 = 8, v12_2ext1: UInt8 = 9, v18_1ext1: UInt8 = 11, v20_1: UInt8 = 14, v23_1: UInt8 = 17
        static let v23_1ext1: UInt8 = 18, v23_1ext3: UInt8 = 20, v23_4: UInt8 = 24
        static let maximum: UInt8 = v23_4
    }

    static let charsetUTF8: UInt16 = 873
    static let charsetUTF16: UInt16 = 2000

    var protocolVersion: UInt16 = 0
    var fieldVersion: UInt8 = FieldVersion.maximum
    var sdu: UInt32 = 8192
    var charsetID: UInt16 = charsetUTF8
    var ncharsetID: UInt16 = charsetUTF16
    var maxStringSize: UInt32 = 4000
    var compile: [UInt8] = OracleCapabilities.clientCompile
    var runtime: [UInt8] = [2, 0, 0, 0, 0, 0, 0x01 | 0x04, 0, 0, 0, 0]

    var supportsBoolean: Bool { fieldVersion >= FieldVersion.v23_1 }

    private static var clientCompile: [UInt8] {
        var caps = [UInt8](repeating: 0, count: Compile.count)
        caps[Compile.sqlVersion] = 6
        caps[Compile.logonTypes] = 8 | 2 | 32 | 64 | 0x80   // O5LOGON, O5LOGON_NP, O7LOGON, long identifiers, long passwords
        caps[Compile.featureBackport] = 0x08 | 0x10
        caps[Compile.fieldVersion] = FieldVersion.maximum
        caps[Compile.serverDefineConversion] = 1
        caps[Compile.dequeueWithSelector] = 1
        caps[Compile.ttc1] = 0x20 | 0x01 | 0x08              // fast bind vector, end-of-call status, indicator records
        caps[Compile.oci1] = 0x10 | 0x80
        caps[Compile.tdsVersion] = 3
        caps[Compile.rpcVersion] = 7
        caps[Compile.rpcSignature] = 3
        caps[Compile.dbfVersion] = 1
        caps[Compile.lob] = 0x01 | 0x02 | 0x40 | 0x08 | 0x80 | 0x04
        caps[Compile.ub2DataTypes] = 1
        caps[Compile.lob2] = 0x01 | 0x04
        caps[Compile.ttc3] = 0x10 | 0x20 | 0x80 | 0x08
        caps[Compile.ttc2] = 0x04
        caps[Compile.oci2] = 0x10
        caps[Compile.clientFunctions] = 12
        caps[Compile.sessionSignatureVersion] = FieldVersion.v12_2
        caps[Compile.ttc4] = 0x04 | 0x40                     // in-band notification, explicit boundary
        caps[Compile.ttc5] = 0x08 | 0x02 | 0x04 | 0x10 | 0x20
        caps[Compile.vectorFeatures] = 0x01 | 0x02
        caps[Compile.oci3] = 0x20
        caps[Compile.ttc6] = 0x04
        caps[Compile.featureBackport2] = 0x02
        return caps
    }

    /// Adopts the server's compile capabilities: the lower field version wins.
    mutating func adopt(serverCompile: [UInt8]) {
        guard serverCompile.count > Compile.fieldVersion else { return }
        let server = serverCompile[Compile.fieldVersion]
        if server < fieldVersion {
            fieldVersion = server
            compile[Compile.fieldVersion] = server
        }
    }

    /// Adopts the server's runtime capabilities: 32 KiB strings when it has them.
    mutating func adopt(serverRuntime: [UInt8]) {
        guard serverRuntime.count > 6 else { return }
        maxStringSize = serverRuntime[6] & 0x04 != 0 ? 32767 : 4000
    }
}
