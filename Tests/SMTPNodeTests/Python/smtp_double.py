#!/usr/bin/env python3
"""Real SMTP servers (aiosmtpd) for Plugboard's smtp node tests, with what they received readable as JSON.

Three listeners on loopback, all taking the login given on the command line:
  starttls  plain first, STARTTLS required before AUTH (PLAIN, LOGIN, CRAM-MD5) and mail
  tls       TLS from the first byte (implicit TLS), AUTH required
  plain     no TLS and no AUTH, behind a recording TCP proxy: the exact bytes the client wrote are kept, so
            dot-stuffing is checked on the wire (aiosmtpd hands over content already un-stuffed)
Recipients are refused by their local part: nobody@ with 550, busy@ with 451.
Every message is parsed with Python's email package. GET /messages?to=ADDRESS on the HTTP port returns those
sent to ADDRESS (subject, names, text, html, attachments as base64, headers), with the wire bytes for the
plain listener. The ports are written as JSON to --ports-file.
"""
import argparse
import asyncio
import base64
import email
import email.policy
import hmac
import json
import os
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword, SMTP

LOCK = threading.Lock()
MESSAGES = []
WIRE = []  # (client bytes) of every proxied connection


class Handler:
    def __init__(self, listener):
        self.listener = listener

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local == "nobody":
            return "550 5.1.1 No such user here"
        if local == "busy":
            return "451 4.3.0 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        text = html = None
        attachments = []
        for part in message.walk():
            if part.is_multipart():
                continue
            disposition = part.get_content_disposition()
            if disposition in ("attachment", "inline") or part.get_filename():
                attachments.append({
                    "filename": part.get_filename(), "contentType": part.get_content_type(), "disposition": disposition,
                    "contentId": part.get("Content-ID"), "base64": base64.b64encode(part.get_payload(decode=True) or b"").decode()})
            elif part.get_content_type() == "text/plain" and text is None:
                text = part.get_content()
            elif part.get_content_type() == "text/html" and html is None:
                html = part.get_content()

        def mailboxes(name):
            header = message.get(name)
            return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses] if header else []

        record = {
            "listener": self.listener, "mailFrom": envelope.mail_from, "rcptTos": envelope.rcpt_tos,
            "mailOptions": envelope.mail_options, "subject": str(message.get("Subject", "")), "from": mailboxes("From"),
            "to": mailboxes("To"), "cc": mailboxes("Cc"), "replyTo": mailboxes("Reply-To"), "bccHeader": message.get("Bcc"),
            "messageId": message.get("Message-ID"), "inReplyTo": message.get("In-Reply-To"), "references": message.get("References"),
            "headers": {k: str(v) for k, v in message.items()}, "contentType": message.get_content_type(),
            "text": text, "html": html, "attachments": attachments, "defects": [str(d) for d in message.defects],
            "authenticated": session.authenticated, "mechanism": getattr(session, "plugboard_mechanism", None),
            # The implicit-TLS listener speaks nothing but TLS; aiosmtpd sets session.ssl only after STARTTLS.
            "tls": session.ssl is not None or self.listener == "tls",
        }
        with LOCK:
            MESSAGES.append(record)
        return "250 2.0.0 Queued as double"


class CramSMTP(SMTP):
    """aiosmtpd's SMTP with CRAM-MD5 added (PLAIN and LOGIN are built in)."""

    async def auth_CRAM__MD5(self, server, args):
        challenge = ("<%d.%s@plugboard-double>" % (os.getpid(), os.urandom(6).hex())).encode()
        answer = await self.challenge_auth(base64.b64encode(challenge).decode(), encode_to_b64=False)
        if answer is None:
            return AuthResult(success=False, handled=False)
        try:
            # challenge_auth hands back the answer already decoded from base64.
            user, digest = answer.decode().rsplit(" ", 1)
        except Exception:  # noqa: BLE001
            return AuthResult(success=False, handled=False)
        expected = hmac.new(PASSWORD.encode(), challenge, "md5").hexdigest()
        ok = user == USER and hmac.compare_digest(digest, expected)
        self.session.plugboard_mechanism = "CRAM-MD5"
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)


class CramController(Controller):
    def factory(self):
        return CramSMTP(self.handler, **self.SMTP_kwargs)


def authenticator(server, session, envelope, mechanism, auth_data):
    session.plugboard_mechanism = mechanism
    if isinstance(auth_data, LoginPassword):
        ok = auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
        return AuthResult(success=ok)
    return AuthResult(success=False)


async def proxy(listen_port, target_port):
    async def connection(reader, writer):
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", target_port)
        written = bytearray()
        with LOCK:
            WIRE.append(written)

        async def pump(source, sink, record):
            try:
                while data := await source.read(65536):
                    if record is not None:
                        record.extend(data)
                    sink.write(data)
                    await sink.drain()
            except Exception:  # noqa: BLE001
                pass
            finally:
                sink.close()

        await asyncio.gather(pump(reader, upstream_writer, written), pump(upstream_reader, writer, None))

    server = await asyncio.start_server(connection, "127.0.0.1", listen_port)
    return server


class Query(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        url = urlparse(self.path)
        to = parse_qs(url.query).get("to", [""])[0].lower()
        with LOCK:
            found = [m for m in MESSAGES if to in [r.lower() for r in m["rcptTos"]]]
            wire = [base64.b64encode(bytes(w)).decode() for w in WIRE if ("<%s>" % to).encode() in bytes(w).lower()]
        body = json.dumps({"messages": found, "wire": wire}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def started(make):
    """A started controller and its port. aiosmtpd binds the port it is given, which another process may take
    between free_port() and the bind: then another port is tried."""
    for _ in range(50):
        port = free_port()
        controller = make(port)
        try:
            controller.start()
            return controller, port
        except OSError as error:
            if error.errno != 98:  # EADDRINUSE
                raise
    raise SystemExit("no free port for an SMTP listener")


def main():
    global USER, PASSWORD
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--ports-file", required=True)
    args = parser.parse_args()
    USER, PASSWORD = args.user, args.password
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    starttls, starttls_port = started(lambda port: CramController(
        Handler("starttls"), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
        authenticator=authenticator, auth_required=True))
    implicit, tls_port = started(lambda port: CramController(
        Handler("tls"), hostname="127.0.0.1", port=port, ssl_context=context, authenticator=authenticator,
        auth_required=True, auth_require_tls=False))
    plain, backend_port = started(lambda port: Controller(Handler("plain"), hostname="127.0.0.1", port=port))
    # These two bind port 0 themselves, so no other process can take their port first.
    http = ThreadingHTTPServer(("127.0.0.1", 0), Query)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    ports = {"starttls": starttls_port, "tls": tls_port, "plainBackend": backend_port, "http": http.server_address[1]}

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(proxy(0, ports["plainBackend"]))
    ports["plain"] = server.sockets[0].getsockname()[1]
    with open(args.ports_file + ".tmp", "w") as f:
        json.dump(ports, f)
    os.replace(args.ports_file + ".tmp", args.ports_file)
    loop.run_forever()


if __name__ == "__main__":
    main()
