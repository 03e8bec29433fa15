"""TTC primitive encodings, read and written exactly as python-oracledb's ReadBuffer/WriteBuffer do.

* ub1: one raw byte.
* ub2/ub4/ub8 ("universal" integers): a length byte (0 means the value 0) followed by that many big-endian bytes;
  writers use 1, 2, 4 or 8 bytes; readers accept any length up to the maximum; bit 0x80 of the length byte means
  negative (only legal for the signed sb2/sb4/sb8).
* bytes with length: one length byte 1..252 followed by the bytes; 0 (or 0xFF) is NULL/empty; 0xFE starts the long
  ("chunked") form: ub4 chunk length + chunk, repeated (chunks of at most 32767 bytes), ended by ub4 0.
* str/bytes "with length" (read_str_with_length): ub4 byte count, then, when not zero, bytes with length.
* bytes "with two lengths" (write_bytes_with_two_lengths): the same as "with length" above.
"""

import struct

LONG_LENGTH_INDICATOR = 0xFE
NULL_LENGTH_INDICATOR = 0xFF
MAX_SHORT_LENGTH = 252
CHUNK_SIZE = 32767


class ProtocolViolation(Exception):
    """Raised when a client message does not follow the encoding python-oracledb produces."""


class TTCWriter:
    """Accumulates the TTC bytes of one server response."""

    def __init__(self):
        self.data = bytearray()

    def raw(self, value: bytes):
        self.data += value

    def u8(self, value: int):
        self.data.append(value & 0xFF)

    def u16be(self, value: int):
        self.data += struct.pack(">H", value)

    def u16le(self, value: int):
        self.data += struct.pack("<H", value)

    def u32be(self, value: int):
        self.data += struct.pack(">I", value)

    def _universal(self, value: int, negative: bool = False):
        sign = 0x80 if negative else 0
        if value == 0:
            self.u8(0)
        elif value <= 0xFF:
            self.u8(1 | sign)
            self.u8(value)
        elif value <= 0xFFFF:
            self.u8(2 | sign)
            self.u16be(value)
        elif value <= 0xFFFFFFFF:
            self.u8(4 | sign)
            self.u32be(value)
        else:
            self.u8(8 | sign)
            self.data += struct.pack(">Q", value)

    def ub2(self, value: int):
        self._universal(value)

    def ub4(self, value: int):
        self._universal(value)

    def ub8(self, value: int):
        self._universal(value)

    def sb2(self, value: int):
        self._universal(abs(value), value < 0)

    def sb4(self, value: int):
        self._universal(abs(value), value < 0)

    def bytes_with_length(self, value):
        """Writes value (bytes, or None for NULL) with a one-byte length or the chunked long form."""
        if value is None or len(value) == 0:
            self.u8(0)
        elif len(value) <= MAX_SHORT_LENGTH:
            self.u8(len(value))
            self.raw(value)
        else:
            self.u8(LONG_LENGTH_INDICATOR)
            for start in range(0, len(value), CHUNK_SIZE):
                chunk = value[start:start + CHUNK_SIZE]
                self.ub4(len(chunk))
                self.raw(chunk)
            self.ub4(0)

    def str_with_length(self, value):
        """Writes a ub4 byte count and then, when not empty, the UTF-8 bytes with length."""
        if value is None or value == "":
            self.ub4(0)
            return
        encoded = value.encode() if isinstance(value, str) else value
        self.ub4(len(encoded))
        self.bytes_with_length(encoded)


class TTCReader:
    """Reads TTC primitives from the payloads of consecutive DATA packets.

    `more` is called when the current payload is exhausted; it returns the next payload (the TTC bytes of the next
    DATA packet) or raises. A value may be split across packets, as python-oracledb splits its writes at the SDU.
    """

    def __init__(self, payload: bytes, more):
        self.buf = bytes(payload)
        self.pos = 0
        self._more = more
        self.consumed = bytearray()

    def _need(self, count: int) -> bytes:
        while len(self.buf) - self.pos < count:
            self.buf = self.buf[self.pos:] + self._more()
            self.pos = 0
        value = self.buf[self.pos:self.pos + count]
        self.pos += count
        self.consumed += value
        return value

    def remaining(self) -> bytes:
        """The bytes of the current payload not consumed yet (nothing is fetched from the socket)."""
        return self.buf[self.pos:]

    def raw(self, count: int) -> bytes:
        return self._need(count)

    def u8(self) -> int:
        return self._need(1)[0]

    def peek_u8(self) -> int:
        """The next byte, left unread (fetching the next packet if the current one is exhausted)."""
        value = self._need(1)[0]
        self.pos -= 1
        del self.consumed[-1:]
        return value

    def u16be(self) -> int:
        return struct.unpack(">H", self._need(2))[0]

    def u16le(self) -> int:
        return struct.unpack("<H", self._need(2))[0]

    def u32be(self) -> int:
        return struct.unpack(">I", self._need(4))[0]

    def _universal(self, max_length: int, signed: bool) -> int:
        length = self.u8()
        negative = bool(length & 0x80)
        length &= 0x7F
        if negative and not signed:
            raise ProtocolViolation(f"negative length byte 0x{length | 0x80:02x} for an unsigned integer")
        if length > max_length:
            raise ProtocolViolation(f"integer of {length} bytes where at most {max_length} are allowed")
        value = int.from_bytes(self._need(length), "big") if length else 0
        return -value if negative else value

    def ub2(self) -> int:
        return self._universal(2, False)

    def ub4(self) -> int:
        return self._universal(4, False)

    def ub8(self) -> int:
        return self._universal(8, False)

    def sb4(self) -> int:
        return self._universal(4, True)

    def bytes_with_length(self):
        """Reads bytes with a one-byte length or the chunked long form; returns None for NULL."""
        length = self.u8()
        if length in (0, NULL_LENGTH_INDICATOR):
            return None
        if length != LONG_LENGTH_INDICATOR:
            return self._need(length)
        chunks = bytearray()
        while True:
            chunk_length = self.ub4()
            if chunk_length == 0:
                return bytes(chunks)
            chunks += self._need(chunk_length)

    def bytes_with_two_lengths(self):
        """Reads a ub4 byte count and, when not zero, bytes with length that must have that many bytes."""
        count = self.ub4()
        if count == 0:
            return None
        value = self.bytes_with_length() or b""
        if len(value) != count:
            raise ProtocolViolation(f"announced {count} bytes but the value holds {len(value)}")
        return value

    def str_with_two_lengths(self):
        value = self.bytes_with_two_lengths()
        return None if value is None else value.decode()

    def expect(self, what: str, value: int, expected: int):
        """Raises ProtocolViolation unless a fixed field holds the value python-oracledb always sends."""
        if value != expected:
            raise ProtocolViolation(f"{what}: expected {expected}, got {value}")
        return value
