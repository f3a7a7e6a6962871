"""A logging filter that masks residents' personal data and secrets before any handler writes.

Logs travel further than the database (terminals, log files, a log collector, support tickets),
so phone numbers, check-in codes, SMS codes, private feed addresses and secret query parameters
never reach them in clear (PIPL). `LOGGING` in the base settings puts this filter on every
handler, which covers Django's request log, runserver's access log and gunicorn's loggers.

The filter rewrites the record itself: the message is formatted once, masked, and stored without
arguments; a traceback is formatted and masked the same way.
"""

import logging
import re

MASK = "***"

# (pattern, replacement), applied in order to the formatted message.
_RULES: list[tuple[re.Pattern[str], str]] = [
    # Private calendar feeds: /my/bookings/feed/<secret>.ics (not the reset form beside it).
    (re.compile(r"(/my/bookings/feed/)(?!reset/)[^/?#\s\"']+"), rf"\g<1>{MASK}"),
    # A resident's booking pages carry its check-in code: /my/bookings/<code>/...
    (re.compile(r"(/my/bookings/)(?!feed/)[^/?#\s\"']+"), rf"\g<1>{MASK}"),
    # Secret query or form parameters: ?code=, &password=, token=, api_key=, secret=...
    (
        re.compile(r"(?i)(?<![\w-])([\w-]*(?:code|password|passwd|token|key|secret)=)[^&\s\"',;]+"),
        rf"\g<1>{MASK}",
    ),
    # Check-in codes in booking notices ("check-in code ABCD2345", "签到码 ABCD2345").
    (re.compile(r"(?i)((?:check-in code|签到码)[\s:：]*)[A-Z0-9]+"), rf"\g<1>{MASK}"),
    # SMS codes: "123456 is your code..." and "验证码：123456".
    (re.compile(r"(?i)(?<!\d)\d{4,8}(?=\s+is your code)"), MASK),
    (re.compile(r"(?i)((?:验证码|verification code)[\s:：]*)\d{4,8}"), rf"\g<1>{MASK}"),
    # Mainland mobile numbers (with or without +86): 13812345678 → 138****5678.
    (re.compile(r"(?<!\d)((?:\+?86)?1[3-9]\d)\d{4}(\d{4})(?!\d)"), r"\1****\2"),
]


def mask_personal_data(text: str) -> str:
    """`text` with phone numbers, codes, feed tokens and secret parameters masked."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class MaskPersonalDataFilter(logging.Filter):
    """Lets every record through, with its message (and traceback) masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_personal_data(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True
