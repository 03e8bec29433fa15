"""The Calendar double's methods: one function per discovery method id, called by handle() after the route, the
scopes, the query and the body were checked against the discovery document (calendar_v3.py)."""
import hashlib
import json
import re
from datetime import datetime, timedelta, timezone

import calendar_store as store
from calendar_v3 import CalendarFail, bound, checked_body, checked_query, invalid, parse_time, rfc3339, route, token, untoken

SYNC_EXCLUSIVE = ("timeMin", "timeMax", "updatedMin", "q", "orderBy", "iCalUID", "privateExtendedProperty", "sharedExtendedProperty")


def handle(http_method, rest, query, raw_body, email, granted):
    """(status, JSON value) for a Calendar request by the user `email` whose token grants `granted` scopes."""
    method_id, path, parameters, scopes, schema = route(http_method, rest)
    if not granted & set(scopes):
        raise CalendarFail(403, "insufficientPermissions", "Request had insufficient authentication scopes.")
    for name, spec in parameters.items():
        if spec.get("required") and spec.get("location") == "query" and name not in query:
            raise CalendarFail(400, "required", "Required parameter: %s" % name)
    values = checked_query(query, parameters)
    body = checked_body(raw_body, schema) if schema else None
    function = METHODS.get(method_id)
    if not function:
        raise CalendarFail(501, "notImplemented", "The Google double does not serve %s." % method_id)
    return function(store.account(email), path, values, body)


def listing(kind, items, values, default, most, snapshot, calendar_id, generation, extra=None, cap=None):
    """One page of `items` with nextPageToken, or nextSyncToken on the last page; `cap` makes pages shorter than asked,
    as Google's may be."""
    size = min(values.get("maxResults", default), most, cap or most)
    fingerprint = hashlib.sha256(json.dumps({k: v for k, v in sorted(values.items()) if k not in ("pageToken", "maxResults")},
                                            default=str).encode()).hexdigest()[:12]
    offset = 0
    if "pageToken" in values:
        page = untoken("P", values["pageToken"])
        if not page or page.get("f") != fingerprint:
            raise invalid("Invalid page token value.")
        offset, snapshot = page["o"], page["s"]
    answer = dict(extra or {}, kind=kind, etag='"p%d"' % snapshot, items=items[offset:offset + size])
    if offset + size < len(items):
        answer["nextPageToken"] = token("P", {"o": offset + size, "s": snapshot, "f": fingerprint})
    else:
        answer["nextSyncToken"] = token("S", {"c": calendar_id, "g": generation, "s": snapshot})
    return 200, answer


def sync_since(values, calendar_id, generation):
    """The stamp a sync token was issued at; 410 when its generation has passed."""
    found = untoken("S", values["syncToken"])
    if not found or found.get("c") != calendar_id:
        raise invalid("Invalid sync token value.")
    if found["g"] != generation:
        raise CalendarFail(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.")
    return found["s"]


# -- calendars --
def calendar_list(account, path, values, body):
    since = sync_since(values, "list", 1) if "syncToken" in values else None
    entries = [c.list_entry() for c in account.calendars.values() if since is None or c.stamp > since]
    return listing("calendar#calendarList", entries, values, 100, 250, store.STAMP[0], "list", 1, cap=account.page_cap)


def calendar_list_get(account, path, values, body):
    return 200, account.calendar(path["calendarId"]).list_entry()


def calendars_get(account, path, values, body):
    return 200, account.calendar(path["calendarId"]).resource()


def calendars_insert(account, path, values, body):
    if not body.get("summary"):
        raise CalendarFail(400, "required", "Missing title.")
    calendar = store.Calendar(store.new_id(52) + "@group.calendar.google.com", body["summary"], account.email,
                              description=body.get("description"), time_zone=body.get("timeZone") or "UTC")
    account.calendars[calendar.id] = calendar
    return 200, calendar.resource()


# -- events --
RULE_PART = re.compile(r"([A-Z]+)=([^;]+)")
STEP = {"DAILY": lambda n: timedelta(days=n), "WEEKLY": lambda n: timedelta(weeks=n)}


def instances(event, horizon):
    """A recurring event's occurrences (DAILY and WEEKLY rules with INTERVAL, COUNT and UNTIL; EXDATE honoured), up
    to `horizon`, each as Google shows an instance."""
    rule = next((line[6:] for line in event.get("recurrence") or [] if line.startswith("RRULE:")), None)
    parts = dict(RULE_PART.findall(rule or ""))
    if parts.get("FREQ") not in STEP:
        return [event]
    start, end = bound(event["start"], "start"), bound(event["end"], "end")
    count, interval = int(parts.get("COUNT", "730")), int(parts.get("INTERVAL", "1"))
    until = parts.get("UNTIL")
    limit = datetime.strptime(until[:8], "%Y%m%d").replace(tzinfo=timezone.utc) + timedelta(days=1) if until else None
    skipped = {value for line in event.get("recurrence") or [] if line.startswith("EXDATE") for value in line.split(":", 1)[1].split(",")}
    all_day = "date" in event["start"]
    found = []
    for number in range(count):
        moment = start + STEP[parts["FREQ"]](interval * number)
        if (limit and moment >= limit) or moment > horizon:
            break
        key = moment.strftime("%Y%m%d") if all_day else moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        if key in skipped or moment.strftime("%Y%m%dT%H%M%S") in skipped:
            continue
        shift = lambda value, to: {"date": to.date().isoformat()} if all_day else dict(value, dateTime=to.isoformat())
        instance = {k: v for k, v in event.items() if k != "recurrence"}
        instance.update({"id": "%s_%s" % (event["id"], key), "recurringEventId": event["id"], "originalStartTime": shift(event["start"], moment),
                         "start": shift(event["start"], moment), "end": shift(event["end"], moment + (end - start))})
        found.append(instance)
    return found


def events_list(account, path, values, body):
    calendar = account.calendar(path["calendarId"])
    since = None
    if "syncToken" in values:
        given = [name for name in SYNC_EXCLUSIVE if name in values]
        if given:
            raise invalid("Sync token cannot be used with %s." % given[0])
        since = sync_since(values, calendar.id, calendar.generation)
    if values.get("orderBy") == "startTime" and not values.get("singleEvents"):
        raise invalid("The requested ordering is not available for the particular query.")
    low, high = (parse_time(values[k]) if k in values else None for k in ("timeMin", "timeMax"))
    updated_min = parse_time(values["updatedMin"]) if "updatedMin" in values else None
    words = (values.get("q") or "").lower().split()
    events = []
    for event in calendar.events.values():
        if since is not None:
            if event["_stamp"] <= since:
                continue
        elif updated_min is not None:
            if parse_time(event["updated"]) < updated_min:
                continue
        elif event["status"] == "cancelled" and not values.get("showDeleted"):
            continue
        if "iCalUID" in values and event.get("iCalUID") != values["iCalUID"]:
            continue
        text = " ".join(str(event.get(k, "")) for k in ("summary", "description", "location")).lower()
        text += " " + " ".join("%s %s" % (a.get("email", ""), a.get("displayName", "")) for a in event.get("attendees") or []).lower()
        if any(word not in text for word in words):
            continue
        expand = values.get("singleEvents") and event["status"] != "cancelled"
        horizon = high or datetime.now(timezone.utc) + timedelta(days=730)
        for item in instances(event, horizon) if expand else [event]:
            if item["status"] != "cancelled" and since is None:
                if low and bound(item["end"], "end") <= low or high and bound(item["start"], "start") >= high:
                    continue
            events.append(item)
    if values.get("orderBy") == "startTime":
        events.sort(key=lambda e: bound(e["start"], "start"))
    elif values.get("orderBy") == "updated":
        events.sort(key=lambda e: e["updated"])
    extra = {"summary": calendar.summary, "timeZone": calendar.time_zone, "accessRole": "owner",
             "updated": rfc3339(datetime.now(timezone.utc)), "defaultReminders": [{"method": "popup", "minutes": 10}]}
    return listing("calendar#events", [store.public(e) for e in events], values, 250, 2500, store.STAMP[0], calendar.id,
                   calendar.generation, extra, cap=account.page_cap)


def event_of(calendar, event_id):
    event = calendar.events.get(event_id)
    if event:
        return event
    master_id, _, key = event_id.partition("_")
    master = calendar.events.get(master_id)
    if master and key:
        found = [i for i in instances(master, datetime.now(timezone.utc) + timedelta(days=3650)) if i["id"] == event_id]
        if found:
            return found[0]
    raise store.not_found()


def events_get(account, path, values, body):
    return 200, store.public(event_of(account.calendar(path["calendarId"]), path["eventId"]))


def events_insert(account, path, values, body):
    return 200, store.public(store.insert(account.calendar(path["calendarId"]), body))


def events_update(account, path, values, body):
    return 200, store.public(store.replace(account.calendar(path["calendarId"]), path["eventId"], body, merge=False))


def events_patch(account, path, values, body):
    return 200, store.public(store.replace(account.calendar(path["calendarId"]), path["eventId"], body, merge=True))


def events_delete(account, path, values, body):
    store.delete(account.calendar(path["calendarId"]), path["eventId"])
    return 204, None


def events_move(account, path, values, body):
    moved = store.move(account.calendar(path["calendarId"]), path["eventId"], account.calendar(values["destination"]))
    return 200, store.public(moved)


def events_quick_add(account, path, values, body):
    return 200, store.public(store.quick_add(account.calendar(path["calendarId"]), values.get("text", "")))


def freebusy(account, path, values, body):
    for name in ("timeMin", "timeMax"):
        if not body.get(name):
            raise CalendarFail(400, "required", "Missing %s parameter." % name)
    low, high = parse_time(body["timeMin"]), parse_time(body["timeMax"])
    if low is None or high is None:
        raise invalid("Bad Request", "badRequest")
    if high <= low:
        raise CalendarFail(400, "timeRangeEmpty", "The specified time range is empty.")
    calendars = {}
    for item in body.get("items") or []:
        key = item.get("id", "")
        try:
            calendar = account.calendar(key)
        except CalendarFail:
            calendars[key] = {"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}
            continue
        spans = []
        for event in calendar.events.values():
            if event["status"] == "cancelled" or event.get("transparency") == "transparent":
                continue
            for one in instances(event, high):
                start, end = max(bound(one["start"], "start"), low), min(bound(one["end"], "end"), high)
                if start < end:
                    spans.append([start, end])
        merged = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        utc = lambda moment: moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        calendars[key] = {"busy": [{"start": utc(s), "end": utc(e)} for s, e in merged]}
    return 200, {"kind": "calendar#freeBusy", "timeMin": rfc3339(low), "timeMax": rfc3339(high), "calendars": calendars}


def add_calendar(email, summary):
    """Control: a secondary calendar for the user; returns its id."""
    return calendars_insert(store.account(email), {}, {}, {"summary": summary})[1]["id"]


def cap_pages(email, size):
    """Control: the user's lists answer at most `size` items a page (Google may answer fewer than maxResults)."""
    store.account(email).page_cap = size or None


def expire_sync(email):
    """Control: every sync token of the user's calendars answers 410 from now on."""
    for calendar in store.account(email).calendars.values():
        calendar.generation += 1


METHODS = {
    "calendar.calendarList.list": calendar_list, "calendar.calendarList.get": calendar_list_get,
    "calendar.calendars.get": calendars_get, "calendar.calendars.insert": calendars_insert,
    "calendar.events.list": events_list, "calendar.events.get": events_get, "calendar.events.insert": events_insert,
    "calendar.events.update": events_update, "calendar.events.patch": events_patch, "calendar.events.delete": events_delete,
    "calendar.events.move": events_move, "calendar.events.quickAdd": events_quick_add, "calendar.freebusy.query": freebusy,
}
