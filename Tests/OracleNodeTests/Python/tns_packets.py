"""TNS packet framing for the server side, as python-oracledb's Transport/ReadBuffer/WriteBuffer frame packets.

Header (8 bytes): until the server has sent ACCEPT, a 2-byte big-endian packet length, 2 zero bytes (checksum),
the packet type, the packet flags and 2 zero bytes (header checksum); once ACCEPT carried a protocol version of 315
or more ("large SDU"), both sides use a 4-byte big-endian length instead, then type, flags and 2 zero bytes.
DATA packets start their payload with 2-byte big-endian data flags (0x0040 = EOF: the client is closing).
"""

import json
import os
import struct
import threading
from dataclasses import dataclass

CONNECT, ACCEPT, REFUSE, REDIRECT, DATA, MARKER = 1, 2, 4, 5, 6, 12
DATA_FLAGS_EOF = 0x0040
PACKET_FLAG_REDIRECTED = 0x04   # CONNECT flag: this connect follows a listener redirect
MARKER_BREAK, MARKER_RESET, MARKER_INTERRUPT = 1, 2, 3   # python-oracledb breaks a call with 3 (no OOB)
HEADER_SIZE = 8


class ConnectionClosed(Exception):
    """The peer closed the socket (or it failed)."""


class BreakReceived(Exception):
    """The client sent a MARKER packet while the server was reading a request or running a call; cursor_id is
    the cursor of the interrupted call, when there is one."""

    def __init__(self, body: bytes):
        super().__init__(body.hex())
        self.marker_type = body[2] if len(body) == 3 else None
        self.cursor_id = 0


@dataclass
class Packet:
    type: int
    flags: int
    body: bytes  # everything after the 8-byte header

    @property
    def data_flags(self) -> int:
        return struct.unpack(">H", self.body[:2])[0]

    @property
    def ttc(self) -> bytes:
        """The TTC bytes of a DATA packet (after the data flags)."""
        return self.body[2:]


class Tracer:
    """Writes every packet of every connection as one JSON line to <dir>/conn-<n>.jsonl (when a dir is given)."""

    def __init__(self, directory):
        self.directory = directory
        self._lock = threading.Lock()
        self._count = 0
        if directory:
            os.makedirs(directory, exist_ok=True)

    def next_connection(self) -> int:
        with self._lock:
            self._count += 1
            return self._count

    def record(self, conn: int, direction: str, raw: bytes):
        if not self.directory:
            return
        line = json.dumps({"conn": conn, "dir": direction, "hex": raw.hex()})
        with self._lock, open(os.path.join(self.directory, f"conn-{conn}.jsonl"), "a") as out:
            out.write(line + "\n")


class PacketChannel:
    """Reads and writes TNS packets on one (possibly TLS) socket, tracing each one."""

    def __init__(self, sock, conn: int, tracer: Tracer):
        self.sock = sock
        self.conn = conn
        self.tracer = tracer
        self.large_sdu = False
        self.sdu = 8192
        self._pending = b""

    def _recv_exact(self, count: int) -> bytes:
        while len(self._pending) < count:
            try:
                chunk = self.sock.recv(65536)
            except OSError as error:
                raise ConnectionClosed(str(error)) from error
            if not chunk:
                raise ConnectionClosed("peer closed the connection")
            self._pending += chunk
        value, self._pending = self._pending[:count], self._pending[count:]
        return value

    def has_buffered_data(self) -> bool:
        """True when bytes are already read (or decrypted) but not yet handed out."""
        pending_tls = getattr(self.sock, "pending", None)
        return bool(self._pending) or bool(pending_tls and pending_tls())

    def read_packet(self) -> Packet:
        header = self._recv_exact(HEADER_SIZE)
        if self.large_sdu:
            length = struct.unpack(">I", header[:4])[0]
        else:
            length = struct.unpack(">H", header[:2])[0]
        if length < HEADER_SIZE:
            raise ConnectionClosed(f"packet length {length} is shorter than its header: {header.hex()}")
        body = self._recv_exact(length - HEADER_SIZE)
        self.tracer.record(self.conn, "c2s", header + body)
        return Packet(header[4], header[5], body)

    def send_packet(self, packet_type: int, body: bytes, flags: int = 0):
        length = HEADER_SIZE + len(body)
        if self.large_sdu:
            header = struct.pack(">IBBH", length, packet_type, flags, 0)
        else:
            header = struct.pack(">HHBBH", length, 0, packet_type, flags, 0)
        raw = header + body
        self.tracer.record(self.conn, "s2c", raw)
        self.sock.sendall(raw)

    def send_data(self, ttc: bytes, data_flags: int = 0):
        """Sends TTC bytes as DATA packets of at most SDU bytes each (header and data flags included)."""
        room = self.sdu - HEADER_SIZE - 2
        for start in range(0, max(len(ttc), 1), room):
            self.send_packet(DATA, struct.pack(">H", data_flags) + ttc[start:start + room])

    def send_marker(self, marker_type: int):
        self.send_packet(MARKER, bytes([1, 0, marker_type]))


@dataclass
class ConnectRequest:
    """The fields of a CONNECT packet as python-oracledb's ConnectMessage.send writes them."""
    version: int
    min_version: int
    service_options: int
    sdu16: int
    tdu16: int
    characteristics: int
    data_length: int
    data_offset: int
    nsi_flags: tuple
    sdu: int
    tdu: int
    connect_flags: tuple
    flags: int
    data: str = ""


def parse_connect(packet: Packet) -> ConnectRequest:
    """Parses a CONNECT packet body; the connect data may follow in a separate DATA packet (see data_length)."""
    body = packet.body
    if len(body) < 66:
        raise ConnectionClosed(f"CONNECT packet too short: {body.hex()}")
    (version, min_version, options, sdu16, tdu16, characteristics, _turnaround, _one, data_length,
     data_offset, _max_receivable) = struct.unpack(">HHHHHHHHHHI", body[:24])
    nsi_flags = (body[24], body[25])
    sdu, tdu, flags1, flags2 = struct.unpack(">IIII", body[50:66])
    request = ConnectRequest(version, min_version, options, sdu16, tdu16, characteristics, data_length,
                             data_offset, nsi_flags, sdu, tdu, (flags1, flags2), packet.flags)
    inline = body[data_offset - HEADER_SIZE:]
    if inline:
        request.data = inline.decode()
    return request


def accept_body(version: int, options: int, sdu: int, nsi_flags: int) -> bytes:
    """An ACCEPT body for protocol version >= 318 (45-byte packet): python-oracledb reads the version, the
    service options (0x0400 would turn on out-of-band breaks), the NSI flags at offset 22, the 32-bit SDU at
    offset 32 and the 32-bit accept flags at offset 41 (0: no OOB check, no fast auth, no end of response)."""
    body = struct.pack(">HHHHHHH", version, options, min(sdu, 0xFFFF), 0xFFFF, 0x0100, 0, 45)
    body += bytes([nsi_flags, nsi_flags]) + bytes(8)
    body += struct.pack(">II", sdu, 2 * 1024 * 1024) + bytes(1) + struct.pack(">I", 0)
    return body


def refuse_body(text: str) -> bytes:
    """A REFUSE body: user reason, system reason, 2-byte length and the listener's error descriptor."""
    data = text.encode()
    return bytes([0x22, 0x00]) + struct.pack(">H", len(data)) + data


def listener_error(code: int) -> str:
    """The descriptor a 23ai listener puts in a REFUSE packet (VSNNUM 385875968 = 0x17000000 = 23.0)."""
    return (f"(DESCRIPTION=(TMP=)(VSNNUM=385875968)(ERR={code})"
            f"(ERROR_STACK=(ERROR=(CODE={code})(EMFI=4))))")
