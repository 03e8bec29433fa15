#!/usr/bin/env python3
"""A faithful local double of Google's OAuth2 authorization server and the Gmail v1 API, for Plugboard's Gmail node
and sign-in tests. Google's own Python clients (google-auth, google-auth-oauthlib, google-api-python-client) read it
as they read Google (prove_google_double.py checks that first). Standard library only.

OAuth2, as accounts.google.com / oauth2.googleapis.com answer:
  GET  /o/oauth2/v2/auth            the consent page (authorization code with PKCE S256; plain HTML, no script)
  POST /o/oauth2/v2/auth/approve    the user's answer: 302 to redirect_uri with code (or error=access_denied)
  POST /token                       authorization_code and refresh_token grants (client auth by Basic or form)
  GET  /oauth2/v3/userinfo          the signed-in user
  POST /revoke?token=TOKEN          revokes the grant the token belongs to
Gmail v1 under /gmail/v1/users/{userId}/ (and /upload/gmail/v1/... for media uploads): profile, messages, attachments,
threads, drafts, labels and history, with Google's error envelope, scope checks from the discovery document and
Gmail's threading rule (same thread only with threadId, a References/In-Reply-To hit and a matching subject).
Calendar v3 under /calendar/v3/ (calendar_v3.py, calendar_api.py, calendar_store.py), built from the Calendar discovery
document that google-api-python-client ships, with Calendar's own error envelope.

Control API for tests (no auth, JSON), so tests make their own clients and users and can share one double:
  POST /_double/clients                      {"client_id", "client_secret"?, "redirect_uris"}       -> 201 {}
  POST /_double/users                        {"email", "name"}                                      -> 201 {"email", "historyId"}
  POST /_double/tokens                       {"client_id", "email", "scope", "expires_in"?}         -> tokens
  POST /_double/users/{email}/deliver        {"raw" (base64url RFC 822), "labelIds"?}                -> {"id", "threadId", "historyId"}
  POST /_double/faults                       {"email"?, "path_contains", "method"?, "status", "reason", "message", "count"?, "retry_after"?}
  GET  /_double/users/{email}/messages/{id}/raw    the stored RFC 822 bytes
  POST /_double/calendar/expire-sync         {"email"}: that user's Calendar sync tokens answer 410 from now on
  POST /_double/calendar/calendars           {"email", "summary"}: a secondary calendar          -> 201 {"id"}
  POST /_double/calendar/page-size           {"email", "size"}: that user's Calendar pages hold at most size items (0: as asked)
  GET  /_double/requests?email=EMAIL               [{"method", "path", "query"}] of the Gmail and Calendar requests for that user

Usage: google_double.py [--port 0] [--port-file FILE]
"""
import argparse
import base64
import email
import email.policy
import hashlib
import hmac
import html
import json
import os
import re
import secrets
import socket
import sys
import threading
import time
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, unquote_plus, urlencode, urlparse

import calendar_api
import calendar_v3

LOCK = threading.RLock()
CLIENTS = {}      # client_id -> {"secret", "redirect_uris"}
USERS = {}        # email (lower case) -> Mailbox
CODES = {}        # code -> {...}
ACCESS = {}       # access token -> {"grant", "expires"}
REFRESH = {}      # refresh token -> {"grant"}
GRANTS = {}       # grant id -> {"client_id", "email", "scope", "revoked", "code"}
FAULTS = []
REQUESTS = {}     # email -> [{"method", "path", "query"}]
COUNTER = [0x18f3a0b2c0000000]
HISTORY_KEEP = 1000

FULL = "https://mail.google.com/"
G = "https://www.googleapis.com/auth/gmail."
SYSTEM_LABELS = ["INBOX", "SENT", "DRAFT", "TRASH", "SPAM", "UNREAD", "STARRED", "IMPORTANT", "CATEGORY_PERSONAL"]
IDENTITY_SCOPES = {"openid", "email", "profile", "https://www.googleapis.com/auth/userinfo.email",
                   "https://www.googleapis.com/auth/userinfo.profile"}
SCOPE_ALIASES = {"email": "https://www.googleapis.com/auth/userinfo.email",
                 "profile": "https://www.googleapis.com/auth/userinfo.profile"}

# The scopes the discovery document (gmail.v1.json) lists per method; any one of them will do.
READ = [FULL, G + "modify", G + "readonly", G + "metadata"]
SCOPES = {
    "profile": READ + [G + "compose"],
    "list": READ,
    "get": READ + [G + "addons.current.message.action", G + "addons.current.message.metadata", G + "addons.current.message.readonly"],
    "attachment": [FULL, G + "modify", G + "readonly", G + "addons.current.message.action", G + "addons.current.message.readonly"],
    "modify": [FULL, G + "modify"],
    "delete": [FULL],
    "send": [FULL, G + "modify", G + "compose", G + "send", G + "addons.current.action.compose"],
    "insert": [FULL, G + "modify", G + "insert"],
    "draft_read": [FULL, G + "modify", G + "readonly", G + "compose"],
    "draft_write": [FULL, G + "modify", G + "compose", G + "addons.current.action.compose"],
    "label_read": READ + [G + "labels"],
    "label_write": [FULL, G + "modify", G + "labels"],
}


class Fail(Exception):
    """A Gmail API error, answered with Google's envelope."""

    def __init__(self, code, reason, message, status=None, extra=None, headers=None):
        super().__init__(message)
        self.code, self.reason, self.message, self.status = code, reason, message, status
        self.extra, self.headers = extra or {}, headers or {}


STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 409: "ABORTED",
          429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
REASON_STATUS = {"failedPrecondition": "FAILED_PRECONDITION", "aborted": "ABORTED", "backendError": "INTERNAL"}


def envelope(fail):
    status = fail.status or REASON_STATUS.get(fail.reason) or STATUS.get(fail.code, "UNKNOWN")
    entry = dict({"message": fail.message, "domain": "global", "reason": fail.reason}, **fail.extra)
    return {"error": {"code": fail.code, "message": fail.message, "errors": [entry], "status": status}}


def not_found():
    return Fail(404, "notFound", "Requested entity was not found.")


def invalid(message):
    return Fail(400, "invalidArgument", message)


def b64url(data):
    return base64.urlsafe_b64encode(data).decode()


def unb64url(text):
    text = (text or "").strip().replace("+", "-").replace("/", "_")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def next_id():
    with LOCK:
        COUNTER[0] += 1
        return "%x" % COUNTER[0]


def now_ms():
    return int(time.time() * 1000)


# ---------------------------------------------------------------------------------------------------------------------
# Messages

def split_raw(raw):
    """(header bytes, separator, body bytes) of an RFC 822 message."""
    match = re.search(rb"\r?\n\r?\n", raw)
    if not match:
        return raw, b"", b""
    return raw[:match.start()], raw[match.start():match.end()], raw[match.end():]


def strip_bcc(raw):
    head, sep, body = split_raw(raw)
    lines = re.split(rb"(\r?\n)", head)
    out, skipping = [], False
    items = [lines[i] + (lines[i + 1] if i + 1 < len(lines) else b"") for i in range(0, len(lines), 2)]
    for item in items:
        if item[:1] in (b" ", b"\t"):
            if not skipping:
                out.append(item)
            continue
        skipping = item.lower().startswith(b"bcc:")
        if not skipping:
            out.append(item)
    head = b"".join(out)
    if head.endswith(b"\r\n") or head.endswith(b"\n"):
        head = head.rstrip(b"\r\n")
    return head + sep + body


def ensure_message_id(raw, domain):
    head, _, _ = split_raw(raw)
    if re.search(rb"(?im)^message-id:", head):
        return raw
    newline = b"\r\n" if b"\r\n" in head else b"\n"
    return b"Message-ID: <%s@%s>" % (secrets.token_hex(12).encode(), domain.encode()) + newline + raw


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def header(msg, name):
    try:
        value = msg.get(name)
        return str(value) if value is not None else ""
    except Exception:  # noqa: BLE001 - a malformed header reads as empty, as Gmail tolerates it
        return ""


def message_ids(text):
    return re.findall(r"<[^<>\s]+>", text or "")


def norm_subject(subject):
    subject = (subject or "").strip()
    while True:
        stripped = re.sub(r"(?i)^\s*(re|fwd|fw|aw|sv|wg)\s*(\[\d+\])?\s*:\s*", "", subject)
        if stripped == subject:
            return subject.strip().lower()
        subject = stripped


def is_attachment(part):
    return bool(part.get_filename()) or (part.get_content_disposition() == "attachment")


def body_bytes(part):
    try:
        data = part.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        data = None
    return data if isinstance(data, bytes) else b""


def plain_text(msg):
    """The first text/plain (else text/html, tags dropped) body that is not an attachment."""
    for wanted in ("text/plain", "text/html"):
        for part in msg.walk():
            if part.is_multipart() or is_attachment(part) or part.get_content_type() != wanted:
                continue
            data = body_bytes(part)
            text = data.decode(part.get_content_charset() or "utf-8", "replace")
            if wanted == "text/html":
                text = html.unescape(re.sub(r"<[^>]*>", " ", text))
            return text
    return ""


def snippet_of(text):
    text = " ".join(text.split())[:200]
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


class Message:
    def __init__(self, mailbox, raw, label_ids, thread_id=None):
        self.id = next_id()
        self.raw = raw
        self.msg = parse(raw)
        self.labels = []
        for label in label_ids:
            if label not in self.labels:
                self.labels.append(label)
        self.thread_id = thread_id or self.id
        self.internal_date = mailbox.stamp()
        self.history_id = mailbox.history_id
        self.message_id = (message_ids(header(self.msg, "Message-ID")) or [""])[0]
        self.subject = header(self.msg, "Subject")
        self.text = plain_text(self.msg)
        self.snippet = snippet_of(self.text)
        self.attachments = {}
        self.payload = self.part(self.msg, "")

    def part(self, part, part_id):
        try:
            items = [{"name": name, "value": str(value)} for name, value in part.items()]
        except Exception:  # noqa: BLE001 - a header the parser refuses is shown as sent, unfolded
            items = [{"name": name, "value": re.sub(r"\r?\n[ \t]", " ", str(value))} for name, value in part.raw_items()]
        result = {"partId": part_id, "mimeType": part.get_content_type(), "filename": part.get_filename() or "",
                  "headers": items}
        if part.is_multipart():
            result["body"] = {"size": 0}
            result["parts"] = [self.part(child, (part_id + "." if part_id else "") + str(index))
                               for index, child in enumerate(part.iter_parts())]
        else:
            data = body_bytes(part) if part.get_content_type() != "message/rfc822" else self.embedded(part)
            if is_attachment(part):
                attachment_id = "ANGjdJ" + b64url(("%s:%s:%s" % (self.id, part_id or "0", secrets.token_hex(8))).encode()).rstrip("=")
                self.attachments[attachment_id] = data
                result["body"] = {"attachmentId": attachment_id, "size": len(data)}
            elif data:
                result["body"] = {"size": len(data), "data": b64url(data)}
            else:
                result["body"] = {"size": 0}
        return result

    @staticmethod
    def embedded(part):
        payload = part.get_payload()
        if isinstance(payload, list) and payload:
            return payload[0].as_bytes()
        return body_bytes(part)

    def has_attachment(self):
        return bool(self.attachments)

    def resource(self, fmt="full", metadata_headers=None):
        result = {"id": self.id, "threadId": self.thread_id, "labelIds": list(self.labels), "snippet": self.snippet,
                  "sizeEstimate": len(self.raw), "historyId": str(self.history_id), "internalDate": str(self.internal_date)}
        if fmt == "minimal":
            return result
        if fmt == "raw":
            result["raw"] = b64url(self.raw)
            return result
        if fmt == "metadata":
            wanted = {h.lower() for h in metadata_headers or []}
            headers = [h for h in self.payload["headers"] if not wanted or h["name"].lower() in wanted]
            result["payload"] = {"partId": "", "mimeType": self.payload["mimeType"], "filename": "", "headers": headers,
                                 "body": {"size": 0}}
            return result
        result["payload"] = self.payload
        return result

    def short(self):
        return {"id": self.id, "threadId": self.thread_id}

    def with_labels(self):
        return {"id": self.id, "threadId": self.thread_id, "labelIds": list(self.labels)}


class Mailbox:
    def __init__(self, address, name):
        self.email, self.name = address, name
        self.sub = str(100000000000000000000 + int(hashlib.sha256(address.lower().encode()).hexdigest()[:15], 16))
        self.history_id = 1000 + secrets.randbelow(1000)
        self.created = self.history_id
        self.records = []
        self.messages = {}
        self.drafts = {}
        self.labels = {label: {"id": label, "name": label, "type": "system"} for label in SYSTEM_LABELS}
        for label in ("INBOX", "SENT", "DRAFT", "TRASH", "SPAM", "STARRED", "UNREAD", "IMPORTANT"):
            self.labels[label]["labelListVisibility"] = "labelShow" if label in ("INBOX", "SENT", "DRAFT", "STARRED", "IMPORTANT") else "labelHide"
            self.labels[label]["messageListVisibility"] = "hide"
        self.next_label = 1
        self.last_stamp = 0

    def stamp(self):
        self.last_stamp = max(now_ms(), self.last_stamp + 1)
        return self.last_stamp

    def record(self, kind, message, label_ids=None):
        self.history_id += 1
        message.history_id = self.history_id
        entry = {"id": self.history_id, "message": message.short(), "labels_now": list(message.labels), "kind": kind}
        if kind == "messagesAdded" or kind == "messagesDeleted":
            entry["item"] = {"message": message.with_labels() if kind == "messagesAdded" else message.short()}
        else:
            entry["item"] = {"message": message.with_labels(), "labelIds": list(label_ids)}
        self.records.append(entry)
        del self.records[:-HISTORY_KEEP]

    def oldest_history(self):
        if len(self.records) >= HISTORY_KEEP:
            return self.records[0]["id"] - 1
        return self.created

    def thread(self, thread_id):
        return sorted((m for m in self.messages.values() if m.thread_id == thread_id), key=lambda m: (m.internal_date, m.id))

    def thread_for(self, parsed, thread_id=None):
        """The thread a new message joins by Gmail's rule, or None for a new thread."""
        refs = set(message_ids(header(parsed, "In-Reply-To")) + message_ids(header(parsed, "References")))
        subject = norm_subject(header(parsed, "Subject"))
        candidates = self.thread(thread_id) if thread_id else sorted(self.messages.values(), key=lambda m: -m.internal_date)
        for m in candidates:
            if m.message_id and m.message_id in refs and norm_subject(m.subject) == subject:
                return m.thread_id
        return None

    def add(self, raw, labels, thread_id=None, sending=False):
        """Stores a message (the threading rule applied) and records it; the caller holds LOCK."""
        for label in labels:
            if label not in self.labels:
                raise invalid("Invalid label: %s" % label)
        if thread_id and not self.thread(thread_id):
            raise not_found()
        parsed = parse(raw)
        joined = self.thread_for(parsed, thread_id) if (thread_id or not sending) else None
        message = Message(self, raw, labels, joined)
        self.messages[message.id] = message
        self.record("messagesAdded", message)
        return message

    def change_labels(self, message, add, remove):
        for label in list(add) + list(remove):
            if label not in self.labels:
                raise invalid("Invalid label: %s" % label)
        added = [label for label in add if label not in message.labels and label not in remove]
        removed = [label for label in remove if label in message.labels]
        message.labels = [label for label in message.labels if label not in removed] + added
        if added:
            self.record("labelsAdded", message, added)
        if removed:
            self.record("labelsRemoved", message, removed)

    def delete(self, message):
        self.messages.pop(message.id, None)
        for draft_id, mid in list(self.drafts.items()):
            if mid == message.id:
                del self.drafts[draft_id]
        self.record("messagesDeleted", message)


def user_for(address):
    mailbox = USERS.get((address or "").lower())
    return mailbox


# ---------------------------------------------------------------------------------------------------------------------
# Search (a subset of Gmail's q syntax)

def tokens_of(query):
    return re.findall(r'-?\w+:"[^"]*"|-?\w+:\([^)]*\)|-?"[^"]*"|\S+', query or "")


def label_by_name(mailbox, name):
    wanted = name.lower().replace("-", " ").replace("/", " ")
    for label in mailbox.labels.values():
        if label["name"].lower().replace("-", " ").replace("/", " ") == wanted or label["id"].lower() == name.lower():
            return label["id"]
    return None


def matches(mailbox, message, query):
    def addresses(*names):
        return " ".join(header(message.msg, n) for n in names).lower()

    for token in tokens_of(query):
        negate = token.startswith("-") and len(token) > 1
        token = token[1:] if negate else token
        if token.upper() in ("AND", "OR"):
            continue
        key, _, value = token.partition(":") if re.match(r"^\w+:", token) else ("", "", token)
        value = value.strip('"()').lower()
        key = key.lower()
        if key == "from":
            ok = value in addresses("From")
        elif key == "to":
            ok = value in addresses("To", "Cc", "Bcc")
        elif key in ("cc", "bcc"):
            ok = value in addresses(key)
        elif key == "subject":
            ok = value in message.subject.lower()
        elif key == "is":
            wanted = {"unread": "UNREAD", "starred": "STARRED", "important": "IMPORTANT"}.get(value)
            ok = (("UNREAD" not in message.labels) if value == "read" else (wanted in message.labels if wanted else False))
        elif key in ("label", "in"):
            if key == "in" and value == "anywhere":
                ok = True
            else:
                label = label_by_name(mailbox, value)
                ok = bool(label) and label in message.labels
        elif key == "has":
            ok = message.has_attachment() if value == "attachment" else False
        elif key == "rfc822msgid":
            ok = value.strip("<>") == message.message_id.strip("<>").lower()
        else:
            word = token.strip('"').lower()
            ok = any(word in text.lower() for text in (message.subject, message.text, addresses("From", "To", "Cc")))
        if ok == negate:
            return False
    return True


def includes_trash_or_spam(query):
    return bool(re.search(r"(?i)\b(in|label):(trash|spam|anywhere)\b", query or ""))


def page(items, query, default=100, limit=500):
    try:
        size = int(query.get("maxResults", [default])[0])
    except ValueError:
        raise invalid("Invalid value for maxResults")
    size = max(1, min(size, limit))
    token = query.get("pageToken", [""])[0]
    try:
        start = int(token) if token else 0
    except ValueError:
        raise invalid("Invalid pageToken")
    chunk = items[start:start + size]
    following = str(start + size) if start + size < len(items) else None
    return chunk, following


# ---------------------------------------------------------------------------------------------------------------------
# Tokens

def issue(client_id, address, scope, expires_in=3599, code=None):
    grant = secrets.token_hex(8)
    GRANTS[grant] = {"client_id": client_id, "email": address, "scope": scope, "revoked": False, "code": code}
    access = "ya29." + secrets.token_urlsafe(48)
    refresh = "1//0" + secrets.token_urlsafe(48)
    ACCESS[access] = {"grant": grant, "expires": time.time() + expires_in}
    REFRESH[refresh] = {"grant": grant}
    return grant, access, refresh


def take_fault(method, path, address):
    """The first injected fault that matches this request (used up by one), with its headers; or None."""
    for fault in FAULTS:
        if fault["count"] > 0 and fault["path_contains"] in path and (not fault["method"] or fault["method"] == method) \
                and (not fault["email"] or (address and fault["email"] == address.lower())):
            fault["count"] -= 1
            headers = {"Retry-After": str(fault["retry_after"])} if fault["retry_after"] is not None else {}
            return dict(fault, headers=headers)
    return None


def access_grant(token):
    entry = ACCESS.get(token or "")
    if not entry or entry["expires"] <= time.time():
        return None
    grant = GRANTS.get(entry["grant"])
    if not grant or grant["revoked"]:
        return None
    return grant


def normalize_scope(scope):
    seen = []
    for item in (scope or "").split():
        item = SCOPE_ALIASES.get(item, item)
        if item not in seen:
            seen.append(item)
    return " ".join(seen)


def id_token(grant, client):
    mailbox = user_for(grant["email"])
    now = int(time.time())
    head = {"alg": "HS256", "typ": "JWT"}
    payload = {"iss": ROOT[0], "azp": grant["client_id"], "aud": grant["client_id"], "sub": mailbox.sub, "email": mailbox.email,
               "email_verified": True, "name": mailbox.name, "iat": now, "exp": now + 3599}
    signing = (b64url(json.dumps(head, separators=(",", ":")).encode()).rstrip("=") + "." +
               b64url(json.dumps(payload, separators=(",", ":")).encode()).rstrip("="))
    key = (client.get("secret") or "public").encode()
    return signing + "." + b64url(hmac.new(key, signing.encode(), hashlib.sha256).digest()).rstrip("=")


ROOT = ["http://127.0.0.1"]


def page_html(title, body):
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>%s</title></head>\n<body>\n%s\n</body></html>\n'
            % (html.escape(title), body)).encode()


def error_page(code, name, detail):
    return page_html("Error %s: %s" % (code, name), "<h1>Access blocked: Authorization Error</h1>\n<p>%s</p>\n<p><b>Error %s: %s</b></p>"
                     % (html.escape(detail), code, html.escape(name)))


def with_query(uri, params):
    return uri + ("&" if "?" in uri else "?") + urlencode(params, quote_via=quote)


# ---------------------------------------------------------------------------------------------------------------------
# HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "GoogleDouble/1.0"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle and delayed ACKs cost 40 ms an answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # -- plumbing --
    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status, body=b"", content_type="application/json; charset=UTF-8", headers=None):
        self.send_response(status)
        if body or status not in (204, 302):
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, value, headers=None):
        self.send(status, json.dumps(value, indent=2).encode(), headers=headers)

    def redirect(self, location):
        self.send(302, b"", headers={"Location": location})

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def dispatch(self, method):
        url = urlparse(self.path)
        path, query = url.path, parse_qs(url.query, keep_blank_values=True)
        body = self.read_body()
        try:
            if path.startswith("/_double/"):
                return self.control(method, path, query, body)
            if path == "/o/oauth2/v2/auth" and method == "GET":
                return self.authorize(query)
            if path == "/o/oauth2/v2/auth/approve" and method == "POST":
                return self.approve(parse_qs(body.decode(), keep_blank_values=True))
            if path == "/token" and method == "POST":
                return self.token(parse_qs(body.decode(), keep_blank_values=True))
            if path in ("/oauth2/v3/userinfo", "/oauth2/v2/userinfo", "/v1/userinfo") and method in ("GET", "POST"):
                return self.userinfo()
            if path in ("/revoke", "/o/oauth2/revoke") and method in ("POST", "GET"):
                form = parse_qs(body.decode(), keep_blank_values=True) if body else {}
                return self.revoke((query.get("token") or form.get("token") or [""])[0])
            if re.match(r"^/(upload/)?gmail/v1/users/", path):
                return self.gmail(method, path, url.query, query, body)
            if path.startswith(calendar_v3.PREFIX):
                return self.calendar(method, path, url.query, query, body)
            self.send(404, page_html("Error 404 (Not Found)", "<p>The requested URL <code>%s</code> was not found on this server.</p>"
                                     % html.escape(path)), "text/html; charset=UTF-8")
        except Fail as fail:
            self.send_json(fail.code, envelope(fail), headers=fail.headers)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            raise
        except Exception as error:  # noqa: BLE001 - a bug in the double answers 500 in Google's shape, with a line on stderr
            print("google double: %s %s failed: %r" % (method, path, error), file=sys.stderr)
            self.send_json(500, envelope(Fail(500, "backendError", "Backend Error")))

    # -- control --
    def control(self, method, path, query, body):
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return self.send_json(400, {"error": "body is not JSON"})
        with LOCK:
            if path == "/_double/clients" and method == "POST":
                CLIENTS[data["client_id"]] = {"secret": data.get("client_secret") or None, "redirect_uris": list(data.get("redirect_uris") or [])}
                return self.send_json(201, {})
            if path == "/_double/users" and method == "POST":
                address = data["email"]
                mailbox = USERS.get(address.lower())
                if mailbox is None:
                    mailbox = USERS[address.lower()] = Mailbox(address, data.get("name") or address.split("@")[0])
                return self.send_json(201, {"email": mailbox.email, "historyId": str(mailbox.history_id)})
            if path == "/_double/tokens" and method == "POST":
                if data.get("client_id") not in CLIENTS or not user_for(data.get("email")):
                    return self.send_json(400, {"error": "unknown client or user"})
                expires = int(data.get("expires_in", 3600))
                _, access, refresh = issue(data["client_id"], user_for(data["email"]).email, normalize_scope(data.get("scope", "")), expires)
                return self.send_json(200, {"access_token": access, "refresh_token": refresh, "expires_in": expires})
            if path == "/_double/faults" and method == "POST":
                FAULTS.append({"email": (data.get("email") or "").lower() or None, "path_contains": data.get("path_contains", ""),
                               "method": (data.get("method") or "").upper() or None, "status": int(data.get("status", 500)),
                               "reason": data.get("reason", "backendError"), "message": data.get("message", "Injected fault."),
                               "count": int(data.get("count", 1)), "retry_after": data.get("retry_after")})
                return self.send_json(201, {})
            if path == "/_double/calendar/expire-sync" and method == "POST":
                calendar_api.expire_sync(data["email"])
                return self.send_json(200, {})
            if path == "/_double/calendar/calendars" and method == "POST":
                return self.send_json(201, {"id": calendar_api.add_calendar(data["email"], data["summary"])})
            if path == "/_double/calendar/page-size" and method == "POST":
                calendar_api.cap_pages(data["email"], int(data.get("size") or 0))
                return self.send_json(200, {})
            if path == "/_double/requests" and method == "GET":
                return self.send_json(200, REQUESTS.get((query.get("email") or [""])[0].lower(), []))
            match = re.match(r"^/_double/users/([^/]+)/deliver$", path)
            if match and method == "POST":
                mailbox = user_for(unquote(match.group(1)))
                if not mailbox:
                    return self.send_json(404, {"error": "no such user"})
                try:
                    message = mailbox.add(unb64url(data["raw"]), data.get("labelIds") or ["INBOX", "UNREAD"])
                except Fail as fail:
                    return self.send_json(fail.code, envelope(fail))
                return self.send_json(200, {"id": message.id, "threadId": message.thread_id, "historyId": str(mailbox.history_id)})
            match = re.match(r"^/_double/users/([^/]+)/messages/([^/]+)/raw$", path)
            if match and method == "GET":
                mailbox = user_for(unquote(match.group(1)))
                message = mailbox and mailbox.messages.get(match.group(2))
                if not message:
                    return self.send_json(404, {"error": "no such message"})
                return self.send(200, message.raw, "message/rfc822")
        self.send_json(404, {"error": "no such control endpoint"})

    # -- OAuth2 --
    def authorize(self, query):
        params = {k: v[0] for k, v in query.items()}
        client = CLIENTS.get(params.get("client_id", ""))
        page = "text/html; charset=UTF-8"
        if not client:
            return self.send(400, error_page(401, "invalid_client", "The OAuth client was not found."), page)
        redirect_uri = params.get("redirect_uri", "")
        if not redirect_uri:
            return self.send(400, error_page(400, "invalid_request", "Missing required parameter: redirect_uri"), page)
        if redirect_uri not in client["redirect_uris"]:
            return self.send(400, error_page(400, "redirect_uri_mismatch",
                                             "You can't sign in to this app because it doesn't comply with Google's OAuth 2.0 policy. "
                                             "redirect_uri=" + redirect_uri), page)
        state = {"state": params["state"]} if "state" in params else {}
        if params.get("response_type") != "code":
            return self.redirect(with_query(redirect_uri, dict({"error": "unsupported_response_type"}, **state)))
        if not params.get("scope", "").strip():
            return self.send(400, error_page(400, "invalid_request", "Missing required parameter: scope"), page)
        if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
            return self.redirect(with_query(redirect_uri, dict({"error": "invalid_request", "error_description":
                                                                "code_challenge and code_challenge_method=S256 are required"}, **state)))
        hint = params.get("login_hint", "").lower()
        with LOCK:
            users = [(m.email, m.name) for m in USERS.values()]
        options = "\n".join('<option value="%s"%s>%s (%s)</option>' % (html.escape(e, True), " selected" if e.lower() == hint else "",
                                                                         html.escape(n), html.escape(e)) for e, n in users)
        hidden = "\n".join('<input type="hidden" name="%s" value="%s">' % (html.escape(k, True), html.escape(v, True))
                           for k, v in params.items())
        scopes = "\n".join("<li>%s</li>" % html.escape(s) for s in params["scope"].split())
        body = ('<h1>Sign in with Google</h1>\n<p>The app <b id="client">%s</b> wants to access your Google Account:</p>\n'
                '<ul id="scopes">\n%s\n</ul>\n<form method="post" action="/o/oauth2/v2/auth/approve">\n%s\n'
                '<label for="account">Account</label>\n<select name="email" id="account">\n%s\n</select>\n'
                '<button id="allow" name="decision" value="allow" type="submit">Allow</button>\n'
                '<button id="deny" name="decision" value="deny" type="submit">Deny</button>\n</form>'
                % (html.escape(params["client_id"]), scopes, hidden, options))
        self.send(200, page_html("Sign in - Google Double", body), page)

    def approve(self, form):
        params = {k: v[0] for k, v in form.items()}
        page = "text/html; charset=UTF-8"
        client = CLIENTS.get(params.get("client_id", ""))
        if not client:
            return self.send(400, error_page(401, "invalid_client", "The OAuth client was not found."), page)
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in client["redirect_uris"]:
            return self.send(400, error_page(400, "redirect_uri_mismatch", "redirect_uri=" + redirect_uri), page)
        state = {"state": params["state"]} if "state" in params else {}
        if params.get("decision") != "allow":
            return self.redirect(with_query(redirect_uri, dict({"error": "access_denied"}, **state)))
        if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
            return self.redirect(with_query(redirect_uri, dict({"error": "invalid_request"}, **state)))
        with LOCK:
            mailbox = user_for(params.get("email"))
            if not mailbox:
                return self.send(400, error_page(400, "invalid_request", "No such account."), page)
            code = "4/0" + secrets.token_urlsafe(40)
            scope = normalize_scope(params.get("scope", ""))
            CODES[code] = {"client_id": params["client_id"], "redirect_uri": redirect_uri, "challenge": params["code_challenge"],
                           "email": mailbox.email, "scope": scope, "expires": time.time() + 600, "used": False, "grant": None}
        # Google adds authuser and prompt to the redirect as well.
        self.redirect(with_query(redirect_uri, dict({"code": code}, **state, scope=scope, authuser="0", prompt="consent")))

    def token_error(self, status, error, description=None):
        value = {"error": error}
        if description:
            value["error_description"] = description
        self.send_json(status, value)

    def token(self, form):
        params = {k: v[0] for k, v in form.items()}
        client_id, secret = params.get("client_id"), params.get("client_secret")
        auth = self.headers.get("Authorization", "")
        if auth.lower().startswith("basic "):
            try:
                user, _, password = base64.b64decode(auth[6:].strip()).decode().partition(":")
                client_id, secret = unquote_plus(user), unquote_plus(password)
            except (ValueError, UnicodeDecodeError):
                return self.token_error(401, "invalid_client", "Unauthorized")
        with LOCK:
            client = CLIENTS.get(client_id or "")
            if not client:
                return self.token_error(401, "invalid_client", "The OAuth client was not found.")
            if client["secret"] and not hmac.compare_digest(client["secret"], secret or ""):
                return self.token_error(401, "invalid_client", "Unauthorized")
            grant_type = params.get("grant_type")
            if grant_type == "authorization_code":
                code = CODES.get(params.get("code", ""))
                if not code or code["client_id"] != client_id or code["expires"] <= time.time():
                    return self.token_error(400, "invalid_grant", "Malformed auth code." if not code else "Bad Request")
                if code["used"]:
                    if code["grant"] in GRANTS:
                        GRANTS[code["grant"]]["revoked"] = True
                    return self.token_error(400, "invalid_grant", "Bad Request")
                if params.get("redirect_uri") != code["redirect_uri"]:
                    return self.token_error(400, "redirect_uri_mismatch", "Bad Request")
                verifier = params.get("code_verifier")
                if not verifier:
                    return self.token_error(400, "invalid_grant", "Missing code verifier.")
                if b64url(hashlib.sha256(verifier.encode()).digest()).rstrip("=") != code["challenge"]:
                    return self.token_error(400, "invalid_grant", "Invalid code verifier.")
                code["used"] = True
                grant, access, refresh = issue(client_id, code["email"], code["scope"], code=params["code"])
                code["grant"] = grant
                answer = {"access_token": access, "expires_in": 3599, "refresh_token": refresh, "scope": code["scope"], "token_type": "Bearer"}
                if set(code["scope"].split()) & IDENTITY_SCOPES:
                    answer["id_token"] = id_token(GRANTS[grant], client)
                return self.send_json(200, answer, headers={"Cache-Control": "no-cache, no-store, max-age=0, must-revalidate", "Pragma": "no-cache"})
            if grant_type == "refresh_token":
                entry = REFRESH.get(params.get("refresh_token", ""))
                grant_id = entry and entry["grant"]
                grant = GRANTS.get(grant_id) if grant_id else None
                if not grant or grant["revoked"] or grant["client_id"] != client_id:
                    return self.token_error(400, "invalid_grant", "Token has been expired or revoked.")
                access = "ya29." + secrets.token_urlsafe(48)
                ACCESS[access] = {"grant": grant_id, "expires": time.time() + 3599}
                answer = {"access_token": access, "expires_in": 3599, "scope": grant["scope"], "token_type": "Bearer"}
                if set(grant["scope"].split()) & IDENTITY_SCOPES:
                    answer["id_token"] = id_token(grant, client)
                return self.send_json(200, answer, headers={"Cache-Control": "no-cache, no-store, max-age=0, must-revalidate", "Pragma": "no-cache"})
            if not grant_type:
                return self.token_error(400, "invalid_request", "Missing required parameter: grant_type")
            return self.token_error(400, "unsupported_grant_type", "Invalid grant_type: " + grant_type)

    def bearer(self):
        auth = self.headers.get("Authorization", "")
        return auth[7:].strip() if auth.lower().startswith("bearer ") else None

    def userinfo(self):
        with LOCK:
            grant = access_grant(self.bearer())
            if not grant:
                return self.send_json(401, {"error": "invalid_request", "error_description": "Invalid Credentials"},
                                      headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"'})
            mailbox = user_for(grant["email"])
            self.send_json(200, {"sub": mailbox.sub, "name": mailbox.name, "email": mailbox.email, "email_verified": True})

    def revoke(self, token):
        with LOCK:
            entry = ACCESS.get(token) or REFRESH.get(token)
            grant = GRANTS.get(entry["grant"]) if entry else None
            if not grant or grant["revoked"]:
                return self.token_error(400, "invalid_token", "Token expired or revoked")
            grant["revoked"] = True
        self.send_json(200, {})

    # -- Gmail --
    def gmail(self, method, path, raw_query, query, body):
        match = re.match(r"^/(upload/)?gmail/v1/users/([^/]+)(/.*)?$", path)
        upload, user_id, rest = bool(match.group(1)), unquote(match.group(2)), match.group(3) or ""
        with LOCK:
            grant = access_grant(self.bearer())
            address = grant["email"] if grant else (user_id if user_id != "me" else None)
            mailbox = user_for(address)
            if mailbox:
                logged = "&".join(p for p in raw_query.split("&") if not p.startswith("access_token="))
                REQUESTS.setdefault(mailbox.email.lower(), []).append({"method": method, "path": path, "query": logged})
            fault = take_fault(method, path, mailbox and mailbox.email)
            if fault:
                raise Fail(fault["status"], fault["reason"], fault["message"], headers=fault["headers"])
            if not grant:
                raise Fail(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                           "login cookie or other valid authentication credential. See "
                           "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                           extra={"message": "Invalid Credentials", "location": "Authorization", "locationType": "header"},
                           headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"'})
            if user_id != "me" and user_id.lower() != grant["email"].lower():
                raise Fail(403, "forbidden", "Delegation denied for " + grant["email"])
            route = self.route(method, rest, upload)
            if not route:
                raise Fail(404, "notFound", "Requested entity was not found.") if not upload else invalid("Unsupported upload path.")
            handler, scope_key, args = route
            granted = set(grant["scope"].split())
            if not granted & set(SCOPES[scope_key]):
                raise Fail(403, "insufficientPermissions", "Request had insufficient authentication scopes.",
                           extra={}, headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="insufficient_scope", scope="%s"'
                                                                  % " ".join(SCOPES[scope_key])})
            request = {"query": query, "body": body, "upload": upload, "content_type": self.headers.get("Content-Type", "")}
            status, value = handler(mailbox, request, *args)
        if status == 204:
            return self.send(204, b"")
        self.send_json(status, value)

    # -- Calendar --
    def calendar(self, method, path, raw_query, query, body):
        with LOCK:
            grant = access_grant(self.bearer())
            if grant:
                logged = "&".join(p for p in raw_query.split("&") if not p.startswith("access_token="))
                REQUESTS.setdefault(grant["email"].lower(), []).append({"method": method, "path": path, "query": logged})
            try:
                fault = take_fault(method, path, grant and grant["email"])
                if fault:
                    domain = "usageLimits" if fault["status"] in (403, 429) else "global"
                    raise calendar_v3.CalendarFail(fault["status"], fault["reason"], fault["message"], domain, fault["headers"])
                if not grant:
                    raise calendar_v3.CalendarFail(
                        401, "authError", "Invalid Credentials",
                        headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", error="invalid_token"'})
                status, value = calendar_api.handle(method, path[len(calendar_v3.PREFIX):], query, body, grant["email"], set(grant["scope"].split()))
            except calendar_v3.CalendarFail as fail:
                return self.send_json(fail.code, fail.body(), headers=fail.headers)
        if status == 204:
            return self.send(204, b"")
        self.send_json(status, value)

    ROUTES = [
        ("GET", r"/profile", "profile", "profile"),
        ("GET", r"/messages", "messages_list", "list"),
        ("POST", r"/messages/send", "messages_send", "send"),
        ("POST", r"/messages/import", "messages_insert", "insert"),
        ("POST", r"/messages", "messages_insert", "insert"),
        ("POST", r"/messages/batchModify", "messages_batch_modify", "modify"),
        ("POST", r"/messages/batchDelete", "messages_batch_delete", "delete"),
        ("GET", r"/messages/([^/]+)/attachments/([^/]+)", "attachment_get", "attachment"),
        ("GET", r"/messages/([^/]+)", "message_get", "get"),
        ("POST", r"/messages/([^/]+)/modify", "message_modify", "modify"),
        ("POST", r"/messages/([^/]+)/trash", "message_trash", "modify"),
        ("POST", r"/messages/([^/]+)/untrash", "message_untrash", "modify"),
        ("DELETE", r"/messages/([^/]+)", "message_delete", "delete"),
        ("GET", r"/threads", "threads_list", "list"),
        ("GET", r"/threads/([^/]+)", "thread_get", "get"),
        ("POST", r"/threads/([^/]+)/modify", "thread_modify", "modify"),
        ("POST", r"/threads/([^/]+)/trash", "thread_trash", "modify"),
        ("POST", r"/threads/([^/]+)/untrash", "thread_untrash", "modify"),
        ("DELETE", r"/threads/([^/]+)", "thread_delete", "delete"),
        ("GET", r"/drafts", "drafts_list", "draft_read"),
        ("POST", r"/drafts", "draft_create", "draft_write"),
        ("POST", r"/drafts/send", "draft_send", "draft_write"),
        ("GET", r"/drafts/([^/]+)", "draft_get", "draft_read"),
        ("PUT", r"/drafts/([^/]+)", "draft_update", "draft_write"),
        ("DELETE", r"/drafts/([^/]+)", "draft_delete", "draft_write"),
        ("GET", r"/labels", "labels_list", "label_read"),
        ("POST", r"/labels", "label_create", "label_write"),
        ("GET", r"/labels/([^/]+)", "label_get", "label_read"),
        ("PATCH", r"/labels/([^/]+)", "label_patch", "label_write"),
        ("PUT", r"/labels/([^/]+)", "label_update", "label_write"),
        ("DELETE", r"/labels/([^/]+)", "label_delete", "label_write"),
        ("GET", r"/history", "history_list", "list"),
    ]
    UPLOADS = {"messages_send", "messages_insert", "draft_create", "draft_send", "draft_update"}

    def route(self, method, rest, upload):
        for verb, pattern, name, scope in self.ROUTES:
            match = re.fullmatch(pattern, rest)
            if verb == method and match and (not upload or name in self.UPLOADS):
                return getattr(self, name), scope, [unquote(g) for g in match.groups()]
        return None

    # request helpers
    @staticmethod
    def json_body(request):
        if request["upload"]:
            return Handler.upload_body(request)
        try:
            return json.loads(request["body"] or b"{}"), None
        except ValueError:
            raise invalid("Invalid JSON payload received.")

    @staticmethod
    def upload_body(request):
        """(metadata, media bytes) of a simple (uploadType=media) or multipart (uploadType=multipart) upload."""
        kind = (request["query"].get("uploadType") or ["media"])[0]
        body, content_type = request["body"], request["content_type"]
        if kind == "media" or not content_type.lower().startswith("multipart/"):
            return {}, body
        if kind != "multipart":
            raise invalid("Unsupported uploadType: " + kind)
        match = re.search(r'boundary="?([^";]+)"?', content_type)
        if not match:
            raise invalid("Multipart upload without a boundary.")
        delimiter = b"--" + match.group(1).encode()
        pieces = []
        for chunk in body.split(delimiter)[1:]:
            if chunk.startswith(b"--"):
                break
            chunk = chunk[2:] if chunk.startswith(b"\r\n") else chunk[1:] if chunk.startswith(b"\n") else chunk
            head, _, content = split_raw(chunk)
            if content.endswith(b"\r\n"):
                content = content[:-2]
            elif content.endswith(b"\n"):
                content = content[:-1]
            if re.search(rb"(?im)^content-transfer-encoding:\s*base64", head):
                content = base64.b64decode(content)
            pieces.append(content)
        if len(pieces) != 2:
            raise invalid("A multipart upload has a metadata part and a media part.")
        try:
            return json.loads(pieces[0] or b"{}"), pieces[1]
        except ValueError:
            raise invalid("Invalid JSON payload received.")

    @staticmethod
    def raw_of(message, media):
        if media is not None and media != b"":
            return media
        if not isinstance(message, dict) or not message.get("raw"):
            raise invalid("'raw' RFC822 payload message string or uploading message via /upload/* URL required")
        try:
            return unb64url(message["raw"])
        except ValueError:
            raise invalid("Invalid value for ByteString: " + str(message["raw"])[:40])

    @staticmethod
    def one(request, name, default=None):
        return (request["query"].get(name) or [default])[0]

    @staticmethod
    def flag(request, name):
        return (Handler.one(request, name, "false") or "").lower() == "true"

    @staticmethod
    def message_of(mailbox, message_id):
        if not re.fullmatch(r"[0-9a-fA-F]{1,24}", message_id):
            raise invalid("Invalid id value")
        message = mailbox.messages.get(message_id.lower())
        if not message:
            raise not_found()
        return message

    @staticmethod
    def format_of(request, allowed=("full", "metadata", "minimal", "raw")):
        fmt = (Handler.one(request, "format", "full") or "full").lower()
        if fmt not in allowed:
            raise invalid("Invalid value at 'format'")
        return fmt

    # profile
    def profile(self, mailbox, request):
        threads = {m.thread_id for m in mailbox.messages.values()}
        return 200, {"emailAddress": mailbox.email, "messagesTotal": len(mailbox.messages), "threadsTotal": len(threads),
                     "historyId": str(mailbox.history_id)}

    # messages
    def listed(self, mailbox, request):
        q = self.one(request, "q", "") or ""
        labels = request["query"].get("labelIds", [])
        for label in labels:
            if label not in mailbox.labels:
                raise invalid("Invalid label: %s" % label)
        spam_trash = self.flag(request, "includeSpamTrash") or includes_trash_or_spam(q) or \
            any(label in ("TRASH", "SPAM") for label in labels)
        found = []
        for message in sorted(mailbox.messages.values(), key=lambda m: (m.internal_date, m.id), reverse=True):
            if not spam_trash and ("TRASH" in message.labels or "SPAM" in message.labels):
                continue
            if all(label in message.labels for label in labels) and matches(mailbox, message, q):
                found.append(message)
        return found

    def messages_list(self, mailbox, request):
        found = self.listed(mailbox, request)
        chunk, following = page(found, request["query"])
        answer = {}
        if chunk:
            answer["messages"] = [m.short() for m in chunk]
        if following:
            answer["nextPageToken"] = following
        answer["resultSizeEstimate"] = len(found)
        return 200, answer

    def message_get(self, mailbox, request, message_id):
        message = self.message_of(mailbox, message_id)
        return 200, message.resource(self.format_of(request), request["query"].get("metadataHeaders"))

    def messages_send(self, mailbox, request):
        meta, media = self.json_body(request)
        raw = self.raw_of(meta, media)
        return 200, self.send_raw(mailbox, raw, meta.get("threadId")).with_labels()

    @staticmethod
    def send_raw(mailbox, raw, thread_id, labels=("SENT",)):
        parsed = parse(raw)
        recipients = [a for _, a in getaddresses([header(parsed, n) for n in ("To", "Cc", "Bcc")]) if a]
        if not recipients:
            raise invalid("Recipient address required")
        raw = ensure_message_id(strip_bcc(raw), "mail.gmail.com")
        return mailbox.add(raw, list(labels), thread_id, sending=True)

    def messages_insert(self, mailbox, request):
        meta, media = self.json_body(request)
        raw = self.raw_of(meta, media)
        message = mailbox.add(raw, meta.get("labelIds") or [], meta.get("threadId"))
        return 200, {"id": message.id, "threadId": message.thread_id, "labelIds": list(message.labels)}

    def message_modify(self, mailbox, request, message_id):
        body, _ = self.json_body(request)
        message = self.message_of(mailbox, message_id)
        mailbox.change_labels(message, body.get("addLabelIds") or [], body.get("removeLabelIds") or [])
        return 200, message.with_labels()

    def messages_batch_modify(self, mailbox, request):
        body, _ = self.json_body(request)
        messages = [self.message_of(mailbox, i) for i in body.get("ids") or []]
        for label in (body.get("addLabelIds") or []) + (body.get("removeLabelIds") or []):
            if label not in mailbox.labels:
                raise invalid("Invalid label: %s" % label)
        for message in messages:
            mailbox.change_labels(message, body.get("addLabelIds") or [], body.get("removeLabelIds") or [])
        return 204, None

    def messages_batch_delete(self, mailbox, request):
        body, _ = self.json_body(request)
        for message_id in body.get("ids") or []:
            message = mailbox.messages.get(message_id)
            if message:
                mailbox.delete(message)
        return 204, None

    def message_trash(self, mailbox, request, message_id):
        message = self.message_of(mailbox, message_id)
        mailbox.change_labels(message, ["TRASH"], [])
        return 200, message.with_labels()

    def message_untrash(self, mailbox, request, message_id):
        message = self.message_of(mailbox, message_id)
        mailbox.change_labels(message, [], ["TRASH"])
        return 200, message.with_labels()

    def message_delete(self, mailbox, request, message_id):
        mailbox.delete(self.message_of(mailbox, message_id))
        return 204, None

    def attachment_get(self, mailbox, request, message_id, attachment_id):
        message = self.message_of(mailbox, message_id)
        data = message.attachments.get(attachment_id)
        if data is None:
            raise invalid("Invalid attachment token")
        return 200, {"attachmentId": attachment_id, "size": len(data), "data": b64url(data)}

    # threads
    def thread_of(self, mailbox, thread_id):
        if not re.fullmatch(r"[0-9a-fA-F]{1,24}", thread_id):
            raise invalid("Invalid id value")
        messages = mailbox.thread(thread_id.lower())
        if not messages:
            raise not_found()
        return messages

    def threads_list(self, mailbox, request):
        found, seen = [], set()
        for message in self.listed(mailbox, request):
            if message.thread_id not in seen:
                seen.add(message.thread_id)
                found.append(message.thread_id)
        chunk, following = page(found, request["query"])
        answer = {}
        if chunk:
            answer["threads"] = []
            for thread_id in chunk:
                messages = mailbox.thread(thread_id)
                answer["threads"].append({"id": thread_id, "snippet": messages[-1].snippet,
                                          "historyId": str(max(m.history_id for m in messages))})
        if following:
            answer["nextPageToken"] = following
        answer["resultSizeEstimate"] = len(found)
        return 200, answer

    def thread_get(self, mailbox, request, thread_id):
        messages = self.thread_of(mailbox, thread_id)
        fmt = self.format_of(request, ("full", "metadata", "minimal"))
        return 200, {"id": messages[0].thread_id, "historyId": str(max(m.history_id for m in messages)),
                     "messages": [m.resource(fmt, request["query"].get("metadataHeaders")) for m in messages]}

    def thread_labels(self, mailbox, request, thread_id, add, remove):
        messages = self.thread_of(mailbox, thread_id)
        for message in messages:
            mailbox.change_labels(message, add, remove)
        return 200, {"id": messages[0].thread_id, "historyId": str(mailbox.history_id),
                     "messages": [m.with_labels() for m in messages]}

    def thread_modify(self, mailbox, request, thread_id):
        body, _ = self.json_body(request)
        return self.thread_labels(mailbox, request, thread_id, body.get("addLabelIds") or [], body.get("removeLabelIds") or [])

    def thread_trash(self, mailbox, request, thread_id):
        return self.thread_labels(mailbox, request, thread_id, ["TRASH"], [])

    def thread_untrash(self, mailbox, request, thread_id):
        return self.thread_labels(mailbox, request, thread_id, [], ["TRASH"])

    def thread_delete(self, mailbox, request, thread_id):
        for message in self.thread_of(mailbox, thread_id):
            mailbox.delete(message)
        return 204, None

    # drafts
    @staticmethod
    def draft_of(mailbox, draft_id):
        message_id = mailbox.drafts.get(draft_id)
        if not message_id or message_id not in mailbox.messages:
            raise not_found()
        return mailbox.messages[message_id]

    @staticmethod
    def draft_resource(draft_id, message, fmt=None):
        value = message.resource(fmt) if fmt else {"id": message.id, "threadId": message.thread_id, "labelIds": list(message.labels)}
        return {"id": draft_id, "message": value}

    def drafts_list(self, mailbox, request):
        q = self.one(request, "q", "") or ""
        found = []
        for draft_id, message_id in mailbox.drafts.items():
            message = mailbox.messages.get(message_id)
            if message and matches(mailbox, message, q):
                found.append((draft_id, message))
        found.sort(key=lambda d: d[1].internal_date, reverse=True)
        chunk, following = page(found, request["query"])
        answer = {}
        if chunk:
            answer["drafts"] = [{"id": d, "message": m.short()} for d, m in chunk]
        if following:
            answer["nextPageToken"] = following
        answer["resultSizeEstimate"] = len(found)
        return 200, answer

    def new_draft_message(self, mailbox, meta, media):
        message = meta.get("message") if isinstance(meta.get("message"), dict) else {}
        raw = self.raw_of(message, media)
        return mailbox.add(ensure_message_id(raw, "mail.gmail.com"), ["DRAFT"], message.get("threadId"), sending=True)

    def draft_create(self, mailbox, request):
        meta, media = self.json_body(request)
        message = self.new_draft_message(mailbox, meta, media)
        draft_id = "r" + str(secrets.randbelow(9 * 10 ** 18) + 10 ** 18)
        mailbox.drafts[draft_id] = message.id
        return 200, self.draft_resource(draft_id, message)

    def draft_get(self, mailbox, request, draft_id):
        return 200, self.draft_resource(draft_id, self.draft_of(mailbox, draft_id), self.format_of(request))

    def draft_update(self, mailbox, request, draft_id):
        old = self.draft_of(mailbox, draft_id)
        meta, media = self.json_body(request)
        message = self.new_draft_message(mailbox, meta, media)
        mailbox.drafts[draft_id] = message.id
        mailbox.delete(old)
        mailbox.drafts[draft_id] = message.id
        return 200, self.draft_resource(draft_id, message)

    def draft_delete(self, mailbox, request, draft_id):
        mailbox.delete(self.draft_of(mailbox, draft_id))
        mailbox.drafts.pop(draft_id, None)
        return 204, None

    def draft_send(self, mailbox, request):
        meta, media = self.json_body(request)
        draft_id = meta.get("id") or ""
        if not draft_id:
            raise invalid("Invalid draft")
        draft = self.draft_of(mailbox, draft_id)
        raw = draft.raw
        if media or (isinstance(meta.get("message"), dict) and meta["message"].get("raw")):
            raw = self.raw_of(meta.get("message") or {}, media)
        parsed = parse(raw)
        if not [a for _, a in getaddresses([header(parsed, n) for n in ("To", "Cc", "Bcc")]) if a]:
            raise invalid("Recipient address required")
        mailbox.delete(draft)
        mailbox.drafts.pop(draft_id, None)
        thread_id = draft.thread_id if draft.thread_id != draft.id else None
        sent = self.send_raw(mailbox, raw, thread_id if thread_id and mailbox.thread(thread_id) else None)
        return 200, sent.with_labels()

    # labels
    def label_of(self, mailbox, label_id):
        label = mailbox.labels.get(label_id)
        if not label:
            raise not_found()
        return label

    def labels_list(self, mailbox, request):
        return 200, {"labels": [dict(label) for label in mailbox.labels.values()]}

    def label_get(self, mailbox, request, label_id):
        label = dict(self.label_of(mailbox, label_id))
        carrying = [m for m in mailbox.messages.values() if label_id in m.labels]
        threads = {m.thread_id for m in carrying}
        unread = [m for m in carrying if "UNREAD" in m.labels]
        label.update({"messagesTotal": len(carrying), "messagesUnread": len(unread), "threadsTotal": len(threads),
                      "threadsUnread": len({m.thread_id for m in unread})})
        return 200, label

    def check_name(self, mailbox, name, own_id=None):
        if not isinstance(name, str) or not name.strip():
            raise invalid("Invalid label name")
        for label in mailbox.labels.values():
            if label["id"] != own_id and label["name"].lower() == name.strip().lower():
                raise Fail(409, "aborted", "Label name exists or conflicts")

    @staticmethod
    def label_fields(label, body):
        for key in ("labelListVisibility", "messageListVisibility", "color"):
            if key in body and body[key] is not None:
                label[key] = body[key]
        if "name" in body and body["name"] is not None:
            label["name"] = body["name"].strip()

    def label_create(self, mailbox, request):
        body, _ = self.json_body(request)
        self.check_name(mailbox, body.get("name"))
        label = {"id": "Label_%d" % mailbox.next_label, "name": "", "messageListVisibility": "show", "labelListVisibility": "labelShow", "type": "user"}
        mailbox.next_label += 1
        self.label_fields(label, body)
        mailbox.labels[label["id"]] = label
        return 200, dict(label)

    def label_patch(self, mailbox, request, label_id, replace=False):
        label = self.label_of(mailbox, label_id)
        body, _ = self.json_body(request)
        if label["type"] == "system":
            raise invalid("Invalid label update for system label: %s" % label_id)
        if replace and not body.get("name"):
            raise invalid("Invalid label name")
        if body.get("name") is not None:
            self.check_name(mailbox, body["name"], label_id)
        if replace:
            for key in ("labelListVisibility", "messageListVisibility", "color"):
                label.pop(key, None)
        self.label_fields(label, body)
        return 200, dict(label)

    def label_update(self, mailbox, request, label_id):
        return self.label_patch(mailbox, request, label_id, replace=True)

    def label_delete(self, mailbox, request, label_id):
        label = self.label_of(mailbox, label_id)
        if label["type"] == "system":
            raise invalid("Invalid delete request")
        for message in mailbox.messages.values():
            if label_id in message.labels:
                mailbox.change_labels(message, [], [label_id])
        del mailbox.labels[label_id]
        return 204, None

    # history
    def history_list(self, mailbox, request):
        start = self.one(request, "startHistoryId")
        if start is None or start == "":
            raise invalid("Missing startHistoryId")
        try:
            start = int(start)
        except ValueError:
            raise invalid("Invalid startHistoryId")
        if start < mailbox.oldest_history():
            raise not_found()
        label_id = self.one(request, "labelId")
        types = set()
        for value in request["query"].get("historyTypes", []):
            if value not in ("messageAdded", "messageDeleted", "labelAdded", "labelRemoved"):
                raise invalid("Invalid value at 'history_types'")
            types.add({"messageAdded": "messagesAdded", "messageDeleted": "messagesDeleted",
                       "labelAdded": "labelsAdded", "labelRemoved": "labelsRemoved"}[value])
        records = []
        for record in mailbox.records:
            if record["id"] <= start or (types and record["kind"] not in types):
                continue
            if label_id and label_id not in record["labels_now"] and label_id not in record["item"].get("labelIds", []):
                continue
            records.append({"id": str(record["id"]), "messages": [record["message"]], record["kind"]: [record["item"]]})
        chunk, following = page(records, request["query"])
        answer = {}
        if chunk:
            answer["history"] = chunk
        if following:
            answer["nextPageToken"] = following
        answer["historyId"] = str(mailbox.history_id)
        return 200, answer


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hangs up mid-answer is expected, not worth a traceback.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    ROOT[0] = "http://127.0.0.1:%d" % server.server_address[1]
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
