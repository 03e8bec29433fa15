#!/usr/bin/env python3
"""Proves the Google double's Calendar v3 (calendar_v3.py) answers as Google does: google-api-python-client's Calendar
v3, built from the discovery document it ships, with google-auth credentials (refreshed at the double's token
endpoint), drives every method the google-calendar node uses, their paging and sync tokens, and their errors.
urllib is used only for the double's control API. Exits non-zero on the first disagreement.
Usage: prove_calendar_double.py http://127.0.0.1:PORT
"""
import json
import secrets
import sys
import urllib.request
from datetime import datetime, timedelta, timezone

import google.auth.transport.requests
import google_auth_httplib2
import httplib2
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

ROOT = sys.argv[1].rstrip("/")
RUN = secrets.token_hex(4)
CLIENT_ID = "calendar-prove-%s.apps.googleusercontent.com" % RUN
SECRET = "GOCSPX-" + RUN
USER = "grace-%s@example.com" % RUN
FULL = "https://www.googleapis.com/auth/calendar"
CHECKS = [0]


def check(condition, what):
    if not condition:
        raise SystemExit("The Google double's Calendar disagrees with Google's client: " + what)
    CHECKS[0] += 1


def control(path, body):
    request = urllib.request.Request(ROOT + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def calendar_with(scope):
    tokens = control("/_double/tokens", {"client_id": CLIENT_ID, "email": USER, "scope": scope})
    creds = Credentials(token=None, refresh_token=tokens["refresh_token"], token_uri=ROOT + "/token", client_id=CLIENT_ID, client_secret=SECRET)
    creds.refresh(google.auth.transport.requests.Request())
    http = google_auth_httplib2.AuthorizedHttp(creds, http=httplib2.Http(timeout=10))
    return build("calendar", "v3", http=http, client_options={"api_endpoint": ROOT + "/calendar/v3/"}, static_discovery=True, cache_discovery=False)


def http_error(call, status, reason):
    try:
        call.execute(num_retries=0)
    except HttpError as error:
        reasons = [d.get("reason") for d in error.error_details or [] if isinstance(d, dict)]
        check(error.status_code == status and reason in reasons, "expected %d %s, got %d %r" % (status, reason, error.status_code, error.error_details))
        return error
    raise SystemExit("expected HTTP %d %s, got an answer" % (status, reason))


def every(resource, request):
    """Every item across pages, through the client's own list_next, and the last page (with nextSyncToken)."""
    items, pages = [], 0
    while request is not None:
        page = request.execute()
        items += page.get("items", [])
        pages += 1
        last, request = page, resource.list_next(request, page)
    return items, pages, last


def at(days, hour):
    moment = datetime(2026, 12, 7, tzinfo=timezone.utc) + timedelta(days=days, hours=hour)
    return {"dateTime": moment.isoformat().replace("+00:00", "Z")}


def main():
    control("/_double/clients", {"client_id": CLIENT_ID, "client_secret": SECRET, "redirect_uris": ["http://127.0.0.1:1/cb"]})
    control("/_double/users", {"email": USER, "name": "Grace Prover"})
    api = calendar_with(FULL)

    primary = api.calendars().get(calendarId="primary").execute()
    check(primary["id"] == USER and primary["kind"] == "calendar#calendar", "calendars.get primary: %r" % primary)
    second = api.calendars().insert(body={"summary": "Team"}).execute()
    check(second["id"].endswith("@group.calendar.google.com"), "calendars.insert")
    entries, pages, last = every(api.calendarList(), api.calendarList().list(maxResults=1))
    check(pages == 2 and {e["id"] for e in entries} == {USER, second["id"]} and "nextSyncToken" in last, "calendarList paging")
    check(api.calendarList().get(calendarId="primary").execute().get("primary") is True, "calendarList.get primary")

    events = api.events()
    made = [events.insert(calendarId="primary", body={"summary": "Review %d" % n, "start": at(n, 9), "end": at(n, 10)}).execute() for n in range(5)]
    check(all(e["status"] == "confirmed" and e["iCalUID"] == e["id"] + "@google.com" for e in made), "events.insert")
    weekly = events.insert(calendarId="primary", body={
        "summary": "Standup", "start": at(0, 8), "end": at(0, 8.25), "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=3"]}).execute()
    items, pages, last = every(events, events.list(calendarId="primary", maxResults=2))
    check(len(items) == 6 and pages == 3 and "nextSyncToken" in last and "nextPageToken" not in last, "events.list paging: %d items in %d pages" % (len(items), pages))
    single, _, _ = every(events, events.list(calendarId="primary", singleEvents=True, orderBy="startTime",
                                             timeMin="2026-12-07T00:00:00Z", timeMax="2026-12-15T00:00:00Z"))
    standups = [e for e in single if e.get("recurringEventId") == weekly["id"]]
    check(len(standups) == 2 and len(single) == 7, "singleEvents expands the weekly event within the window (%d)" % len(single))
    check([e["start"]["dateTime"] for e in single] == sorted(e["start"]["dateTime"] for e in single), "orderBy startTime")
    http_error(events.list(calendarId="primary", orderBy="startTime"), 400, "invalid")
    found = events.list(calendarId="primary", q="review 3").execute()["items"]
    check([e["id"] for e in found] == [made[3]["id"]], "q finds by words")

    token = last["nextSyncToken"]
    patched = events.patch(calendarId="primary", eventId=made[0]["id"], body={"location": "Room 1"}).execute()
    check(patched["location"] == "Room 1" and patched["summary"] == "Review 0", "events.patch keeps the rest")
    updated = events.update(calendarId="primary", eventId=made[1]["id"], body={"summary": "Moved review", "start": at(1, 11), "end": at(1, 12)}).execute()
    check(updated["sequence"] == 1 and "location" not in updated, "events.update replaces and counts the sequence")
    events.delete(calendarId="primary", eventId=made[2]["id"]).execute()
    http_error(events.delete(calendarId="primary", eventId=made[2]["id"]), 410, "deleted")
    changed, _, after = every(events, events.list(calendarId="primary", syncToken=token))
    statuses = {e["id"]: e["status"] for e in changed}
    check(statuses == {made[0]["id"]: "confirmed", made[1]["id"]: "confirmed", made[2]["id"]: "cancelled"}, "an incremental sync: %r" % statuses)
    check(after["nextSyncToken"] != token, "a new sync token")
    http_error(events.list(calendarId="primary", syncToken=token, timeMin="2026-12-01T00:00:00Z"), 400, "invalid")

    moved = events.move(calendarId="primary", eventId=made[4]["id"], destination=second["id"]).execute()
    check(moved["organizer"]["email"] == second["id"], "events.move")
    check(events.get(calendarId=second["id"], eventId=made[4]["id"]).execute()["summary"] == "Review 4", "events.get in the destination")
    quick = events.quickAdd(calendarId="primary", text="Lunch with Ann 2026-12-09 12:30pm-1:30pm").execute()
    check(quick["summary"] == "Lunch with Ann" and quick["start"]["dateTime"] == "2026-12-09T12:30:00Z"
          and quick["end"]["dateTime"] == "2026-12-09T13:30:00Z", "events.quickAdd: %r" % quick)
    busy = api.freebusy().query(body={"timeMin": "2026-12-07T00:00:00Z", "timeMax": "2026-12-08T00:00:00Z",
                                      "items": [{"id": "primary"}, {"id": "nobody@example.com"}]}).execute()
    check(busy["calendars"]["primary"]["busy"] == [{"start": "2026-12-07T08:00:00Z", "end": "2026-12-07T08:15:00Z"},
                                                  {"start": "2026-12-07T09:00:00Z", "end": "2026-12-07T10:00:00Z"}], "freebusy: %r" % busy)
    check(busy["calendars"]["nobody@example.com"]["errors"][0]["reason"] == "notFound", "freebusy of an unknown calendar")

    control("/_double/calendar/expire-sync", {"email": USER})
    http_error(events.list(calendarId="primary", syncToken=after["nextSyncToken"]), 410, "fullSyncRequired")
    http_error(events.get(calendarId="primary", eventId="nosuchevent1"), 404, "notFound")
    http_error(events.insert(calendarId="primary", body={"summary": "Backwards", "start": at(0, 10), "end": at(0, 9)}), 400, "timeRangeEmpty")
    http_error(calendar_with(FULL + ".readonly").events().insert(calendarId="primary", body={"start": at(0, 1), "end": at(0, 2)}), 403, "insufficientPermissions")
    control("/_double/faults", {"email": USER, "path_contains": "/calendar/v3/", "status": 403, "reason": "rateLimitExceeded", "message": "Rate Limit Exceeded"})
    http_error(api.calendarList().list(), 403, "rateLimitExceeded")
    print("The Google double's Calendar v3 agrees with google-api-python-client (%d checks)." % CHECKS[0])


if __name__ == "__main__":
    main()
