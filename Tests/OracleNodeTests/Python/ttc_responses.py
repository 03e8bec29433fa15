"""Server TTC messages, laid out field by field as python-oracledb's message classes read them.

Message types sent: 1 protocol, 2 data types, 4 error (the end-of-call summary, error number 0 on success),
6 row header, 7 row data, 8 parameters (auth key/value pairs), 9 status (end of a simple call), 11 I/O vector,
16 describe info.
"""

from ttc_buffer import TTCWriter
import oracle_values as ov

FIELD_VERSION = 17            # TNS_CCAP_FIELD_VERSION_23_1: BOOLEAN supported, no request tokens (needs >= 18)
SERVER_BANNER = b"x86_64/Linux 2.4.xx"


def compile_caps() -> bytes:
    """The server's 55 compile-time capability bytes (index: value); every other byte is 0."""
    caps = bytearray(55)
    values = {0: 6, 4: 0xEA, 7: FIELD_VERSION, 8: 1, 15: 0x29, 16: 0x90, 17: 3, 18: 7, 19: 3, 21: 1, 23: 0xCF,
              26: 0x04, 27: 1, 34: 12, 37: 0xB8, 39: 8, 40: 0x04, 42: 0x05}
    for index, value in values.items():
        caps[index] = value
    return bytes(caps)


def runtime_caps() -> bytes:
    """11 runtime capability bytes: [0] 2 (8.1 compatible), [6] 0x01 (zero copy; no 32K strings: VARCHAR2 max
    4000 as in MAX_STRING_SIZE=STANDARD; no session state operations)."""
    caps = bytearray(11)
    caps[0], caps[6] = 2, 0x01
    return bytes(caps)


def protocol_response() -> bytes:
    """Answer to the protocol message: version 6, banner, AL32UTF8, FDO carrying the national charset AL16UTF16."""
    w = TTCWriter()
    w.u8(1)
    w.u8(6)
    w.u8(0)
    w.raw(SERVER_BANNER + b"\x00")
    w.u16le(ov.CHARSET_AL32UTF8)
    w.u8(1)                                   # server flags
    w.u16le(0)                                # no character set elements
    fdo = bytes(9) + ov.CHARSET_AL16UTF16.to_bytes(2, "big")   # ncharset at 6 + fdo[5] + fdo[6] + 3
    w.u16be(len(fdo))
    w.raw(fdo)
    w.bytes_with_length(compile_caps())
    w.bytes_with_length(runtime_caps())
    return bytes(w.data)


def data_types_response(entries) -> bytes:
    """Echoes the client's data type list: type, conversion type and, when converted, representation and 0."""
    w = TTCWriter()
    w.u8(2)
    for data_type, conv_type, representation in entries:
        w.u16be(data_type)
        w.u16be(conv_type)
        if conv_type != 0:
            w.u16be(representation)
            w.u16be(0)
    w.u16be(0)
    return bytes(w.data)


def parameters(w: TTCWriter, pairs):
    """Message 8 with key/value pairs (key, value, flags), as the auth responses carry them."""
    w.u8(8)
    w.ub2(len(pairs))
    for key, value, flags in pairs:
        w.str_with_length(key)
        w.str_with_length(value)
        w.ub4(flags)


def error(w: TTCWriter, fv: int, call_status=0, cursor_id=0, rowcount=0, code=0, message=None, position=0):
    """Message 4, the end-of-call summary; code 0 means success, 1403 means no (more) rows."""
    w.u8(4)
    w.ub4(call_status)
    w.ub2(0)                                  # end-to-end sequence number
    w.ub4(min(rowcount, 0xFFFFFFFF))          # current row number (the 32-bit row count)
    w.ub2(min(code, 0xFFFF))                  # error number (16-bit)
    w.ub2(0)                                  # array element error
    w.ub2(0)                                  # array element error
    w.ub2(cursor_id)
    w.sb2(position)                           # error position in the SQL text
    for _ in range(6):                        # SQL type, fatal, flags, user cursor options, UPI param, warning
        w.u8(0)
    w.ub4(0)                                  # rowid: RBA, partition, (1 byte), block, slot
    w.ub2(0)
    w.u8(0)
    w.ub4(0)
    w.ub2(0)
    w.ub4(0)                                  # OS error
    w.u8(0)                                   # statement number
    w.u8(0)                                   # call number
    w.ub2(0)                                  # padding
    w.ub4(0)                                  # success iterations
    w.ub4(0)                                  # logical rowid (oerrdd): none
    w.ub2(0)                                  # batch error codes
    w.ub4(0)                                  # batch error offsets
    w.ub2(0)                                  # batch error messages
    w.ub4(code)                               # error number (extended)
    w.ub8(rowcount)                           # row count (extended)
    if fv >= 14:                              # field version 20.1 and later
        w.ub4(0)                              # SQL type
        w.ub4(0)                              # server checksum
    if code:
        w.bytes_with_length((message + "\n").encode())


def status(w: TTCWriter, call_status=0):
    """Message 9: call status and end-to-end sequence number; ends commit, rollback, ping and logoff."""
    w.u8(9)
    w.ub4(call_status)
    w.ub2(0)


def describe(w: TTCWriter, fv: int, columns):
    """Message 16 for columns given as (name, OracleType, nullable)."""
    w.u8(16)
    w.u8(0)                                   # (no leading bytes)
    w.ub4(sum(c[1].buffer_size for c in columns))   # maximum row size
    w.ub4(len(columns))
    if columns:
        w.u8(0)
    for position, (name, otype, nullable) in enumerate(columns, 1):
        w.u8(otype.ora_type)
        w.u8(0)                               # flags
        w.u8(otype.precision & 0xFF)
        w.u8(otype.scale & 0xFF)
        w.ub4(otype.buffer_size)
        w.ub4(0)                              # maximum array elements
        w.ub8(0)                              # continuation flags
        w.ub4(0)                              # type OID (none)
        w.ub2(0)                              # type version
        w.ub2(otype.charset)
        w.u8(otype.csfrm)
        w.ub4(otype.max_size)
        if fv >= 8:                           # field version 12.2 and later
            w.ub4(0)                          # oaccolid
        w.u8(1 if nullable else 0)
        encoded = name.encode()
        w.u8(min(len(encoded), 255))          # v7 length of name
        w.str_with_length(name)
        w.str_with_length(None)               # schema of an object type
        w.str_with_length(None)               # name of an object type
        w.ub2(position)
        w.ub4(0)                              # UDS flags (not JSON/OSON)
        if fv >= 17:                          # field version 23.1 and later
            w.str_with_length(None)           # domain schema
            w.str_with_length(None)           # domain name
    w.ub4(0)                                  # current date
    for _ in range(4):                        # dcbflag, dcbmdbz, dcbmnpr, dcbmxpr
        w.ub4(0)
    w.ub4(0)                                  # dcbqcky


def row_header(w: TTCWriter, num_rows: int):
    """Message 6 before a batch of rows (no bit vector: every column value is sent)."""
    w.u8(6)
    w.u8(0)                                   # flags
    w.ub2(1)                                  # number of requests
    w.ub4(0)                                  # iteration number
    w.ub4(num_rows)                           # number of iterations
    w.ub2(0)                                  # buffer length
    w.ub4(0)                                  # bit vector: none
    w.ub4(0)                                  # rxhrid: none


def row_data(w: TTCWriter, values, columns, defines):
    """Message 7: one value per column encoded as its define type (the described type unless the client defined
    another). LONG / LONG RAW values are followed by a null indicator (sb4) and a return code (ub4). Columns
    described with buffer size 0 (a NULL select item) carry no bytes at all."""
    w.u8(7)
    for value, (_, described, _), define in zip(values, columns, defines):
        if described.buffer_size == 0:
            continue
        if value is None:
            w.u8(0)
        else:
            w.bytes_with_length(ov.encode_value(define, value))
        if define.ora_type in (ov.LONG, ov.LONG_RAW):
            w.sb4(-1 if value is None else 0)
            w.ub4(0)


def io_vector(w: TTCWriter, num_binds: int):
    """Message 11 after a PL/SQL call: every bind is IN (32)."""
    w.u8(11)
    w.u8(0)                                   # flag
    w.ub2(num_binds % 256)                    # number of requests (python: binds = iters * 256 + requests)
    w.ub4(num_binds // 256)                   # number of iterations
    w.ub4(1)                                  # iterations this time
    w.ub2(0)                                  # UAC buffer length
    w.ub2(0)                                  # fast fetch bit vector: none
    w.ub2(0)                                  # rowid: none
    for _ in range(num_binds):
        w.u8(32)
