"""Checks files on the test FTP servers with Python's ftplib, independently of Plugboard.

    ftp_check.py MODE PORT USER PASSWORD CAFILE get PATH     the file's bytes on stdout
    ftp_check.py MODE PORT USER PASSWORD CAFILE put PATH     stores stdin at PATH
    ftp_check.py MODE PORT USER PASSWORD CAFILE names PATH   the folder's names (NLST), one per line
    ftp_check.py MODE PORT USER PASSWORD CAFILE mkdir PATH   makes a folder

MODE is plain, explicit or implicit. Data connections of the TLS modes resume the control connection's TLS
session, as vsftpd's require_ssl_reuse demands (ftplib does not on its own).
"""
import ftplib
import socket
import ssl
import sys


class ReusingFTP_TLS(ftplib.FTP_TLS):
    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)
        return conn, size


class ImplicitFTP_TLS(ReusingFTP_TLS):
    def connect(self, host="", port=0, timeout=-999, source_address=None):
        self.host, self.port = host, port
        self.sock = socket.create_connection((host, port), 30)
        self.af = self.sock.family
        self.sock = self.context.wrap_socket(self.sock, server_hostname=host)
        self.file = self.sock.makefile("r", encoding=self.encoding)
        self.welcome = self.getresp()
        return self.welcome


def main():
    mode, port, user, password, cafile, command, path = sys.argv[1:8]
    if mode == "plain":
        ftp = ftplib.FTP()
    else:
        context = ssl.create_default_context(cafile=cafile)
        ftp = (ImplicitFTP_TLS if mode == "implicit" else ReusingFTP_TLS)(context=context)
    ftp.connect("127.0.0.1", int(port), timeout=30)
    ftp.login(user, password)
    if mode != "plain":
        ftp.prot_p()
    if command == "get":
        chunks = []
        ftp.retrbinary("RETR " + path, chunks.append)
        sys.stdout.buffer.write(b"".join(chunks))
    elif command == "put":
        ftp.storbinary("STOR " + path, sys.stdin.buffer)
    elif command == "mkdir":
        ftp.mkd(path)
    elif command == "names":
        for name in ftp.nlst(path):
            print(name.rsplit("/", 1)[-1])
    ftp.quit()


if __name__ == "__main__":
    main()
