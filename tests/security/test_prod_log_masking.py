"""Logs never carry a resident's phone number, codes, feed token or a secret parameter in clear."""

import io
import logging
from contextlib import contextmanager

import pytest
from django.conf import settings

PHONE = "13812345678"
CHECK_IN_CODE = "K7MP2QX9"
FEED_TOKEN = "s3cr3t-Feed_token-abcdefghijklmno"
SMS_CODE = "482913"


@contextmanager
def captured(logger_name):
    """What the handlers configured for `logger_name` (or its nearest configured parent) write."""
    logger = logging.getLogger(logger_name)
    while not logger.handlers and logger.parent is not None:
        logger = logger.parent
    handlers = [h for h in logger.handlers if h.name in settings.LOGGING["handlers"]]
    assert handlers, f"no handler from settings.LOGGING on {logger.name}"
    stream = io.StringIO()
    old = [handler.setStream(stream) for handler in handlers]
    try:
        yield stream
    finally:
        for handler, previous in zip(handlers, old, strict=True):
            handler.setStream(previous)


def test_every_configured_handler_masks():
    for name, handler in settings.LOGGING["handlers"].items():
        assert "mask_personal_data" in handler.get("filters", []), name


@pytest.mark.parametrize(
    ("message", "args", "secret", "masked"),
    [
        ("SMS to %s failed", (PHONE,), PHONE, "138****5678"),
        ("SMS to +86%s failed", (PHONE,), PHONE, "+86138****5678"),
        ("GET %s", (f"/manage/check-in/?code={CHECK_IN_CODE}",), CHECK_IN_CODE, "?code=***"),
        ("GET %s", (f"/my/bookings/{CHECK_IN_CODE}/cancel/",), CHECK_IN_CODE, "/my/bookings/***/"),
        ("GET %s", (f"/my/bookings/feed/{FEED_TOKEN}.ics",), FEED_TOKEN, "/my/bookings/feed/***"),
        (
            "[SMS] %s is your code to sign up. Do not tell anyone this code.",
            (SMS_CODE,),
            SMS_CODE,
            "*** is your code",
        ),
        ("[SMS] 您正在注册账号，验证码：%s，10 分钟内有效。", (SMS_CODE,), SMS_CODE, "验证码：***"),
        ("Booking: 1号场, check-in code %s", (CHECK_IN_CODE,), CHECK_IN_CODE, "check-in code ***"),
        ("预约：1号场，签到码 %s", (CHECK_IN_CODE,), CHECK_IN_CODE, "签到码 ***"),
        ("GET /x?password=%s&next=/", ("hunter2hunter2",), "hunter2", "password=***&next=/"),
        ("GET /x?token=%s", ("tok-abc123",), "tok-abc123", "token=***"),
        ("GET /x?api_key=%s", ("k-abc123",), "k-abc123", "api_key=***"),
    ],
)
def test_secrets_in_log_records_come_out_masked(message, args, secret, masked):
    with captured("sportsportal.accounts.sms") as stream:
        logging.getLogger("sportsportal.accounts.sms").warning(message, *args)
    output = stream.getvalue()
    assert secret not in output
    assert masked in output


def test_traceback_is_masked():
    with captured("facilities.booking") as stream:
        try:
            raise ValueError(f"no booking at /my/bookings/{CHECK_IN_CODE}/ for {PHONE}")
        except ValueError:
            logging.getLogger("facilities.booking").exception("failed for %s", PHONE)
    output = stream.getvalue()
    assert "ValueError" in output
    assert CHECK_IN_CODE not in output
    assert PHONE not in output


def test_runserver_access_log_is_masked():
    with captured("django.server") as stream:
        logging.getLogger("django.server").info(
            '"%s" %s %s',
            f"GET /manage/check-in/?code={CHECK_IN_CODE}&phone={PHONE} HTTP/1.1",
            "200",
            "512",
            extra={"status_code": 200, "server_time": "07/Dec/2026 22:00:00"},
        )
    output = stream.getvalue()
    assert "GET /manage/check-in/?code=***" in output
    assert CHECK_IN_CODE not in output
    assert PHONE not in output


@pytest.mark.django_db
def test_request_warning_for_a_wrong_feed_address_is_masked(client):
    with captured("django.request") as stream:
        response = client.get(f"/my/bookings/feed/{FEED_TOKEN}.ics")
    assert response.status_code == 404
    output = stream.getvalue()
    assert "Not Found: /my/bookings/feed/***" in output
    assert FEED_TOKEN not in output
