"""Parsers for the client's TTC messages, field by field as python-oracledb's message classes write them.

Every field is read; fields python-oracledb always sends with a fixed value are checked (TTCReader.expect) so
that a client sending something else is reported instead of being guessed at.
"""

from dataclasses import dataclass, field

import oracle_values as ov
from ttc_buffer import ProtocolViolation, TTCReader

MSG_FUNCTION, MSG_ROW_DATA, MSG_PIGGYBACK = 3, 7, 17
FUNC_REEXECUTE, FUNC_FETCH, FUNC_LOGOFF, FUNC_COMMIT, FUNC_ROLLBACK = 4, 5, 9, 14, 15
FUNC_REEXECUTE_AND_FETCH, FUNC_EXECUTE, FUNC_AUTH_TWO, FUNC_AUTH_ONE, FUNC_PING = 78, 94, 115, 118, 147
PIGGYBACK_CLOSE_CURSORS, PIGGYBACK_END_TO_END, PIGGYBACK_SESSION_STATE = 105, 135, 176
OPT_PARSE, OPT_BIND, OPT_DEFINE, OPT_EXECUTE, OPT_FETCH, OPT_COMMIT = 0x01, 0x08, 0x10, 0x20, 0x40, 0x100
OPT_PLSQL_BIND, OPT_NOT_PLSQL, OPT_DESCRIBE = 0x400, 0x8000, 0x20000
BIND_ARRAY = 0x40
ESCAPE_CHAR = 0xFD
MAX_STRING_SIZE = 4000


@dataclass
class FunctionCall:
    """A function message: its code and sequence number, and the piggybacks sent before it."""
    code: int
    seq: int
    closed_cursors: list = field(default_factory=list)
    piggyback_seqs: list = field(default_factory=list)


def read_function_start(reader: TTCReader, fv: int) -> FunctionCall:
    """Reads piggybacks (type 17) and the function header: type 3, function code, sequence number and, from field
    version 23.1 ext 1 (18) on, a ub8 token number."""
    closed, seqs = [], []
    message_type = reader.u8()
    while message_type == MSG_PIGGYBACK:
        code, seq = reader.u8(), reader.u8()
        if fv >= 18:
            reader.ub8()
        seqs.append(seq)
        if code == PIGGYBACK_CLOSE_CURSORS:
            reader.expect("close cursors pointer", reader.u8(), 1)
            closed += [reader.ub4() for _ in range(reader.ub4())]
        elif code == PIGGYBACK_END_TO_END:
            _read_end_to_end(reader)
        elif code == PIGGYBACK_SESSION_STATE:
            reader.ub8()
        else:
            raise ProtocolViolation(f"unsupported piggyback function {code}")
        message_type = reader.u8()
    reader.expect("message type", message_type, MSG_FUNCTION)
    code, seq = reader.u8(), reader.u8()
    if fv >= 18:
        reader.ub8()
    return FunctionCall(code, seq, closed, seqs)


def _read_end_to_end(reader: TTCReader):
    """The end-to-end attributes piggyback: pointer/length pairs, then the strings that are set."""
    reader.expect("cidnam pointer", reader.u8(), 0)
    reader.expect("cidser pointer", reader.u8(), 0)
    reader.ub4()                                           # which attributes changed
    fields = [(reader.u8(), reader.ub4()) for _ in range(3)]    # client identifier, module, action
    reader.expect("cideci pointer", reader.u8(), 0)
    reader.expect("cideci length", reader.ub4(), 0)
    reader.expect("cidcct", reader.u8(), 0)
    reader.expect("cidecs", reader.ub4(), 0)
    fields.append((reader.u8(), reader.ub4()))             # client info
    for name in ("cidkstk", "cidktgt"):
        reader.expect(f"{name} pointer", reader.u8(), 0)
        reader.expect(f"{name} length", reader.ub4(), 0)
    fields.append((reader.u8(), reader.ub4()))             # dbop
    for pointer, length in fields:
        if pointer and length:
            reader.bytes_with_length()


@dataclass
class AuthRequest:
    user: str
    mode: int
    pairs: dict


def read_auth(reader: TTCReader) -> AuthRequest:
    """Auth phase one / two body: user pointer and length, mode, key/value pair count, then the pairs."""
    has_user = reader.u8()
    user_length = reader.ub4()
    mode = reader.ub4()
    reader.expect("authivl pointer", reader.u8(), 1)
    count = reader.ub4()
    reader.expect("authovl pointer", reader.u8(), 1)
    reader.expect("authovln pointer", reader.u8(), 1)
    user = ""
    if has_user:
        user = (reader.bytes_with_length() or b"").decode()
        reader.expect("user length", len(user.encode()), user_length)
    pairs = {}
    for _ in range(count):
        key = reader.str_with_two_lengths()
        value = reader.str_with_two_lengths()
        pairs[key] = (value or "", reader.ub4())
    return AuthRequest(user, mode, pairs)


SUPPORTED_OPTIONS = (OPT_PARSE | OPT_BIND | OPT_DEFINE | OPT_EXECUTE | OPT_FETCH | OPT_COMMIT | OPT_PLSQL_BIND
                     | OPT_NOT_PLSQL | OPT_DESCRIBE)
EXEC_FLAG_IMPLICIT_RESULTSET = 0x8000


@dataclass
class ExecuteRequest:
    """The fixed part of a full execute (function 94); binds and defines follow and are read separately."""
    options: int
    cursor_id: int
    prefetch_rows: int
    num_binds: int
    num_defines: int
    sql: str
    al8i4: list

    @property
    def execution_count(self) -> int:
        return self.al8i4[1]

    def check_supported(self):
        """Rejects what the double does not implement: batch errors, scrollable cursors, fetch orientations."""
        if self.options & ~SUPPORTED_OPTIONS:
            raise ProtocolViolation(f"execute options 0x{self.options & ~SUPPORTED_OPTIONS:x} are not supported")
        if self.al8i4[9] & ~EXEC_FLAG_IMPLICIT_RESULTSET:
            raise ProtocolViolation(f"execute flags 0x{self.al8i4[9]:x} (scrollable cursors) are not supported")
        if self.al8i4[10] or self.al8i4[11]:
            raise ProtocolViolation("fetch orientations (scrolling) are not supported")


def read_execute(reader: TTCReader, fv: int) -> ExecuteRequest:
    options = reader.ub4()
    cursor_id = reader.ub4()
    has_sql = reader.u8()
    sql_length = reader.ub4()
    reader.expect("al8i4 pointer", reader.u8(), 1)
    reader.expect("al8i4 length", reader.ub4(), 13)
    reader.expect("al8o4 pointer", reader.u8(), 0)
    reader.expect("al8o4l pointer", reader.u8(), 0)
    reader.expect("prefetch buffer size", reader.ub4(), 0)
    prefetch_rows = reader.ub4()
    reader.ub4()                                           # maximum long size
    reader.u8()                                            # binds pointer
    num_binds = reader.ub4()
    for name in ("al8app", "al8txn", "al8txl", "al8kv", "al8kvl"):
        reader.expect(f"{name} pointer", reader.u8(), 0)
    reader.u8()                                            # defines pointer
    num_defines = reader.ub4()
    registration_lsb = reader.ub4()
    reader.expect("al8objlist pointer", reader.u8(), 0)
    reader.expect("al8objlen pointer", reader.u8(), 1)
    reader.expect("al8blv pointer", reader.u8(), 0)
    reader.expect("al8blvl", reader.ub4(), 0)
    reader.expect("al8dnam pointer", reader.u8(), 0)
    reader.expect("al8dnaml", reader.ub4(), 0)
    registration_msb = reader.ub4()
    if registration_lsb or registration_msb:
        raise ProtocolViolation("query change notification registrations are not supported")
    if reader.u8() or reader.ub4() or reader.u8():
        raise ProtocolViolation("array DML row counts are not supported")
    if fv >= 8:
        for name in ("al8sqlsig pointer", "SQL signature length", "SQL ID pointer", "SQL ID size",
                     "SQL ID length pointer"):
            reader.expect(name, reader.u8() if "pointer" in name else reader.ub4(), 0)
        if fv >= 9:
            reader.expect("chunk ids pointer", reader.u8(), 0)
            reader.expect("number of chunk ids", reader.ub4(), 0)
    sql = None
    if has_sql:
        raw = reader.bytes_with_length() or b""
        reader.expect("SQL length", len(raw), sql_length)
        sql = raw.decode()
    al8i4 = [reader.ub4() for _ in range(13)]
    return ExecuteRequest(options, cursor_id, prefetch_rows, num_binds, num_defines, sql, al8i4)


def read_column_metadata(reader: TTCReader, fv: int) -> ov.OracleType:
    """One bind or define description: type, flags, precision, scale, buffer size, array size, continuation flags,
    type OID and version, charset, charset form, LOB prefetch length and (12.2+) oaccolid."""
    ora_type = reader.u8()
    flags = reader.u8()
    if flags & BIND_ARRAY:
        raise ProtocolViolation("array binds are not supported")
    reader.u8()                                            # precision (always 0)
    reader.u8()                                            # scale (always 0)
    buffer_size = reader.ub4()
    reader.ub4()                                           # maximum number of array elements
    reader.ub8()                                           # continuation flags
    if reader.ub4():
        raise ProtocolViolation("object type binds are not supported")
    reader.ub2()                                           # type version
    charset = reader.ub2()
    csfrm = reader.u8()
    reader.ub4()                                           # maximum characters (LOB prefetch)
    if fv >= 8:
        reader.ub4()                                       # oaccolid
    if csfrm and charset != ov.CHARSET_AL32UTF8:
        raise ProtocolViolation(f"unexpected bind character set {charset}")
    return ov.OracleType(ora_type, csfrm, buffer_size, buffer_size)


def read_bind_row(reader: TTCReader, bind_types, is_plsql: bool) -> list:
    """One row of bind values (message 7). Values longer than VARCHAR2's 4000 bytes come after the others."""
    reader.expect("row data message", reader.u8(), MSG_ROW_DATA)
    values = [None] * len(bind_types)
    short = [i for i, t in enumerate(bind_types) if is_plsql or t.buffer_size <= MAX_STRING_SIZE]
    long = [i for i in range(len(bind_types)) if i not in short]
    for index in short + long:
        otype = bind_types[index]
        if otype.ora_type == ov.BOOLEAN and reader.peek_u8() == ESCAPE_CHAR:
            reader.u8()
            reader.expect("null BOOLEAN marker", reader.u8(), 1)
            continue
        data = reader.bytes_with_length()
        values[index] = None if data is None else ov.decode_value(otype, data)
    return values


def read_reexecute(reader: TTCReader):
    """Re-execute (4) and re-execute-and-fetch (78): cursor id, iterations, two option words."""
    return reader.ub4(), reader.ub4(), reader.ub4(), reader.ub4()


def read_fetch(reader: TTCReader):
    """Fetch (5): cursor id and number of rows wanted."""
    return reader.ub4(), reader.ub4()
