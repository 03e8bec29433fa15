"""A test double of an Oracle Database 23ai Free server (TNS listener + TTC server) for python-oracledb's thin mode
and for Plugboard's Swift thin client. Run: oracle_double.py --port-file F [--cert C --key K] [--trace-dir D].

Protocol choices (what the double tells the client, and why):
* Listener: SERVICE_NAME FREEPDB1 or SID FREE -> ACCEPT; MOVED -> REDIRECT to the same listener naming FREEPDB1;
  BUSY -> REFUSE (ERR=12519); NNE -> ACCEPT whose NSI flags (byte 22) say Native Network Encryption is required
  (0x10); another service -> REFUSE (ERR=12514); another SID -> REFUSE (ERR=12505).
* ACCEPT: TNS protocol version 319 (from 315 on, every later packet has a 4-byte length), service options = the
  client's without 0x0400 (no out-of-band breaks: the client sends breaks as MARKER packets), SDU = min(client's,
  8192), NSI flags 0x04 (NA disabled), accept flags 0 (no OOB check, no fast auth, no end-of-response flag).
* Protocol message answer: version 6, banner "x86_64/Linux 2.4.xx", database charset AL32UTF8 (873), national
  charset AL16UTF16 (2000), compile capabilities with TTC field version 17 (23.1: BOOLEAN columns and binds; below
  18, so no token numbers in function headers), no explicit request boundaries, no DRCP, no HA readiness; runtime
  capabilities without 32K strings (VARCHAR2 max 4000). Data types message answer: the client's list echoed.
* Auth: O5LOGON (see o5logon.py) with users PLUGBOARD / Plugboard-12c (12c verifier), LEGACY / Legacy-11g (11g
  verifier) and CROWDED / Crowded-12c (right password, then ORA-00018); user names are case-insensitive.
* Calls: execute, re-execute, re-execute and fetch, fetch, commit, rollback, ping, logoff; close-cursor,
  end-to-end and session-state piggybacks. SQL behaviour: sql_engine.py. Anything not understood is logged to
  stderr with its bytes and answered with ORA-03120.
* Trace (--trace-dir): every packet of every connection, both directions, one JSON line each, in conn-<n>.jsonl.
"""

import argparse
import atexit
import os
import shutil
import signal
import socket
import ssl
import sys
import tempfile
import threading

import o5logon
import tns_packets as tns
from server_session import ClientSession
from sql_engine import Engine

USERS = {"PLUGBOARD": ("Plugboard-12c", o5logon.VERIFIER_12C, 141),
         "LEGACY": ("Legacy-11g", o5logon.VERIFIER_11G, 142),
         "CROWDED": ("Crowded-12c", o5logon.VERIFIER_12C, 143)}
VERSION = (23, 5, 0, 24, 7)   # Oracle Database 23ai Free, Version 23.5.0.24.07


class DoubleServer:
    """What every connection shares: the database, the users' verifiers, the tracer and the listener addresses."""

    def __init__(self, engine: Engine, tracer: tns.Tracer, host: str):
        self.engine = engine
        self.tracer = tracer
        self.host = host
        self.tcp_port = 0
        self.tcps_port = 0
        self.verifiers = {name: o5logon.Verifier.create(password, kind) for name, (password, kind, _) in USERS.items()}
        self._lock = threading.Lock()
        self._sessions = 0
        self._redirected_ids = set()

    def redirected(self, packet_flags: int, connection_id) -> bool:
        """Whether a CONNECT naming MOVED follows a redirect: python-oracledb 26.1 resends its original descriptor
        there, flagged 0x04 over TCP but with the flags of the last received packet over TCPS, so the listener also
        remembers the CONNECTION_ID of every client it redirected."""
        with self._lock:
            if connection_id in self._redirected_ids:
                self._redirected_ids.discard(connection_id)
                return True
            if packet_flags & tns.PACKET_FLAG_REDIRECTED:
                return True
            if connection_id:
                self._redirected_ids.add(connection_id)
            return False

    def session_data(self, session, server_response: str) -> list:
        """The key/value pairs of the auth phase-two answer (what python-oracledb reads after logon)."""
        with self._lock:
            self._sessions += 1
            session_id = 270 + self._sessions
        major, minor, patch, update, fix = VERSION
        version_no = (major << 24) | (minor << 16) | (patch << 12) | (update << 4) | fix
        pairs = [("AUTH_VERSION_STRING", "- Develop, Learn, and Run for Free"),
                 ("AUTH_VERSION_NO", str(version_no)), ("AUTH_VERSION_STATUS", "0"), ("AUTH_XACTION_TRAITS", "3"),
                 ("AUTH_DBNAME", "FREE"), ("AUTH_DB_ID", "1470590211"),
                 ("AUTH_USER_ID", str(USERS[session.sql.user][2])), ("AUTH_SESSION_ID", str(session_id)),
                 ("AUTH_SERIAL_NUM", str(40000 + session_id)), ("AUTH_INSTANCE_NO", "1"),
                 ("AUTH_SERVER_PID", str(os.getpid())), ("AUTH_SC_SERVER_HOST", "localhost"),
                 ("AUTH_SC_DBUNIQUE_NAME", "FREE"), ("AUTH_SC_INSTANCE_NAME", "FREE"), ("AUTH_SC_INSTANCE_ID", "1"),
                 ("AUTH_SC_DB_DOMAIN", ""), ("AUTH_SC_SERVICE_NAME", session.service),
                 ("AUTH_SC_REAL_DBUNIQUE_NAME", "FREE"), ("AUTH_INSTANCENAME", "FREE"),
                 ("AUTH_MAX_OPEN_CURSORS", "300"), ("AUTH_MAX_IDEN_LENGTH", "128"),
                 ("AUTH_SVR_RESPONSE", server_response)]
        return [(key, value, 0) for key, value in pairs]


def _serve(server: DoubleServer, listener: socket.socket, context):
    while True:
        sock, _ = listener.accept()
        threading.Thread(target=_handle, args=(server, sock, context), daemon=True).start()


def _handle(server: DoubleServer, sock: socket.socket, context):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if context is not None:
        try:
            sock.settimeout(10)
            sock = context.wrap_socket(sock, server_side=True)
            sock.settimeout(None)
        except (OSError, ssl.SSLError) as error:
            print(f"oracle-double: TLS handshake failed: {error}", file=sys.stderr, flush=True)
            sock.close()
            return
    ClientSession(server, sock, context is not None).run()


def _listen(host: str) -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, 0))
    listener.listen(64)
    return listener


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port-file", required=True, help='written as "<tcp_port> <tcps_port>" once listening')
    parser.add_argument("--cert", help="PEM certificate (chain) for the TCPS listener")
    parser.add_argument("--key", help="PEM private key for the TCPS listener")
    parser.add_argument("--trace-dir", help="write every packet to <dir>/conn-<n>.jsonl")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="oracle-double-")
    atexit.register(shutil.rmtree, work, True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server = DoubleServer(Engine(os.path.join(work, "double.sqlite")), tns.Tracer(args.trace_dir), args.host)

    tcp = _listen(args.host)
    server.tcp_port = tcp.getsockname()[1]
    threading.Thread(target=_serve, args=(server, tcp, None), daemon=True).start()
    if args.cert and args.key:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        tcps = _listen(args.host)
        server.tcps_port = tcps.getsockname()[1]
        threading.Thread(target=_serve, args=(server, tcps, context), daemon=True).start()

    temporary = args.port_file + ".tmp"
    with open(temporary, "w") as out:
        out.write(f"{server.tcp_port} {server.tcps_port}\n")
    os.replace(temporary, args.port_file)
    print(f"oracle-double: listening on {args.host}:{server.tcp_port} (tcp) and :{server.tcps_port} (tcps)",
          file=sys.stderr, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
