"""A Kafka SASL gate: a broker's front door that checks passwords, for a broker that cannot keep users here.

    kafka_sasl_gate.py LISTEN_PORT UPSTREAM_PORT USER PASSWORD

Tansu with --authentication has no way to be given a user while it requires a login, so this gate stands in
front of a plain Tansu (which advertises the gate's port): it answers SaslHandshake and SaslAuthenticate itself,
checking PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) against one user, as Kafka's brokers do,
and once a client has logged in passes its bytes through to the broker unchanged. ApiVersions goes through
before the login; any other request before it closes the connection, as Kafka does.
"""
import asyncio
import base64
import hashlib
import hmac
import os
import struct
import sys

SASL_HANDSHAKE, SASL_AUTHENTICATE, API_VERSIONS = 17, 36, 18
MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
ITERATIONS = 4096


def uvarint(data, at):
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def write_uvarint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def skip_tags(data, at):
    count, at = uvarint(data, at)
    for _ in range(count):
        _, at = uvarint(data, at)
        size, at = uvarint(data, at)
        at += size
    return at


class Scram:
    """The server side of one SCRAM exchange."""

    def __init__(self, mechanism, user, password):
        self.hash = hashlib.sha256 if mechanism == "SCRAM-SHA-256" else hashlib.sha512
        self.user, self.password = user, password
        self.salt = os.urandom(16)
        self.step = 0

    def hmac(self, key, message):
        return hmac.new(key, message, self.hash).digest()

    def answer(self, message):
        """The server's next message, or None when the client failed."""
        text = message.decode()
        if self.step == 0:
            self.step = 1
            if not text.startswith("n,") and not text.startswith("y,"):
                return None
            _, _, bare = text.partition(",")[2].partition(",")
            self.gs2 = text[: len(text) - len(bare)]
            fields = dict(part.split("=", 1) for part in bare.split(","))
            name = fields.get("n", "").replace("=2C", ",").replace("=3D", "=")
            if name != self.user or "r" not in fields:
                self.known = False
            else:
                self.known = True
            self.nonce = fields.get("r", "") + base64.b64encode(os.urandom(18)).decode()
            self.first = f"r={self.nonce},s={base64.b64encode(self.salt).decode()},i={ITERATIONS}"
            self.client_first = bare
            return self.first.encode()
        fields = dict(part.split("=", 1) for part in text.split(","))
        without_proof = text[: text.rindex(",p=")]
        if not self.known or fields.get("r") != self.nonce or base64.b64decode(fields.get("c", "")) != self.gs2.encode():
            return None
        salted = hashlib.pbkdf2_hmac(self.hash().name, self.password.encode(), self.salt, ITERATIONS)
        client_key = self.hmac(salted, b"Client Key")
        stored_key = self.hash(client_key).digest()
        auth_message = f"{self.client_first},{self.first},{without_proof}".encode()
        signature = self.hmac(stored_key, auth_message)
        proof = base64.b64decode(fields.get("p", ""))
        recovered = bytes(a ^ b for a, b in zip(proof, signature))
        if len(proof) != len(signature) or not hmac.compare_digest(self.hash(recovered).digest(), stored_key):
            return None
        server_signature = self.hmac(self.hmac(salted, b"Server Key"), auth_message)
        return b"v=" + base64.b64encode(server_signature)


class Gate:
    def __init__(self, upstream, user, password):
        self.upstream, self.user, self.password = upstream, user, password

    async def serve(self, reader, writer):
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.upstream)
        mechanism, scram = None, None
        try:
            while True:
                size = struct.unpack(">i", await reader.readexactly(4))[0]
                frame = await reader.readexactly(size)
                key, version, correlation = struct.unpack(">hhi", frame[:8])
                if key == API_VERSIONS:
                    upstream_writer.write(struct.pack(">i", size) + frame)
                    await upstream_writer.drain()
                    answer_size = struct.unpack(">i", await upstream_reader.readexactly(4))[0]
                    writer.write(struct.pack(">i", answer_size) + await upstream_reader.readexactly(answer_size))
                    await writer.drain()
                    continue
                client_length = struct.unpack(">h", frame[8:10])[0]
                at = 10 + max(client_length, 0)
                flexible = key == SASL_AUTHENTICATE and version >= 2
                if flexible:
                    at = skip_tags(frame, at)
                if key == SASL_HANDSHAKE:
                    length = struct.unpack(">h", frame[at:at + 2])[0]
                    mechanism = frame[at + 2:at + 2 + length].decode()
                    code = 0 if mechanism in MECHANISMS else 33
                    body = struct.pack(">hi", code, len(MECHANISMS)) + b"".join(struct.pack(">h", len(m)) + m.encode() for m in MECHANISMS)
                    await self.reply(writer, correlation, body, flexible=False)
                    if code:
                        return
                    scram = Scram(mechanism, self.user, self.password) if mechanism.startswith("SCRAM") else None
                elif key == SASL_AUTHENTICATE and mechanism in MECHANISMS:
                    if flexible:
                        length, at = uvarint(frame, at)
                        token = frame[at:at + length - 1]
                    else:
                        length = struct.unpack(">i", frame[at:at + 4])[0]
                        token = frame[at + 4:at + 4 + length]
                    if scram is None:
                        parts = token.split(b"\0")
                        answer = b"" if len(parts) == 3 and parts[1].decode() == self.user and hmac.compare_digest(parts[2], self.password.encode()) else None
                        done = True
                    else:
                        answer = scram.answer(token)
                        done = scram.step == 1 and answer is not None and answer.startswith(b"v=")
                    await self.reply(writer, correlation, self.authenticate_body(version, answer), flexible=flexible)
                    if answer is None:
                        return
                    if done:
                        break
                else:
                    return
            await asyncio.gather(self.pipe(reader, upstream_writer), self.pipe(upstream_reader, writer))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            for stream in (writer, upstream_writer):
                stream.close()

    @staticmethod
    def authenticate_body(version, answer):
        code = 0 if answer is not None else 58
        message = None if answer is not None else "Authentication failed: Invalid username or password"
        token = answer or b""
        if version >= 2:
            text = b"\x00" if message is None else write_uvarint(len(message) + 1) + message.encode()
            return struct.pack(">h", code) + text + write_uvarint(len(token) + 1) + token + struct.pack(">q", 0) + b"\x00"
        text = struct.pack(">h", -1) if message is None else struct.pack(">h", len(message)) + message.encode()
        body = struct.pack(">h", code) + text + struct.pack(">i", len(token)) + token
        return body + (struct.pack(">q", 0) if version >= 1 else b"")

    @staticmethod
    async def reply(writer, correlation, body, flexible):
        header = struct.pack(">i", correlation) + (b"\x00" if flexible else b"")
        writer.write(struct.pack(">i", len(header) + len(body)) + header + body)
        await writer.drain()

    @staticmethod
    async def pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()


async def main():
    port, upstream, user, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    server = await asyncio.start_server(Gate(upstream, user, password).serve, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
