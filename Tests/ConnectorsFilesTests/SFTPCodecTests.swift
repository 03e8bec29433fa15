import ConnectorsFiles
import NIOCore
import Testing

/// SFTP version 3 packets written and read without I/O, checked against bytes laid out by hand from
/// draft-ietf-secsh-filexfer-02.
@Suite struct SFTPCodecTests {
    @Test func requestsAreLaidOutAsTheDraftSays() {
        let open = SFTPCodec.encode(.open(path: "a.txt", flags: [.write, .create, .truncate], attributes: SFTPAttributes(permissions: 0o644)), id: 7)
        #expect(Array(open.readableBytesView) == [
            0, 0, 0, 26, 3, 0, 0, 0, 7, 0, 0, 0, 5, 97, 46, 116, 120, 116, 0, 0, 0, 0x1A, 0, 0, 0, 4, 0, 0, 0x01, 0xA4,
        ])
        let read = SFTPCodec.encode(.read(handle: [1, 2], offset: 65536, length: 32768), id: 1)
        #expect(Array(read.readableBytesView) == [0, 0, 0, 23, 5, 0, 0, 0, 1, 0, 0, 0, 2, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0x80, 0])
        let rename = SFTPCodec.encode(.posixRename(from: "a", to: "b"), id: 2)
        var bytes = rename
        bytes.moveReaderIndex(forwardBy: 4)
        #expect(bytes.readInteger(as: UInt8.self) == 200 && bytes.readInteger(as: UInt32.self) == 2)
        #expect(bytes.readInteger(as: UInt32.self) == 24 && bytes.readString(length: 24) == "posix-rename@openssh.com")
        #expect(Array(SFTPCodec.initPacket().readableBytesView) == [0, 0, 0, 5, 1, 0, 0, 0, 3])
    }

    @Test func repliesAreReadHoweverTheBytesArrive() throws {
        var wire = ByteBufferAllocator().buffer(capacity: 128)
        // VERSION 3 with one extension.
        append(&wire, type: 2) { $0.writeInteger(UInt32(3)); string(&$0, "posix-rename@openssh.com"); string(&$0, "1") }
        // STATUS 2 (no such file) for request 9.
        append(&wire, type: 101) { $0.writeInteger(UInt32(9)); $0.writeInteger(UInt32(2)); string(&$0, "No such file"); string(&$0, "en") }
        // NAME with one entry: size and permissions.
        append(&wire, type: 104) {
            $0.writeInteger(UInt32(10)); $0.writeInteger(UInt32(1)); string(&$0, "report.csv"); string(&$0, "-rw-r--r-- 1 u g 42 report.csv")
            $0.writeInteger(UInt32(0x5)); $0.writeInteger(UInt64(42)); $0.writeInteger(UInt32(0o100644))
        }
        var decoder = SFTPFrameDecoder()
        var responses: [SFTPResponse] = []
        for byte in wire.readableBytesView {
            decoder.append(ByteBuffer(bytes: [byte]))
            while let response = try decoder.next() { responses.append(response) }
        }
        #expect(responses.count == 3)
        #expect(responses[0] == .version(3, extensions: ["posix-rename@openssh.com": Array("1".utf8)]))
        #expect(responses[1] == .status(id: 9, SFTPStatus(code: .noSuchFile, message: "No such file")))
        guard case .name(10, let names) = responses[2] else { Issue.record("\(responses[2])"); return }
        #expect(names.first?.filename == "report.csv" && names.first?.attributes.size == 42 && names.first?.attributes.kind == .file)
    }

    @Test func brokenRepliesAreRefused() {
        var decoder = SFTPFrameDecoder()
        decoder.append(ByteBuffer(bytes: [0x7F, 0, 0, 0, 101]))
        #expect(throws: SFTPProtocolError.self) { try decoder.next() }
        var truncated = SFTPFrameDecoder()
        truncated.append(ByteBuffer(bytes: [0, 0, 0, 9, 102, 0, 0, 0, 1, 0, 0, 0, 9]))
        #expect(throws: SFTPProtocolError.self) { try truncated.next() }
        var unknown = SFTPFrameDecoder()
        unknown.append(ByteBuffer(bytes: [0, 0, 0, 5, 77, 0, 0, 0, 1]))
        #expect(throws: SFTPProtocolError.self) { try unknown.next() }
    }

    private func append(_ wire: inout ByteBuffer, type: UInt8, _ body: (inout ByteBuffer) -> Void) {
        var payload = ByteBufferAllocator().buffer(capacity: 64)
        payload.writeInteger(type)
        body(&payload)
        wire.writeInteger(UInt32(payload.readableBytes))
        wire.writeBuffer(&payload)
    }
}

private func string(_ buffer: inout ByteBuffer, _ text: String) {
    buffer.writeInteger(UInt32(text.utf8.count))
    buffer.writeString(text)
}
