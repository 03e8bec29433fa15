"""The Calendar double's state: each user's calendars and their events, as Google Calendar keeps them. Every change
takes the next stamp; a sync token names the stamp it was issued at (and its calendar's generation, which
/_double/calendar/expire-sync moves on, so older tokens answer 410). Deleted events stay, cancelled, for syncs."""
import base64
import re
import secrets
from datetime import datetime, timedelta, timezone

from calendar_v3 import CalendarFail, bound, invalid, not_found, rfc3339

STAMP = [1]
ACCOUNTS = {}  # email (lower case) -> Account
READ_ONLY = {"kind", "etag", "id", "htmlLink", "created", "updated", "creator", "iCalUID", "recurringEventId", "hangoutLink", "sequence"}
RULE = re.compile(r"^(RRULE|EXRULE|RDATE|EXDATE)[;:]")
ID = re.compile(r"^[a-v0-9]{5,1024}$")


def next_stamp():
    STAMP[0] += 1
    return STAMP[0]


def new_id(length=26):
    return "".join(secrets.choice("abcdefghijklmnopqrstuv0123456789") for _ in range(length))


class Calendar:
    def __init__(self, calendar_id, summary, owner, primary=False, description=None, time_zone="UTC"):
        self.id, self.summary, self.owner, self.primary = calendar_id, summary, owner, primary
        self.description, self.time_zone = description, time_zone
        self.events = {}          # id -> event (stored shape, with "_stamp")
        self.generation = 1       # sync tokens of an older generation answer 410
        self.stamp = next_stamp()

    def resource(self):
        value = {"kind": "calendar#calendar", "etag": '"%d"' % self.stamp, "id": self.id, "summary": self.summary,
                 "timeZone": self.time_zone, "conferenceProperties": {"allowedConferenceSolutionTypes": ["hangoutsMeet"]}}
        if self.description:
            value["description"] = self.description
        return value

    def list_entry(self):
        value = dict(self.resource(), kind="calendar#calendarListEntry", accessRole="owner", colorId="14",
                     backgroundColor="#9fe1e7", foregroundColor="#000000", selected=True,
                     defaultReminders=[{"method": "popup", "minutes": 10}])
        value.pop("conferenceProperties")
        if self.primary:
            value["primary"] = True
        return value


class Account:
    def __init__(self, email):
        self.email = email
        self.calendars = {email: Calendar(email, email, email, primary=True)}
        self.page_cap = None  # set by /_double/calendar/page-size

    def calendar(self, calendar_id):
        found = self.calendars.get(self.email if calendar_id == "primary" else calendar_id)
        if not found:
            raise not_found()
        return found


def account(email):
    return ACCOUNTS.setdefault(email.lower(), Account(email))


def public(event):
    """An event as the API shows it; a deleted one shows only what Google guarantees (kind, etag, id, status)."""
    if event["status"] == "cancelled" and not event.get("recurringEventId"):
        return {"kind": "calendar#event", "etag": event["etag"], "id": event["id"], "status": "cancelled"}
    return {k: v for k, v in event.items() if not k.startswith("_")}


def check_times(event):
    start, end = bound(event.get("start"), "start"), bound(event.get("end"), "end")
    if ("date" in event["start"]) != ("date" in event["end"]):
        raise invalid("Start and end times must either both be date or both be dateTime.")
    if end < start:
        raise CalendarFail(400, "timeRangeEmpty", "The specified time range is empty.")
    for line in event.get("recurrence") or []:
        if not isinstance(line, str) or not RULE.match(line):
            raise invalid("Invalid recurrence rule.")
    for attendee in event.get("attendees") or []:
        if not isinstance(attendee, dict) or not attendee.get("email"):
            raise CalendarFail(400, "required", "Missing attendee email.")
        attendee.setdefault("responseStatus", "needsAction")
    return start, end


def touch(calendar, event):
    stamp = next_stamp()
    event["_stamp"] = stamp
    event["etag"] = '"%d"' % (stamp * 1000)
    event["updated"] = rfc3339(datetime.now(timezone.utc))


def insert(calendar, body):
    event_id = body.get("id") or new_id()
    if not ID.match(event_id):
        raise invalid("Invalid resource id value.")
    if event_id in calendar.events:
        raise CalendarFail(409, "duplicate", "The requested identifier already exists.")
    if body.get("status") == "cancelled":
        raise invalid("Invalid value for: status")
    event = {k: v for k, v in body.items() if k not in READ_ONLY}
    now = rfc3339(datetime.now(timezone.utc))
    link = base64.urlsafe_b64encode(("%s %s" % (event_id, calendar.id)).encode()).decode().rstrip("=")
    event.update({"kind": "calendar#event", "id": event_id, "status": body.get("status") or "confirmed", "created": now,
                  "htmlLink": "https://www.google.com/calendar/event?eid=" + link, "iCalUID": event_id + "@google.com",
                  "sequence": 0, "creator": {"email": calendar.owner, "self": True}})
    event.setdefault("organizer", {"email": calendar.id, "displayName": calendar.summary, "self": True})
    event.setdefault("reminders", {"useDefault": True})
    event.setdefault("eventType", "default")
    check_times(event)
    touch(calendar, event)
    calendar.events[event_id] = event
    return event


def live(calendar, event_id):
    event = calendar.events.get(event_id)
    if not event:
        raise not_found()
    if event["status"] == "cancelled":
        raise CalendarFail(410, "deleted", "Resource has been deleted")
    return event


def replace(calendar, event_id, body, merge):
    """update (merge False: every writable member replaced) and patch (merge True)."""
    event = live(calendar, event_id)
    if body.get("status") == "cancelled":
        raise invalid("Invalid value for: status")
    before = (event.get("start"), event.get("end"))
    changed = dict(event) if merge else {k: v for k, v in event.items() if k in READ_ONLY or k.startswith("_") or k in ("organizer", "status")}
    for key, value in body.items():
        if key in READ_ONLY:
            continue
        if value is None and merge:
            changed.pop(key, None)
        else:
            changed[key] = value
    check_times(changed)
    if (changed.get("start"), changed.get("end")) != before:
        changed["sequence"] = event.get("sequence", 0) + 1
    touch(calendar, changed)
    calendar.events[event_id] = changed
    return changed


def delete(calendar, event_id):
    event = live(calendar, event_id)
    event["status"] = "cancelled"
    touch(calendar, event)


def move(calendar, event_id, destination):
    if "_" in event_id:
        raise invalid("Cannot change the organizer of an instance.", "cannotChangeOrganizerOfInstance")
    event = live(calendar, event_id)
    if destination.id == calendar.id:
        return event
    if event_id in destination.events:
        raise CalendarFail(409, "duplicate", "The requested identifier already exists.")
    moved = dict(event, organizer={"email": destination.id, "displayName": destination.summary, "self": True})
    touch(destination, moved)
    destination.events[event_id] = moved
    stub = dict(event, status="cancelled")
    touch(calendar, stub)
    calendar.events[event_id] = stub
    return moved


MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


def quick_add(calendar, text):
    """What Google's parser makes of the common shapes: a date (2026-12-05, December 5, today, tomorrow), a time
    (10am, 14:30) or a range (10am-11:30am), and the rest as the title; an hour long by default, all day without a time."""
    if not text.strip():
        raise CalendarFail(400, "required", "Required parameter: text")
    rest, today = " " + text + " ", datetime.now(timezone.utc).date()
    day = None
    match = re.search(r"\s(?:on\s+)?(\d{4}-\d{2}-\d{2})\s", rest)
    if match:
        day = datetime.strptime(match.group(1), "%Y-%m-%d").date()
    else:
        match = re.search(r"\s(?:on\s+)?([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s", rest)
        if match and match.group(1).lower() in MONTHS:
            day = today.replace(month=MONTHS[match.group(1).lower()], day=int(match.group(2)))
            if day < today:
                day = day.replace(year=today.year + 1)
        else:
            match = re.search(r"\s(today|tomorrow)\s", rest, re.I)
            if match:
                day = today + timedelta(days=1 if match.group(1).lower() == "tomorrow" else 0)
    if match:
        rest = rest[:match.start()] + " " + rest[match.end():]
    clock = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?"
    times = re.search(r"\s(?:at\s+)?" + clock + r"(?:\s*-\s*" + clock + r")?(?=\s)", rest, re.I)
    start_time = end_time = None
    if times and (times.group(2) or times.group(3)):
        start_time = _clock(times.group(1), times.group(2), times.group(3) or times.group(6))
        if times.group(4):
            end_time = _clock(times.group(4), times.group(5), times.group(6) or times.group(3))
        rest = rest[:times.start()] + " " + rest[times.end():]
    summary = re.sub(r"\s+", " ", rest).strip() or text
    day = day or today
    if start_time is None:
        body = {"start": {"date": day.isoformat()}, "end": {"date": (day + timedelta(days=1)).isoformat()}}
    else:
        start = datetime.combine(day, start_time, timezone.utc)
        end = datetime.combine(day, end_time, timezone.utc) if end_time else start + timedelta(hours=1)
        body = {"start": {"dateTime": start.strftime("%Y-%m-%dT%H:%M:%SZ")}, "end": {"dateTime": end.strftime("%Y-%m-%dT%H:%M:%SZ")}}
    return insert(calendar, dict(body, summary=summary))


def _clock(hour, minute, meridiem):
    hour = int(hour) % 24
    if meridiem and meridiem.lower() == "pm" and hour < 12:
        hour += 12
    if meridiem and meridiem.lower() == "am" and hour == 12:
        hour = 0
    return datetime.min.time().replace(hour=hour, minute=int(minute or 0))
