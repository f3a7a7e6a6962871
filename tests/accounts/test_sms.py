"""The pluggable SMS sender: PORTAL_SMS_BACKEND, the console and locmem backends, send_sms()."""

import io
import logging

import pytest
from django.test import override_settings

from sportsportal.accounts import sms

pytestmark = pytest.mark.django_db


class FailingBackend:
    def send(self, phone, message):
        raise sms.SmsError("gateway down")


class RecordingBackend:
    sent = []

    def send(self, phone, message):
        self.sent.append((phone, message))


def test_test_settings_use_the_locmem_backend(outbox):
    assert isinstance(sms.get_backend(), sms.LocmemBackend)
    sms.send_sms("13812345678", "明天 9:00 的羽毛球场预约请准时到场。")
    assert len(outbox) == 1
    assert outbox[0].phone == "13812345678"
    assert outbox[0].message == "明天 9:00 的羽毛球场预约请准时到场。"
    assert outbox[0].sent_at is not None


def test_the_backend_is_loaded_once():
    assert sms.get_backend() is sms.get_backend()


def test_overriding_the_setting_swaps_the_backend(outbox):
    RecordingBackend.sent.clear()
    with override_settings(PORTAL_SMS_BACKEND="tests.accounts.test_sms.RecordingBackend"):
        assert isinstance(sms.get_backend(), RecordingBackend)
        sms.send_sms("13812345678", "hello")
    assert RecordingBackend.sent == [("13812345678", "hello")]
    assert outbox == []
    assert isinstance(sms.get_backend(), sms.LocmemBackend)


def test_console_backend_prints_the_message_with_a_masked_number(caplog):
    stream = io.StringIO()
    with caplog.at_level(logging.INFO, logger="sportsportal.accounts.sms"):
        sms.ConsoleBackend(stream=stream).send("13812345678", "验证码 123456")
    assert stream.getvalue() == "[SMS to 138****5678] 验证码 123456\n"
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text


def test_console_backend_is_the_development_default():
    from sportsportal.settings import dev

    assert dev.PORTAL_SMS_BACKEND == "sportsportal.accounts.sms.ConsoleBackend"
    assert isinstance(sms.import_string(dev.PORTAL_SMS_BACKEND)(), sms.ConsoleBackend)


def test_a_failing_gateway_raises_sms_error(settings):
    settings.PORTAL_SMS_BACKEND = "tests.accounts.test_sms.FailingBackend"
    with pytest.raises(sms.SmsError):
        sms.send_sms("13812345678", "x")
