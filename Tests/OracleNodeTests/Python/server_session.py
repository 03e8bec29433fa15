"""One client connection, from CONNECT to the final EOF packet.

Flow: CONNECT -> ACCEPT | REFUSE | REDIRECT (listener); protocol message; data types message; auth phase one;
auth phase two; then function calls until logoff and a DATA packet whose data flags say EOF. A break (MARKER of
type 1 or 3) at any time is answered as Oracle's server answers it: a BREAK marker, then (after the client's RESET
marker) a RESET marker and an ORA-01013 end-of-call message.
"""

import datetime
import re
import select
import sys
import time

import o5logon
import tns_packets as tns
import ttc_requests as rq
import ttc_responses as rs
from cursors import Cursors
from ora_errors import OracleError
from sql_session import SqlSession
from ttc_buffer import ProtocolViolation, TTCReader, TTCWriter

SERVER_SDU = 8192
ACCEPT_VERSION = 319
NSI_NA_REQUIRED, NSI_DISABLE_NA = 0x10, 0x04


def _refusal(service, sid):
    """The listener error for a connect naming service (upper-cased) or sid, or None to accept it."""
    if service is None and sid is None:
        return 12504
    if service is None:
        return None if sid.upper() == "FREE" else 12505
    return {"FREEPDB1": None, "NNE": None, "BUSY": 12519}.get(service, 12514)


def descriptor_value(descriptor: str, key: str):
    match = re.search(r"\(\s*" + key + r"\s*=\s*([^)\s]+)\s*\)", descriptor, re.IGNORECASE)
    return match.group(1) if match else None


class ClientSession:
    """Serves one TCP (or TLS) connection; `server` holds the engine, users, tracer and listener addresses."""

    def __init__(self, server, sock, tcps: bool):
        self.server = server
        self.tcps = tcps
        self.conn = server.tracer.next_connection()
        self.channel = tns.PacketChannel(sock, self.conn, server.tracer)
        self.fv = rs.FIELD_VERSION
        self.seq = 0
        self.sql = None
        self.service = None
        self.cursors = Cursors(self)

    def log(self, message: str):
        print(f"oracle-double conn {self.conn}: {message}", file=sys.stderr, flush=True)

    def run(self):
        try:
            if self.listen() and self.negotiate() and self.authenticate():
                self.serve()
        except tns.ConnectionClosed:
            pass
        except (ProtocolViolation, tns.BreakReceived) as violation:
            self.log(f"connect abandoned: {type(violation).__name__} {violation}")
        finally:
            if self.sql is not None:
                self.sql.close()
            self.channel.sock.close()

    # -- listener ----------------------------------------------------------------------------------------------

    def listen(self) -> bool:
        packet = self.channel.read_packet()
        if packet.type != tns.CONNECT:
            raise ProtocolViolation(f"expected CONNECT, got packet type {packet.type}")
        request = tns.parse_connect(packet)
        if request.data_length and not request.data:
            follow = self.channel.read_packet()
            if follow.type != tns.DATA:
                raise ProtocolViolation(f"expected the connect data in a DATA packet, got type {follow.type}")
            request.data = follow.ttc.decode()
        if len(request.data.encode()) != request.data_length:
            raise ProtocolViolation(f"connect data of {len(request.data.encode())} bytes; the header says "
                                    f"{request.data_length}")
        service = descriptor_value(request.data, "SERVICE_NAME")
        sid = descriptor_value(request.data, "SID")
        name = (service or "").upper()
        if name == "MOVED":
            if not self.server.redirected(request.flags, descriptor_value(request.data, "CONNECTION_ID")):
                self._redirect(request.data)
                return False
            name = "FREEPDB1"      # the redirect target: python-oracledb resends its first descriptor here
        refusal = _refusal(name if service else None, sid)
        if refusal:
            self.channel.send_packet(tns.REFUSE, tns.refuse_body(tns.listener_error(refusal)))
            return False
        version = min(request.version, ACCEPT_VERSION)
        sdu = max(512, min(request.sdu or request.sdu16, SERVER_SDU))
        nsi = NSI_NA_REQUIRED if name == "NNE" else NSI_DISABLE_NA
        self.channel.send_packet(tns.ACCEPT, tns.accept_body(version, request.service_options & ~0x0400, sdu, nsi))
        self.channel.large_sdu, self.channel.sdu = version >= 315, sdu
        self.service = "FREEPDB1" if service else "FREE"
        return name != "NNE"

    def _redirect(self, descriptor: str):
        """A REDIRECT packet holding only the data length, then the data in a DATA packet (EOF data flags):
        the new address, a NUL, and the descriptor to send there (naming FREEPDB1)."""
        protocol, port = ("tcps", self.server.tcps_port) if self.tcps else ("tcp", self.server.tcp_port)
        address = f"(ADDRESS=(PROTOCOL={protocol})(HOST={self.server.host})(PORT={port}))"
        target = re.sub(r"(SERVICE_NAME\s*=\s*)MOVED", r"\1FREEPDB1", descriptor, flags=re.IGNORECASE)
        data = (address + "\x00" + target).encode()
        self.channel.send_packet(tns.REDIRECT, len(data).to_bytes(2, "big"), flags=0x02)
        self.channel.send_packet(tns.DATA, tns.DATA_FLAGS_EOF.to_bytes(2, "big") + data)

    # -- negotiation and authentication ------------------------------------------------------------------------

    def _next_data(self) -> bytes:
        """The TTC bytes of the next DATA packet (a marker means a break; EOF data flags end the session)."""
        packet = self.channel.read_packet()
        if packet.type == tns.MARKER:
            raise tns.BreakReceived(packet.body)
        if packet.type != tns.DATA:
            raise ProtocolViolation(f"expected a DATA packet, got type {packet.type}: {packet.body.hex()}")
        if packet.data_flags & tns.DATA_FLAGS_EOF:
            raise tns.ConnectionClosed("client sent EOF")
        return packet.ttc

    def _request(self) -> TTCReader:
        """A reader over the next request; it pulls further DATA packets when the request spans several."""
        return TTCReader(self._next_data(), self._next_data)

    def finish(self, reader: TTCReader):
        """Checks that a request was parsed to its last byte."""
        if reader.remaining():
            raise ProtocolViolation(f"{len(reader.remaining())} unparsed bytes: {reader.remaining().hex()}")

    def send(self, w: TTCWriter):
        self.channel.send_data(bytes(w.data))

    def call_status(self) -> int:
        """End-of-call status flags: 0x02 while a transaction is open."""
        return 0x02 if self.sql is not None and self.sql.in_transaction else 0

    def negotiate(self) -> bool:
        reader = self._request()
        reader.expect("protocol message type", reader.u8(), 1)
        reader.expect("protocol version", reader.u8(), 6)
        reader.expect("array terminator", reader.u8(), 0)
        while reader.u8() != 0:
            pass                                                   # driver name, NUL-terminated
        self.finish(reader)
        self.channel.send_data(rs.protocol_response())
        reader = self._request()
        reader.expect("data types message type", reader.u8(), 2)
        reader.expect("client character set", reader.u16le(), 873)
        reader.u16le()                                             # client national character set
        reader.u8()                                                # encoding flags
        client_caps = reader.bytes_with_length() or b""
        reader.bytes_with_length()                                 # runtime capabilities
        entries = []
        while True:
            data_type = reader.u16be()
            if data_type == 0:
                break
            conv_type, representation = reader.u16be(), reader.u16be()
            reader.expect("data type entry padding", reader.u16be(), 0)
            entries.append((data_type, conv_type, representation))
        self.finish(reader)
        if len(client_caps) > 7:
            self.fv = min(client_caps[7], rs.FIELD_VERSION)
        self.channel.send_data(rs.data_types_response(entries))
        return True

    def _call(self, reader: TTCReader) -> rq.FunctionCall:
        """Reads a function header and checks its sequence number (and those of its piggybacks)."""
        call = rq.read_function_start(reader, self.fv)
        for seq in call.piggyback_seqs + [call.seq]:
            expected = self.seq % 255 + 1
            if seq != expected:
                raise ProtocolViolation(f"sequence number {seq}, expected {expected}")
            self.seq = seq
        return call

    def authenticate(self) -> bool:
        reader = self._request()
        reader.expect("function", self._call(reader).code, rq.FUNC_AUTH_ONE)
        first = rq.read_auth(reader)
        self.finish(reader)
        user = first.user.upper()
        verifier = self.server.verifiers.get(user)
        if verifier is None:      # an unknown user gets a plausible challenge and fails in phase two, like others
            verifier = o5logon.Verifier.create(str(time.time_ns()), o5logon.VERIFIER_12C)
        logon = o5logon.O5Logon(verifier)
        w = TTCWriter()
        rs.parameters(w, logon.phase_one_pairs())
        rs.error(w, self.fv)
        self.send(w)
        reader = self._request()
        reader.expect("function", self._call(reader).code, rq.FUNC_AUTH_TWO)
        second = rq.read_auth(reader)
        self.finish(reader)
        pairs = {key: value for key, (value, _) in second.pairs.items()}
        valid = second.user.upper() == user and user in self.server.verifiers and logon.check(
            pairs.get("AUTH_SESSKEY", ""), pairs.get("AUTH_PASSWORD", ""), pairs.get("AUTH_PBKDF2_SPEEDY_KEY"))
        refusal = 1017 if not valid else (18 if user == "CROWDED" else 0)
        w = TTCWriter()
        if refusal:
            rs.error(w, self.fv, code=refusal, message=OracleError(refusal).message)
            self.send(w)
            return False
        self.sql = SqlSession(self.server.engine, user, _session_time_zone(pairs.get("AUTH_ALTER_SESSION", "")))
        rs.parameters(w, self.server.session_data(self, logon.server_response()))
        rs.error(w, self.fv)
        self.send(w)
        return True

    # -- calls -------------------------------------------------------------------------------------------------

    def serve(self):
        handlers = {rq.FUNC_EXECUTE: self.cursors.execute, rq.FUNC_FETCH: self.cursors.fetch,
                    rq.FUNC_REEXECUTE: lambda r: self.cursors.reexecute(r, False),
                    rq.FUNC_REEXECUTE_AND_FETCH: lambda r: self.cursors.reexecute(r, True),
                    **{code: lambda r, c=code: self._simple(r, c)
                       for code in (rq.FUNC_COMMIT, rq.FUNC_ROLLBACK, rq.FUNC_PING, rq.FUNC_LOGOFF)}}
        while True:
            reader = None
            try:
                reader = self._request()
                call = self._call(reader)
                self.cursors.close(call.closed_cursors)
                handler = handlers.get(call.code)
                if handler is None:
                    raise ProtocolViolation(f"unsupported function code {call.code}")
                handler(reader)
            except tns.BreakReceived as marker:
                if marker.marker_type in (tns.MARKER_BREAK, tns.MARKER_INTERRUPT):
                    self._answer_break(marker.cursor_id)
                else:
                    self.log(f"ignoring an unexpected marker packet: {marker}")
            except ProtocolViolation as violation:
                consumed = reader.consumed.hex() if reader else ""
                self.log(f"{violation}; request bytes read: {consumed}")
                w = TTCWriter()
                rs.error(w, self.fv, self.call_status(), code=3120, message=OracleError(3120).message)
                self.send(w)

    def _simple(self, reader: TTCReader, code: int):
        """Commit (14), rollback (15), ping (147) and logoff (9): no body; answered with a status message."""
        self.finish(reader)
        if code == rq.FUNC_COMMIT:
            self.sql.commit()
        elif code in (rq.FUNC_ROLLBACK, rq.FUNC_LOGOFF):
            self.sql.rollback()
        w = TTCWriter()
        rs.status(w, self.call_status())
        self.send(w)

    def sleep(self, seconds: float):
        """DBMS_SESSION.SLEEP: waits, watching the socket; a break marker cancels the call."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self.channel.has_buffered_data() or select.select([self.channel.sock], [], [], min(left, 0.1))[0]:
                packet = self.channel.read_packet()
                if packet.type == tns.MARKER:
                    raise tns.BreakReceived(packet.body)
                raise ProtocolViolation(f"packet type {packet.type} arrived during a call")

    def _answer_break(self, cursor_id: int):
        """BREAK marker; wait for the client's RESET marker; RESET marker; ORA-01013 for the interrupted call."""
        self.channel.send_marker(tns.MARKER_BREAK)
        while True:
            packet = self.channel.read_packet()
            if packet.type == tns.MARKER and packet.body[2:3] == bytes([tns.MARKER_RESET]):
                break
            self.log(f"discarding packet type {packet.type} while waiting for the reset marker")
        self.channel.send_marker(tns.MARKER_RESET)
        w = TTCWriter()
        rs.error(w, self.fv, self.call_status(), cursor_id, code=1013, message=OracleError(1013).message)
        self.send(w)


def _session_time_zone(alter_session: str):
    """The session time zone from AUTH_ALTER_SESSION ("ALTER SESSION SET TIME_ZONE='+05:00'"); UTC otherwise."""
    match = re.search(r"TIME_ZONE\s*=\s*'([+-])(\d\d):(\d\d)'", alter_session)
    if not match:
        return datetime.timezone.utc
    minutes = int(match.group(2)) * 60 + int(match.group(3))
    return datetime.timezone(datetime.timedelta(minutes=-minutes if match.group(1) == "-" else minutes))
