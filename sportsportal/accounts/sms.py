"""Text messages (SMS) to mobile numbers, through a pluggable backend.

`PORTAL_SMS_BACKEND` names the backend class by dotted path; the class is loaded once (and again
only when a test overrides the setting). A backend is any class with `send(phone, message)`:

* `ConsoleBackend` writes each message to standard output with the number masked (development:
  the code appears in the terminal running `manage.py runserver`, the full number does not);
* `LocmemBackend` keeps messages in the module-level list `outbox` (tests read codes from it).

A real gateway (Aliyun, Tencent Cloud, a carrier's platform) plugs in as a subclass of
`BaseSmsBackend`; it should raise `SmsError` when the message could not be handed over, and never
log a message's text beside its number. Production refuses to start with the console or locmem
backend (`checks.py`).
"""

import functools
import logging
import sys
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import mask_phone

DEFAULT_BACKEND = "sportsportal.accounts.sms.ConsoleBackend"

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The message could not be handed to the gateway; nothing was sent."""


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    message: str
    sent_at: datetime = field(default_factory=timezone.now)


class BaseSmsBackend(ABC):
    """What a gateway adapter implements: deliver one text to one mainland mobile number."""

    @abstractmethod
    def send(self, phone, message): ...


class ConsoleBackend(BaseSmsBackend):
    """Development: print the message so the developer can read the code; the number is masked."""

    def __init__(self, stream=None):
        self.stream = stream
        self._lock = threading.Lock()

    def send(self, phone, message):
        stream = self.stream or sys.stdout
        with self._lock:
            stream.write(f"[SMS to {mask_phone(phone)}] {message}\n")
            stream.flush()
        logger.info("SMS to %s written to the console", mask_phone(phone))


# Messages "sent" by LocmemBackend, oldest first. Tests clear it between tests.
outbox = []


class LocmemBackend(BaseSmsBackend):
    """Tests: keep every message in `sportsportal.accounts.sms.outbox`."""

    def send(self, phone, message):
        outbox.append(SmsMessage(phone=phone, message=message))


@functools.cache
def get_backend():
    path = getattr(settings, "PORTAL_SMS_BACKEND", None) or DEFAULT_BACKEND
    return import_string(path)()


@receiver(setting_changed)
def _forget_backend(*, setting, **kwargs):
    if setting == "PORTAL_SMS_BACKEND":
        get_backend.cache_clear()


def send_sms(phone, message):
    """Send `message` to the mainland mobile number `phone`; raises `SmsError` on failure."""
    get_backend().send(phone, message)
