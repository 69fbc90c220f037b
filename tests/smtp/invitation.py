"""Reads mails as a calendar program does, for the Swift mail tests: Python's `email`
package takes each message apart (MIME), PyPI `icalendar` parses its calendar. Prints one
JSON object per message given, in order.

    python3 tests/smtp/invitation.py MAIL.eml...
"""
import email
import email.policy
import json
import sys

import icalendar


def read(path):
    with open(path, "rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    result = {"subject": str(message["subject"]), "to": str(message["to"]), "type": message.get_content_type(),
              "text": None, "calendar": None, "attachment": None}
    inline = None
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind == "text/plain":
            result["text"] = part.get_content()
        elif kind == "text/calendar":
            inline = part.get_payload(decode=True)
            result["calendar"] = describe(inline, part.get_param("method"))
        elif part.get_filename():
            attached = part.get_payload(decode=True)
            result["attachment"] = {"filename": part.get_filename(), "type": kind, "same_as_inline": attached == inline}
    return result


def describe(raw, method_parameter):
    calendar = icalendar.Calendar.from_ical(raw)
    events = [component for component in calendar.walk("VEVENT")]
    zones = [str(component.get("TZID")) for component in calendar.walk("VTIMEZONE")]
    event = events[0]
    start = event.decoded("DTSTART")
    return {
        "content_type_method": method_parameter,
        "method": str(calendar.get("METHOD")),
        "events": len(events),
        "timezones": zones,
        "uid": str(event.get("UID")),
        "sequence": int(event.get("SEQUENCE", 0)),
        "status": str(event.get("STATUS")),
        "summary": str(event.get("SUMMARY")),
        "start": start.isoformat(),
        "start_tz": str(start.tzinfo),
        "location": str(event.get("LOCATION", "")),
        "description": str(event.get("DESCRIPTION", "")),
        "organizer": str(event.get("ORGANIZER")),
        "attendee": str(event.get("ATTENDEE")),
        "attendee_partstat": str(event.get("ATTENDEE").params.get("PARTSTAT")),
    }


if __name__ == "__main__":
    print(json.dumps([read(path) for path in sys.argv[1:]]))
