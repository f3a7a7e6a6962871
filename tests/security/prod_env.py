"""Run manage.py or Python code in a subprocess under the production settings.

The environment is deploy/production.env.example with its blanks filled in: a random secret key,
a real (test) SMS gateway class, SQLite in a temporary folder and, where given, a Redis URL.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from sportsportal.accounts.sms import BaseSmsBackend

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "deploy" / "production.env.example"


class GatewayBackend(BaseSmsBackend):
    """Stands in for a gateway's backend class (production checks that it is one): it keeps the
    messages of its process in `sent`, as a gateway would hand them on."""

    sent: list[tuple[str, str]] = []

    def send(self, phone, message):
        self.sent.append((phone, message))


def example_env():
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def production_env(tmp_path, **overrides):
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(example_env())
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        PORTAL_SMS_BACKEND=f"{__name__}.GatewayBackend",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PYTHONPATH=str(REPO),
    )
    env.update(overrides)
    return env


def run(env, *args):
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
