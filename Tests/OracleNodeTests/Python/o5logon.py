"""The server side of O5LOGON, mirroring python-oracledb's AuthMessage._generate_verifier.

12c verifier (type 0x4815): salt = 16 random bytes (AUTH_VFR_DATA); password_key = PBKDF2-HMAC-SHA512(password,
salt + b"AUTH_PBKDF2_SPEEDY_KEY", 64 bytes, AUTH_PBKDF2_VGEN_COUNT rounds); the verifier key is
SHA-512(password_key + salt)[:32] (AES-256). 11g verifier (type 0xB152): salt = 10 random bytes; key =
SHA-1(password + salt) + 4 zero bytes (AES-192).

Phase one: the server sends AUTH_SESSKEY = AES-CBC(key, zero IV, no padding) of its random session key part
(32 bytes for 12c, 48 for 11g). Phase two: the client's AUTH_SESSKEY decrypts (same key) to its part; the combo
key is, for 32-byte parts, PBKDF2-HMAC-SHA512(hex_upper(client_part + server_part), AUTH_PBKDF2_CSK_SALT, 32,
AUTH_PBKDF2_SDER_COUNT rounds), and for 48-byte parts MD5(x[:16]) + MD5(x[16:24]) truncated to 24 bytes where
x = (server_part XOR client_part)[16:40]. AUTH_PASSWORD decrypts (combo key) to 16 random bytes + password +
PKCS padding; AUTH_PBKDF2_SPEEDY_KEY (12c) to 16 random bytes + password_key. AUTH_SVR_RESPONSE is
AES-CBC(combo, 16 random bytes + b"SERVER_TO_CLIENT", PKCS padding), which the client checks.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

VERIFIER_11G, VERIFIER_12C = 0xB152, 0x4815
VGEN_COUNT, SDER_COUNT = 4096, 3


def _cipher(key: bytes):
    return Cipher(algorithms.AES(key), modes.CBC(bytes(16)))


def encrypt(key: bytes, plain: bytes, pad: bool = True) -> bytes:
    """AES-CBC with a zero IV; with pad, PKCS-style padding of 1..16 bytes as python-oracledb adds it."""
    if pad:
        count = 16 - len(plain) % 16
        plain += bytes([count]) * count
    encryptor = _cipher(key).encryptor()
    return encryptor.update(plain) + encryptor.finalize()


def decrypt(key: bytes, data: bytes) -> bytes:
    """AES-CBC decryption with a zero IV, without removing padding."""
    decryptor = _cipher(key).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def pbkdf2(secret: bytes, salt: bytes, length: int, rounds: int) -> bytes:
    return PBKDF2HMAC(algorithm=hashes.SHA512(), length=length, salt=salt, iterations=rounds).derive(secret)


@dataclass
class Verifier:
    """What the server stores for a user: verifier type, salt and the derived AES key."""
    kind: int
    salt: bytes
    key: bytes

    @staticmethod
    def create(password: str, kind: int) -> "Verifier":
        if kind == VERIFIER_12C:
            salt = secrets.token_bytes(16)
            return Verifier(kind, salt, Verifier.key_12c(password.encode(), salt))
        salt = secrets.token_bytes(10)
        return Verifier(kind, salt, hashlib.sha1(password.encode() + salt).digest() + bytes(4))

    @staticmethod
    def key_12c(password: bytes, salt: bytes) -> bytes:
        password_key = pbkdf2(password, salt + b"AUTH_PBKDF2_SPEEDY_KEY", 64, VGEN_COUNT)
        return hashlib.sha512(password_key + salt).digest()[:32]

    def matches(self, password: bytes) -> bool:
        if self.kind == VERIFIER_12C:
            candidate = Verifier.key_12c(password, self.salt)
        else:
            candidate = hashlib.sha1(password + self.salt).digest() + bytes(4)
        return hmac.compare_digest(candidate, self.key)


class O5Logon:
    """One logon attempt: the phase-one challenge, then the check of the client's phase-two answer."""

    def __init__(self, verifier: Verifier):
        self.verifier = verifier
        self.server_part = secrets.token_bytes(32 if verifier.kind == VERIFIER_12C else 48)
        self.csk_salt = secrets.token_bytes(16)
        self.combo_key = None

    def phase_one_pairs(self) -> list:
        """The key/value/flags triples of the phase-one answer (AUTH_VFR_DATA's flags carry the verifier type)."""
        sesskey = encrypt(self.verifier.key, self.server_part, pad=False).hex().upper()
        pairs = [("AUTH_SESSKEY", sesskey, 0), ("AUTH_VFR_DATA", self.verifier.salt.hex().upper(), self.verifier.kind)]
        if self.verifier.kind == VERIFIER_12C:
            pairs += [("AUTH_PBKDF2_CSK_SALT", self.csk_salt.hex().upper(), 0),
                      ("AUTH_PBKDF2_VGEN_COUNT", str(VGEN_COUNT), 0),
                      ("AUTH_PBKDF2_SDER_COUNT", str(SDER_COUNT), 0)]
        return pairs + [("AUTH_GLOBALLY_UNIQUE_DBID", "7A3B6C2D1E0F4A5B8C9D0E1F2A3B4C5D", 0)]

    def check(self, client_sesskey: str, encoded_password: str, speedy_key: str) -> bool:
        """Derives the combo key from the client's session key part, then decrypts and checks the password."""
        size = len(self.server_part)
        try:
            client_part = decrypt(self.verifier.key, bytes.fromhex(client_sesskey)[:size])
            if size == 32:
                mixed = (client_part + self.server_part).hex().upper().encode()
                self.combo_key = pbkdf2(mixed, self.csk_salt, 32, SDER_COUNT)
            else:
                x = bytes(a ^ b for a, b in zip(self.server_part[16:40], client_part[16:40]))
                self.combo_key = (hashlib.md5(x[:16]).digest() + hashlib.md5(x[16:]).digest())[:24]
            plain = decrypt(self.combo_key, bytes.fromhex(encoded_password))
        except ValueError:
            return False
        padding = plain[-1]
        if not 1 <= padding <= 16 or plain[-padding:] != bytes([padding]) * padding:
            return False
        if self.verifier.kind == VERIFIER_12C:
            if not speedy_key:
                return False
            speedy = decrypt(self.combo_key, bytes.fromhex(speedy_key)[:80])
            expected = hashlib.sha512(speedy[16:80] + self.verifier.salt).digest()[:32]
            if not hmac.compare_digest(expected, self.verifier.key):
                return False
        return self.verifier.matches(plain[16:-padding])

    def server_response(self) -> str:
        """AUTH_SVR_RESPONSE: proves to the client that the server derived the same combo key."""
        return encrypt(self.combo_key, secrets.token_bytes(16) + b"SERVER_TO_CLIENT").hex().upper()
