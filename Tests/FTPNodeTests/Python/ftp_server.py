"""pyftpdlib servers for the FTP node's tests (started by scripts/services/ftp.sh).

    ftp_server.py plain   PORT HOME USER PASSWORD   plain FTP with MLSD, the user's files under HOME
    ftp_server.py hostile PORT HOME USER PASSWORD   the same, but every MLSD and LIST answers names a hostile
                                                    server would send (../x, /etc/passwd, .., names with CR);
                                                    without EPSV, and its PASV replies name 203.0.113.7 (a
                                                    NAT's outside address) instead of the loopback it listens on

Prints "ready" once listening.
"""
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

HOSTILE_MLSD = (
    b"type=file;size=3;modify=20260101000000; ../escape.txt\r\n"
    b"type=file;size=3;modify=20260101000000; /etc/passwd\r\n"
    b"type=dir;modify=20260101000000; ..\r\n"
    b"type=file;size=3;modify=20260101000000; a\rb.txt\r\n"
    b"type=file;size=3;modify=20260101000000; sub/inner.txt\r\n"
    b"type=file;size=5;modify=20260101000000; fine.txt\r\n"
)
HOSTILE_LIST = (
    b"-rw-r--r--   1 u g   3 Jan 01  2026 ../escape.txt\r\n"
    b"-rw-r--r--   1 u g   3 Jan 01  2026 /etc/passwd\r\n"
    b"lrwxrwxrwx   1 u g   3 Jan 01  2026 link -> /etc/shadow\r\n"
    b"-rw-r--r--   1 u g   5 Jan 01  2026 fine.txt\r\n"
)


class HostileHandler(FTPHandler):
    # EPSV is "not understood", so clients fall back to PASV, whose reply names an address that is not this server's.
    proto_cmds = {name: info for name, info in FTPHandler.proto_cmds.items() if name != "EPSV"}
    masquerade_address = "203.0.113.7"

    def ftp_MLSD(self, path):
        self.push_dtp_data(HOSTILE_MLSD, cmd="MLSD")
        return path

    def ftp_LIST(self, path):
        self.push_dtp_data(HOSTILE_LIST, cmd="LIST")
        return path


def main():
    mode, port, home, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    authorizer = DummyAuthorizer()
    authorizer.add_user(user, password, home, perm="elradfmwMT")
    handler = HostileHandler if mode == "hostile" else FTPHandler
    handler.authorizer = authorizer
    handler.passive_ports = None
    handler.banner = "pyftpdlib ready"
    server = FTPServer(("127.0.0.1", port), handler)
    server.max_cons = 256
    print("ready", flush=True)
    server.serve_forever(handle_exit=True)


if __name__ == "__main__":
    main()
