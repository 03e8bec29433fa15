"""Google Calendar v3 for the Google double (google_double.py), built from the Calendar v3 discovery document that
google-api-python-client ships: the routes, HTTP methods, parameters (types, enums, minimums, repeats, required path
parameters), the scopes each method accepts and the request bodies' property types all come from that document, so
a request the real API would refuse for its shape is refused here too. Standard library only, besides reading the
document from the installed client.

Served (under /calendar/v3/): calendarList list and get, calendars get and insert, events list (timeMin, timeMax,
q, singleEvents with DAILY/WEEKLY recurrence rules expanded, orderBy, showDeleted, updatedMin, pageToken,
syncToken and nextSyncToken), get, insert, update, patch, delete, move and quickAdd, and freeBusy query. Calendar's
error envelope (no "status" member, unlike the newer APIs), 404 notFound, 410 deleted and fullSyncRequired. Other
methods of the document answer 501 naming themselves.

Control (JSON, no auth), for tests:
  POST /_double/calendar/expire-sync  {"email"}   every sync token of that user's calendars is no longer valid (410)
"""
import base64
import json
import re
from datetime import date, datetime, timezone
from urllib.parse import unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from googleapiclient.discovery_cache import get_static_doc

DOCUMENT = json.loads(get_static_doc("calendar", "v3"))
STANDARD = set(DOCUMENT["parameters"]) | {"access_token", "callback", "upload_protocol", "uploadType", "$.xgafv"}
PREFIX = "/" + DOCUMENT["servicePath"]  # /calendar/v3/


class CalendarFail(Exception):
    """An answer in Calendar's envelope: {"error": {"errors": [{domain, reason, message}], "code", "message"}}."""

    def __init__(self, code, reason, message, domain="global", headers=None):
        super().__init__(message)
        self.code, self.reason, self.message, self.domain, self.headers = code, reason, message, domain, headers or {}

    def body(self):
        return {"error": {"errors": [{"domain": self.domain, "reason": self.reason, "message": self.message}],
                          "code": self.code, "message": self.message}}


def not_found():
    return CalendarFail(404, "notFound", "Not Found")


def invalid(message, reason="invalid"):
    return CalendarFail(400, reason, message)


def _methods():
    """(http method, compiled path, method id, parameters, scopes, request schema) for every method in the document."""
    found = []

    def walk(resources):
        for resource in resources.values():
            for method in resource.get("methods", {}).values():
                pattern = re.sub(r"\{(\w+)\}", lambda m: "(?P<%s>[^/]+)" % m.group(1), re.escape(method["path"]).replace(r"\{", "{").replace(r"\}", "}"))
                found.append((method["httpMethod"], re.compile(pattern), method["id"], method.get("parameters", {}),
                              method.get("scopes", []), (method.get("request") or {}).get("$ref")))
            walk(resource.get("resources", {}))
    walk(DOCUMENT["resources"])
    return found


METHODS = _methods()


def route(http_method, rest):
    """The method the document gives for `rest` (the path after /calendar/v3/), its path values, parameters, scopes
    and request schema; a path with no method is 404, as Google answers."""
    for verb, pattern, method_id, parameters, scopes, schema in METHODS:
        match = pattern.fullmatch(rest)
        if match and verb == http_method:
            values = {k: unquote(v) for k, v in match.groupdict().items()}
            return method_id, values, parameters, scopes, schema
    raise not_found()


def checked_query(query, parameters):
    """The query's values by name, checked against the method's parameters as the document declares them."""
    values = {}
    for name, given in query.items():
        if name in STANDARD:
            continue
        spec = parameters.get(name)
        if not spec or spec.get("location") != "query":
            raise invalid("Invalid parameter: %s" % name, "badRequest")
        if len(given) > 1 and not spec.get("repeated"):
            raise invalid("Parameter %s is given more than once." % name)
        parsed = []
        for text in given:
            kind = spec.get("type")
            if kind == "boolean":
                if text not in ("true", "false"):
                    raise invalid("Invalid boolean value: '%s'." % text)
                parsed.append(text == "true")
            elif kind == "integer":
                if not re.fullmatch(r"-?\d+", text):
                    raise invalid("Invalid integer value: '%s'." % text)
                number = int(text)
                if "minimum" in spec and number < int(spec["minimum"]):
                    raise invalid("Invalid value '%s'. Values must be greater than or equal to %s." % (text, spec["minimum"]))
                parsed.append(number)
            else:
                if "enum" in spec and text not in spec["enum"]:
                    raise invalid("Invalid value for: %s" % name)
                if spec.get("format") == "date-time" and parse_time(text) is None:
                    raise invalid("Bad Request", "badRequest")
                parsed.append(text)
        values[name] = parsed if spec.get("repeated") else parsed[0]
    return values


JSON_TYPES = {"string": str, "boolean": bool, "integer": int, "array": list, "object": dict}


def checked_body(raw, schema):
    """The request body, parsed, each known property's JSON type checked against the schema."""
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        raise invalid("Parse Error", "parseError")
    if not isinstance(body, dict):
        raise invalid("Parse Error", "parseError")
    properties = DOCUMENT["schemas"].get(schema, {}).get("properties", {})
    for name, value in body.items():
        spec = properties.get(name)
        if spec is None or value is None:
            continue
        expected = dict if "$ref" in spec else JSON_TYPES.get(spec.get("type"))
        if expected and not (isinstance(value, expected) and not (expected is int and isinstance(value, bool))):
            raise invalid("Invalid value for: %s" % name)
    return body


# -- time --
def parse_time(text):
    """An RFC 3339 date-time as an aware datetime, or None."""
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}:\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", text or "")
    if not match:
        return None
    zone = "+00:00" if match.group(4) in ("Z", "z") else match.group(4)
    try:
        return datetime.fromisoformat("%sT%s%s" % (match.group(1), match.group(2), zone))
    except ValueError:
        return None


def rfc3339(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def bound(value, field):
    """The instant an EventDateTime ({dateTime} or {date}, midnight UTC) stands for."""
    if not isinstance(value, dict) or not (value.get("dateTime") or value.get("date")):
        raise invalid("Missing %s time." % field, "required")
    if value.get("dateTime"):
        moment = parse_time(value["dateTime"])
        if moment is None and value.get("timeZone"):
            # A time without an offset is read in the event's time zone.
            try:
                moment = datetime.fromisoformat(value["dateTime"]).replace(tzinfo=ZoneInfo(value["timeZone"]))
            except (ValueError, ZoneInfoNotFoundError):
                raise invalid("Invalid time zone definition for %s time." % field)
        if moment is None:
            raise invalid("Invalid %s time." % field)
        return moment
    try:
        return datetime.combine(date.fromisoformat(value["date"]), datetime.min.time(), timezone.utc)
    except ValueError:
        raise invalid("Invalid %s time." % field)


# -- opaque tokens --
def token(prefix, value):
    return prefix + base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).decode().rstrip("=")


def untoken(prefix, text):
    try:
        assert text.startswith(prefix)
        body = text[len(prefix):]
        return json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (AssertionError, ValueError):
        return None
