import NIOCore
import PlugboardCore
import Synchronization

/// One logged-in session with an Oracle server over a channel the guarded dialer opened: sends TTC calls in DATA
/// packets no larger than the agreed SDU and reads the answers, across packets and through the break/reset markers a
/// server uses to abort a call. Not for concurrent use: the node gives each execution a connection of its own.
final class OracleConnection: @unchecked Sendable {
    let channel: any Channel
    let inbox: TNSPacketInbox
    let framing: TNSFraming
    var capabilities: OracleCapabilities
    var explicitEndOfResponse = false
    var sequence: UInt8 = 0
    /// Cursors the server may close; sent ahead of the next call.
    var cursorsToClose: [UInt16] = []
    /// Set when a call was abandoned midway (possibly from a call timeout's task): the byte stream can no longer be
    /// trusted.
    private let broken = Atomic<Bool>(false)
    let endpoint: String
    var serverVersion = ""
    /// A call timeout sent a break: set from the timer's task, read after the call.
    private let breakSent = Atomic<Bool>(false)

    init(channel: any Channel, inbox: TNSPacketInbox, framing: TNSFraming, capabilities: OracleCapabilities, endpoint: String) {
        self.channel = channel
        self.inbox = inbox
        self.framing = framing
        self.capabilities = capabilities
        self.endpoint = endpoint
    }

    var isUsable: Bool { !broken.load(ordering: .acquiring) && channel.isActive }

    /// A request writer carrying this connection's sequence numbers and field version, with pending cursor closes.
    func requestWriter() -> TTCRequestWriter {
        var writer = TTCRequestWriter(fieldVersion: capabilities.fieldVersion, sequence: sequence)
        writer.closeCursors(cursorsToClose)
        cursorsToClose = []
        return writer
    }

    /// Sends a call and reads its response; an ORA error in the response is returned in it, not thrown.
    func call(_ request: TTCRequestWriter, reading reader: TTCResponseReader) async throws -> TTCResponse {
        sequence = request.sequence
        do {
            try await send(request.bytes)
            return try await receive(reader)
        } catch {
            markBroken()
            throw error
        }
    }

    /// Writes a TTC message in as many DATA packets as the SDU requires.
    func send(_ message: [UInt8]) async throws {
        let room = max(Int(capabilities.sdu) - TNSPacket.headerSize - 2, 64)
        var start = 0
        repeat {
            let end = min(start + room, message.count)
            try await write(.data(Array(message[start..<end])))
            start = end
        } while start < message.count
    }

    func write(_ packet: TNSPacket) async throws {
        let bytes = packet.encoded(largeLength: framing.usesLargeLength)
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes))
    }

    /// Reads DATA packets until `reader` parses a whole response. A MARKER means the server aborted the call: the
    /// client answers with a reset, skips markers, and the error follows in the next DATA packet.
    func receive(_ reader: TTCResponseReader) async throws -> TTCResponse {
        try await receive { try reader.read($0) }
    }

    /// Reads DATA packets until `parse` succeeds on everything received (it throws `NeedMoreData` until then).
    func receive<Result>(_ parse: ([UInt8]) throws -> Result) async throws -> Result {
        var data: [UInt8] = []
        var packet = try await inbox.next()
        while true {
            switch packet.kind {
            case .data:
                if packet.dataFlags & TNSDataFlags.endOfFile != 0 && packet.data.isEmpty {
                    throw OracleWireError.closed
                }
                data += packet.data
                do {
                    return try parse(data)
                } catch is TTCReader.NeedMoreData {
                    packet = try await inbox.next()
                }
            case .marker:
                data = []
                packet = try await reset()
            case .refuse, .redirect, .accept, .connect, .resend, .control:
                throw TTCDecodingError("a \(packet.kind) packet in the middle of a call")
            }
        }
    }

    /// Sends a reset marker, waits for the server's, and returns the first packet after the markers.
    private func reset() async throws -> TNSPacket {
        try await write(.marker(.reset))
        var packet = try await inbox.next()
        while packet.marker != .reset { packet = try await inbox.next() }
        repeat { packet = try await inbox.next() } while packet.kind == .marker
        return packet
    }

    func markBroken() { broken.store(true, ordering: .releasing) }

    /// Interrupts the running call (a call timeout); the server answers with markers and ORA-01013.
    func sendBreak() async throws {
        breakSent.store(true, ordering: .releasing)
        try await write(.marker(.break))
    }

    func clearBreak() { breakSent.store(false, ordering: .releasing) }

    var breakWasSent: Bool { breakSent.load(ordering: .acquiring) }

    /// Logs off (waiting two seconds at most for the server's answer) and closes the channel; errors are ignored, the
    /// connection is gone either way.
    func close() async {
        if isUsable {
            var writer = requestWriter()
            writer.simple(.logoff)
            let logoff = writer
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await self.call(logoff, reading: self.simpleReader) }
                group.addTask { try? await Task.sleep(for: .seconds(2)) }
                await group.next()
                group.cancelAll()
            }
        }
        try? await channel.close()
    }

    /// A reader for calls that answer with nothing but their status.
    var simpleReader: TTCResponseReader {
        TTCResponseReader(kind: .call, fieldVersion: capabilities.fieldVersion, explicitEnd: explicitEndOfResponse, columns: [], previousRow: nil)
    }

    func callReader(columns: [OracleColumn] = []) -> TTCResponseReader {
        TTCResponseReader(kind: .call, fieldVersion: capabilities.fieldVersion, explicitEnd: explicitEndOfResponse, columns: columns, previousRow: nil)
    }
}
