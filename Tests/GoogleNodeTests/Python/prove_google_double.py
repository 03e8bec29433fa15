#!/usr/bin/env python3
"""Proves the Google double (google_double.py) answers as Google does: Google's official Python clients
(google-auth-oauthlib's Flow, google-auth's Credentials, google-api-python-client's Gmail v1 from its bundled
discovery document) sign in, refresh and use every Gmail method the Gmail node's tests rely on. urllib is used only
for the double's control API and to play the user's click on the consent page. Exits non-zero on the first
disagreement. Usage: prove_google_double.py http://127.0.0.1:PORT
"""
import base64
import json
import os
import re
import secrets
import sys
import urllib.error
import urllib.parse
import urllib.request
from email.message import EmailMessage
from html.parser import HTMLParser

os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"
os.environ["OAUTHLIB_RELAX_TOKEN_SCOPE"] = "1"

import google.auth.transport.requests  # noqa: E402
import google_auth_httplib2  # noqa: E402
import httplib2  # noqa: E402
from google.auth.exceptions import RefreshError  # noqa: E402
from google.oauth2.credentials import Credentials  # noqa: E402
from google_auth_oauthlib.flow import Flow  # noqa: E402
from googleapiclient.discovery import build, build_from_document  # noqa: E402
from googleapiclient.discovery_cache import get_static_doc as discovery_document  # noqa: E402
from googleapiclient.errors import HttpError  # noqa: E402
from googleapiclient.http import MediaInMemoryUpload  # noqa: E402
from oauthlib.oauth2.rfc6749.errors import InvalidGrantError, OAuth2Error  # noqa: E402

ROOT = sys.argv[1].rstrip("/")
RUN = secrets.token_hex(4)
CLIENT_ID = "prove-%s.apps.googleusercontent.com" % RUN
SECRET = "GOCSPX-" + RUN
REDIRECT = "http://127.0.0.1:1/callback"
ALICE = "alice-%s@example.com" % RUN
CHECKS = [0]


def check(condition, what):
    if not condition:
        raise SystemExit("The Google double disagrees with Google's clients: " + what)
    CHECKS[0] += 1


def http_error(call, status, what, reason=None):
    try:
        call()
    except HttpError as error:
        check(error.status_code == status, "%s: expected HTTP %d, got %d (%s)" % (what, status, error.status_code, error.reason))
        if reason:
            reasons = [d.get("reason") for d in error.error_details or [] if isinstance(d, dict)]
            check(reason in reasons, "%s: expected reason %s, got %r" % (what, reason, error.error_details))
        return error
    raise SystemExit("%s: expected HttpError %d, got an answer" % (what, status))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, data=None, headers=None, method=None):
    """(status, headers, body) without following redirects."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def control(path, body):
    status, _, answer = fetch(ROOT + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    if status // 100 != 2:
        raise SystemExit("The double's control API refused %s (HTTP %d): %s" % (path, status, answer[:300]))
    return json.loads(answer or b"{}")


class Form(HTMLParser):
    """The consent page's hidden inputs and account choices."""

    def __init__(self):
        super().__init__()
        self.hidden, self.accounts, self.buttons, self.action = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs.get("action")
        elif tag == "input" and attrs.get("type") == "hidden":
            self.hidden.append((attrs["name"], attrs.get("value", "")))
        elif tag == "option":
            self.accounts.append(attrs.get("value"))
        elif tag == "button":
            self.buttons.append((attrs.get("id"), attrs.get("name"), attrs.get("value")))


def consent(url, who, decision="allow"):
    status, _, page = fetch(url)
    check(status == 200, "the consent page answers 200 (got %d: %s)" % (status, page[:200]))
    text = page.decode()
    check("<title>Sign in - Google Double</title>" in text and CLIENT_ID in text, "the consent page names itself and the client")
    form = Form()
    form.feed(text)
    check(form.action == "/o/oauth2/v2/auth/approve" and who in form.accounts, "the consent form posts to approve and offers the user")
    check(("allow", "decision", "allow") in form.buttons and ("deny", "decision", "deny") in form.buttons, "Allow and Deny buttons")
    body = urllib.parse.urlencode(form.hidden + [("email", who), ("decision", decision)]).encode()
    status, headers, _ = fetch(ROOT + form.action, body, {"Content-Type": "application/x-www-form-urlencoded"})
    check(status == 302 and headers.get("Location"), "the approval redirects (got %d)" % status)
    return headers["Location"]


def new_flow(scopes, redirect=REDIRECT):
    config = {"web": {"client_id": CLIENT_ID, "client_secret": SECRET, "auth_uri": ROOT + "/o/oauth2/v2/auth",
                      "token_uri": ROOT + "/token", "redirect_uris": [REDIRECT]}}
    return Flow.from_client_config(config, scopes=scopes, redirect_uri=redirect, autogenerate_code_verifier=True)


def jwt_payload(token):
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def prove_oauth():
    control("/_double/clients", {"client_id": CLIENT_ID, "client_secret": SECRET, "redirect_uris": [REDIRECT]})
    first = control("/_double/users", {"email": ALICE, "name": "Alice Prover"})
    check(first["historyId"].isdigit(), "a new user has a history id")
    scopes = ["openid", "https://www.googleapis.com/auth/userinfo.email", "https://mail.google.com/"]

    flow = new_flow(scopes)
    url, state = flow.authorization_url(access_type="offline", prompt="consent", login_hint=ALICE)
    location = consent(url, ALICE)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
    check(location.startswith(REDIRECT + "?") and query["state"] == [state] and "code" in query, "the redirect carries code and state")
    code = query["code"][0]
    token = flow.fetch_token(code=code)
    check(token["token_type"] == "Bearer" and token["refresh_token"] and token["expires_in"] > 3000, "the token answer")
    claims = jwt_payload(token["id_token"])
    check(claims["email"] == ALICE and claims["aud"] == CLIENT_ID and claims["iss"] == ROOT and claims["email_verified"], "the id_token claims")
    session = flow.authorized_session()
    info = session.get(ROOT + "/oauth2/v3/userinfo").json()
    check(info["email"] == ALICE and info["name"] == "Alice Prover", "userinfo with the flow's session")

    replay = new_flow(scopes)
    replay.code_verifier = flow.code_verifier
    try:
        replay.fetch_token(code=code)
        raise SystemExit("a replayed authorization code was accepted")
    except InvalidGrantError:
        check(True, "a replayed code is invalid_grant")
    try:
        session.get(ROOT + "/oauth2/v3/userinfo")
        raise SystemExit("a replayed code left the tokens issued from it working")
    except RefreshError as error:
        check("invalid_grant" in str(error), "a replayed code revokes the access and refresh tokens issued from it")

    wrong = new_flow(scopes)
    url, _ = wrong.authorization_url(access_type="offline", prompt="consent")
    code = urllib.parse.parse_qs(urllib.parse.urlparse(consent(url, ALICE)).query)["code"][0]
    wrong.code_verifier = "x" * 50
    try:
        wrong.fetch_token(code=code)
        raise SystemExit("a wrong code verifier was accepted")
    except InvalidGrantError as error:
        check("code verifier" in (error.description or ""), "a wrong verifier is invalid_grant (%s)" % error.description)

    stray = new_flow(scopes, redirect="http://127.0.0.1:1/elsewhere")
    url, _ = stray.authorization_url()
    status, headers, page = fetch(url)
    check(status == 400 and not headers.get("Location") and b"Error 400: redirect_uri_mismatch" in page, "an unregistered redirect_uri gets a page")

    status, headers, page = fetch(ROOT + "/o/oauth2/v2/auth?" + urllib.parse.urlencode(
        {"client_id": "nobody", "redirect_uri": REDIRECT, "response_type": "code", "scope": "openid"}))
    check(status == 400 and not headers.get("Location") and b"Error 401: invalid_client" in page, "an unknown client gets a page")
    plain = new_flow(scopes)
    url, state = plain.authorization_url()
    status, headers, _ = fetch(re.sub(r"&code_challenge_method=S256", "&code_challenge_method=plain", url))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(headers.get("Location") or "").query)
    check(status == 302 and query.get("error") == ["invalid_request"] and query.get("state") == [state], "PKCE other than S256 redirects with invalid_request")

    denied = new_flow(scopes)
    url, state = denied.authorization_url()
    query = urllib.parse.parse_qs(urllib.parse.urlparse(consent(url, ALICE, "deny")).query)
    check(query.get("error") == ["access_denied"] and query.get("state") == [state], "Deny redirects with access_denied")

    fresh = new_flow(scopes)
    url, _ = fresh.authorization_url(access_type="offline", prompt="consent")
    code = urllib.parse.parse_qs(urllib.parse.urlparse(consent(url, ALICE)).query)["code"][0]
    other = new_flow(scopes, redirect="http://127.0.0.1:1/elsewhere")
    other.code_verifier = fresh.code_verifier
    try:
        other.fetch_token(code=code)
        raise SystemExit("a mismatched redirect_uri was accepted at /token")
    except OAuth2Error as error:
        check(error.error == "redirect_uri_mismatch", "a mismatched redirect_uri at /token (%s)" % error.error)
    refresh_token = fresh.fetch_token(code=code)["refresh_token"]

    creds = Credentials(token=None, refresh_token=refresh_token, token_uri=ROOT + "/token", client_id=CLIENT_ID, client_secret=SECRET)
    creds.refresh(google.auth.transport.requests.Request())
    check(creds.valid and creds.token.startswith("ya29."), "google-auth refreshes the token")
    bad = Credentials(token=None, refresh_token=refresh_token, token_uri=ROOT + "/token", client_id=CLIENT_ID, client_secret="wrong")
    try:
        bad.refresh(google.auth.transport.requests.Request())
        raise SystemExit("a wrong client secret was accepted")
    except RefreshError as error:
        check("invalid_client" in str(error), "a wrong client secret is invalid_client (%s)" % error)
    return creds


def gmail_with(creds, refresh=True):
    http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http(timeout=10))
    if not refresh:
        http._refresh_status_codes = ()
    return build("gmail", "v1", http=http, client_options={"api_endpoint": ROOT}, static_discovery=True, cache_discovery=False)


def mime(subject, text, to="bob@example.com", **headers):
    message = EmailMessage()
    message["From"] = ALICE
    message["To"] = to
    message["Subject"] = subject
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(text)
    return message


def raw_of(message):
    return base64.urlsafe_b64encode(message.as_bytes()).decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def prove_gmail(creds):
    gmail = build("gmail", "v1", credentials=creds, client_options={"api_endpoint": ROOT}, static_discovery=True, cache_discovery=False)
    users = gmail.users()
    profile = users.getProfile(userId="me").execute()
    check(profile["emailAddress"] == ALICE and profile["messagesTotal"] == 0 and profile["historyId"].isdigit(), "getProfile")

    # send, with an attachment and a Bcc
    attachment = bytes(range(256)) * 3
    message = mime("Quarterly report", "Numbers attached.", Bcc="secret@example.com")
    message.add_attachment(attachment, maintype="application", subtype="octet-stream", filename="report.bin")
    sent = users.messages().send(userId="me", body={"raw": raw_of(message)}).execute()
    check(sent["labelIds"] == ["SENT"] and sent["id"] == sent["threadId"], "messages.send answers the new message with SENT")
    stored = urllib.request.urlopen(ROOT + "/_double/users/%s/messages/%s/raw" % (ALICE, sent["id"])).read()
    check(b"Bcc:" not in stored and b"Quarterly report" in stored, "the stored message has no Bcc header")

    full = users.messages().get(userId="me", id=sent["id"]).execute()
    payload = full["payload"]
    check(payload["mimeType"] == "multipart/mixed" and full["snippet"] == "Numbers attached.", "format=full payload and snippet")
    check({"name": "Subject", "value": "Quarterly report"} in payload["headers"], "format=full headers")
    text_part, file_part = payload["parts"]
    check(unb64(text_part["body"]["data"]).decode().strip() == "Numbers attached." and text_part["partId"] == "0", "the text part's data")
    check(file_part["filename"] == "report.bin" and "attachmentId" in file_part["body"] and "data" not in file_part["body"], "the attachment part")
    got = users.messages().attachments().get(userId="me", messageId=sent["id"], id=file_part["body"]["attachmentId"]).execute()
    check(unb64(got["data"]) == attachment and got["size"] == len(attachment), "attachments.get bytes")
    meta = users.messages().get(userId="me", id=sent["id"], format="metadata", metadataHeaders=["Subject", "To"]).execute()
    check(sorted(h["name"] for h in meta["payload"]["headers"]) == ["Subject", "To"] and "parts" not in meta["payload"], "format=metadata")
    minimal = users.messages().get(userId="me", id=sent["id"], format="minimal").execute()
    check("payload" not in minimal and minimal["labelIds"] == ["SENT"] and minimal["internalDate"].isdigit(), "format=minimal")
    raw = users.messages().get(userId="me", id=sent["id"], format="raw").execute()
    check(unb64(raw["raw"]) == stored, "format=raw is the stored message")
    http_error(lambda: users.messages().get(userId="me", id="not-an-id!").execute(), 400, "a malformed id")
    http_error(lambda: users.messages().get(userId="me", id="abc123").execute(), 404, "an unknown id", "notFound")

    # deliveries, search and paging
    for index in range(3):
        incoming = mime("Invoice %d" % index, "Please pay invoice %d." % index, to=ALICE)
        incoming.replace_header("From", "billing@vendor.example")
        control("/_double/users/%s/deliver" % ALICE, {"raw": raw_of(incoming)})
    listed = users.messages().list(userId="me", q="from:billing@vendor.example is:unread").execute()
    check(len(listed["messages"]) == 3 and listed["resultSizeEstimate"] == 3, "list with q")
    first = users.messages().list(userId="me", labelIds=["INBOX"], maxResults=1).execute()
    second = users.messages().list(userId="me", labelIds=["INBOX"], maxResults=1, pageToken=first["nextPageToken"]).execute()
    check(first["messages"][0]["id"] != second["messages"][0]["id"], "paging with maxResults and pageToken")
    newest = users.messages().get(userId="me", id=first["messages"][0]["id"], format="metadata").execute()
    check(any(h["value"] == "Invoice 2" for h in newest["payload"]["headers"]), "list is newest first")
    check("messages" not in users.messages().list(userId="me", q="subject:nothing-like-this").execute(), "an empty list has no messages")
    check(len(users.messages().list(userId="me", q="has:attachment").execute()["messages"]) == 1, "has:attachment")

    # labels and modify
    labels = users.labels().list(userId="me").execute()["labels"]
    check({"INBOX", "SENT", "TRASH", "UNREAD", "STARRED"} <= {l["id"] for l in labels}, "labels.list has the system labels")
    label = users.labels().create(userId="me", body={"name": "Receipts", "labelListVisibility": "labelShow",
                                                     "messageListVisibility": "show"}).execute()
    check(label["id"].startswith("Label_") and label["type"] == "user", "labels.create")
    http_error(lambda: users.labels().create(userId="me", body={"name": "receipts"}).execute(), 409, "a duplicate label")
    target = first["messages"][0]["id"]
    modified = users.messages().modify(userId="me", id=target, body={"addLabelIds": [label["id"], "STARRED"],
                                                                    "removeLabelIds": ["UNREAD"]}).execute()
    check(set(modified["labelIds"]) == {"INBOX", label["id"], "STARRED"}, "messages.modify")
    check(users.messages().list(userId="me", q="label:receipts is:starred").execute()["messages"][0]["id"] == target, "label: search")
    http_error(lambda: users.messages().modify(userId="me", id=target, body={"addLabelIds": ["Label_999"]}).execute(), 400,
               "an unknown label", "invalidArgument")
    check("TRASH" in users.messages().trash(userId="me", id=target).execute()["labelIds"], "messages.trash")
    check(target not in [m["id"] for m in users.messages().list(userId="me").execute()["messages"]], "trash leaves the list")
    check("TRASH" not in users.messages().untrash(userId="me", id=target).execute()["labelIds"], "messages.untrash")
    doomed = second["messages"][0]["id"]
    check(users.messages().delete(userId="me", id=doomed).execute() == "", "messages.delete")
    http_error(lambda: users.messages().get(userId="me", id=doomed).execute(), 404, "a deleted message")

    # threading
    original = full["payload"]["headers"]
    message_id = next(h["value"] for h in original if h["name"].lower() == "message-id")
    reply = mime("Re: Quarterly report", "Thanks!", In_Reply_To=message_id, References=message_id)
    joined = users.messages().send(userId="me", body={"raw": raw_of(reply), "threadId": sent["threadId"]}).execute()
    check(joined["threadId"] == sent["threadId"], "a reply with threadId and References joins the thread")
    alone = users.messages().send(userId="me", body={"raw": raw_of(mime("Re: Quarterly report", "Again")),
                                                     "threadId": sent["threadId"]}).execute()
    check(alone["threadId"] == alone["id"], "a reply without References starts a new thread")
    http_error(lambda: users.messages().send(userId="me", body={"raw": raw_of(reply), "threadId": "abcdef0123"}).execute(), 404,
               "a reply into a missing thread")
    # Uploads: the client keeps the discovery document's https scheme for media URLs (it swaps only the host for
    # api_endpoint), so the upload client is built from the bundled document with its rootUrl set to the double.
    uploads = build_from_document(dict(json.loads(discovery_document("gmail", "v1")), rootUrl=ROOT + "/"), credentials=creds).users()
    upload = MediaInMemoryUpload(mime("Uploaded", "Via multipart upload").as_bytes(), mimetype="message/rfc822")
    uploaded = uploads.messages().send(userId="me", body={}, media_body=upload).execute()
    check(uploaded["labelIds"] == ["SENT"], "messages.send as a multipart upload")
    upload = MediaInMemoryUpload(mime("Uploaded", "Via media upload").as_bytes(), mimetype="message/rfc822")
    uploaded = uploads.messages().send(userId="me", media_body=upload).execute()
    check(users.messages().get(userId="me", id=uploaded["id"]).execute()["snippet"] == "Via media upload", "messages.send as a media upload")
    threads = users.threads().list(userId="me", q="subject:Quarterly").execute()
    check(sent["threadId"] in [t["id"] for t in threads["threads"]], "threads.list")
    thread = users.threads().get(userId="me", id=sent["threadId"]).execute()
    check([m["id"] for m in thread["messages"]] == [sent["id"], joined["id"]], "threads.get in order")
    thread = users.threads().get(userId="me", id=sent["threadId"], format="minimal").execute()
    check("payload" not in thread["messages"][0], "threads.get format=minimal")

    # drafts
    draft = users.drafts().create(userId="me", body={"message": {"raw": raw_of(mime("Draft", "Later"))}}).execute()
    check(draft["id"] and draft["message"]["labelIds"] == ["DRAFT"], "drafts.create")
    check([d["id"] for d in users.drafts().list(userId="me").execute()["drafts"]] == [draft["id"]], "drafts.list")
    check(users.drafts().get(userId="me", id=draft["id"]).execute()["message"]["snippet"] == "Later", "drafts.get")
    out = users.drafts().send(userId="me", body={"id": draft["id"]}).execute()
    check("SENT" in out["labelIds"] and "DRAFT" not in out["labelIds"], "drafts.send answers the sent message")
    http_error(lambda: users.drafts().get(userId="me", id=draft["id"]).execute(), 404, "a sent draft is gone")

    # history
    start = users.getProfile(userId="me").execute()["historyId"]
    delivered = control("/_double/users/%s/deliver" % ALICE, {"raw": raw_of(mime("News", "Fresh news", to=ALICE))})
    history = users.history().list(userId="me", startHistoryId=start).execute()
    added = [a["message"]["id"] for h in history["history"] for a in h.get("messagesAdded", [])]
    check(added == [delivered["id"]] and history["historyId"] == delivered["historyId"], "history.list after a deliver")
    check("history" not in users.history().list(userId="me", startHistoryId=start, labelId="SENT").execute(), "history labelId filter")
    check(len(users.history().list(userId="me", startHistoryId=start, labelId="INBOX", historyTypes=["messageAdded"]).execute()["history"]) == 1,
          "history labelId and historyTypes")
    http_error(lambda: users.history().list(userId="me", startHistoryId="1").execute(), 404, "an expired startHistoryId", "notFound")

    # faults, credentials and scopes
    control("/_double/faults", {"email": ALICE, "path_contains": "/messages", "status": 429, "reason": "rateLimitExceeded",
                                "message": "Rate Limit Exceeded", "retry_after": 1})
    error = http_error(lambda: users.messages().list(userId="me").execute(), 429, "an injected 429", "rateLimitExceeded")
    check(error.resp.get("retry-after") == "1" and error.reason == "Rate Limit Exceeded", "the fault's Retry-After and message")
    check("messages" in users.messages().list(userId="me").execute(), "a fault is spent after count requests")
    log = json.loads(urllib.request.urlopen(ROOT + "/_double/requests?email=" + urllib.parse.quote(ALICE)).read())
    check(any(r["path"] == "/gmail/v1/users/me/messages" and r["method"] == "GET" for r in log), "the request log")

    stale = gmail_with(Credentials(token="ya29.not-a-token"), refresh=False)
    http_error(lambda: stale.users().getProfile(userId="me").execute(), 401, "a bad token", "authError")
    tokens = control("/_double/tokens", {"client_id": CLIENT_ID, "email": ALICE, "scope": "https://www.googleapis.com/auth/gmail.readonly",
                                         "expires_in": 0})
    expired = Credentials(token=tokens["access_token"], refresh_token=tokens["refresh_token"], token_uri=ROOT + "/token",
                          client_id=CLIENT_ID, client_secret=SECRET)
    reader = gmail_with(expired)
    check(reader.users().getProfile(userId="me").execute()["emailAddress"] == ALICE, "an expired token is refreshed on 401")
    http_error(lambda: reader.users().messages().send(userId="me", body={"raw": raw_of(mime("No", "No"))}).execute(), 403,
               "a gmail.readonly token sending", "insufficientPermissions")
    urllib.request.urlopen(urllib.request.Request(ROOT + "/revoke?token=" + urllib.parse.quote(tokens["refresh_token"]), data=b"",
                                                  method="POST"))
    try:
        expired.refresh(google.auth.transport.requests.Request())
        raise SystemExit("a revoked refresh token still refreshed")
    except RefreshError as error:
        check("invalid_grant" in str(error), "a revoked refresh token is invalid_grant")


def main():
    creds = prove_oauth()
    prove_gmail(creds)
    print("google double: proven (%d checks)" % CHECKS[0])


if __name__ == "__main__":
    main()
