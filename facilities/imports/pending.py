"""Uploaded files waiting between the dry run and the editor's confirmation.

The file waits in the "private" file storage (never served to the web, unlike the media
folder; shared by every app server and the worker), not in the session (survey files run to tens of
megabytes) and not in one machine's temporary folder (the confirmation may reach another app
server, or the task worker). It is stored under a random name that never leaves the server; the
session remembers that name with the token shown in the page, the kind, the file's name and its
SHA-256, so only the editor who previewed a file can apply it, only once, and only that very
file; and the fingerprint of the dry run (base.Plan.fingerprint), so that applying writes only
the changes the editor saw. The file is removed once applied or replaced; files older than a
day are removed whenever another file is kept.
"""

import hashlib
import secrets
from datetime import timedelta
from typing import NamedTuple

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.utils import timezone

SESSION_KEY = "facilities_data_imports"
FOLDER = "imports/pending"
MAX_AGE = timedelta(days=1)


def private_storage() -> Storage:
    return storages["private"]


class Stored(NamedTuple):
    name: str  # in the private storage
    sha256: str


def store(content: File | bytes) -> Stored:
    """Save an upload (or bytes) in the private storage under a random name."""
    sweep()
    if isinstance(content, bytes):
        content = ContentFile(content)
    digest = hashlib.sha256()
    for chunk in content.chunks():
        digest.update(chunk)
    content.seek(0)
    name = private_storage().save(f"{FOLDER}/{secrets.token_urlsafe(24)}", content)
    return Stored(name, digest.hexdigest())


def read(name, sha256):
    """The stored file's bytes, or None when it is gone or is not the file that was stored."""
    if not name or not private_storage().exists(name):
        return None
    with private_storage().open(name, "rb") as stored:
        data = stored.read()
    return data if secrets.compare_digest(hashlib.sha256(data).hexdigest(), sha256) else None


def remove(name):
    if name:
        private_storage().delete(name)


def sweep():
    """Remove the files older than MAX_AGE (never applied, or left by a failed worker)."""
    try:
        _folders, files = private_storage().listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - MAX_AGE
    for file in files:
        name = f"{FOLDER}/{file}"
        try:
            if private_storage().get_modified_time(name) < cutoff:
                private_storage().delete(name)
        except FileNotFoundError:
            continue


class Kept(NamedTuple):
    data: bytes
    filename: str
    fingerprint: str  # what the dry run showed would change; "" when it showed bad rows


def keep(request, kind, data, filename, fingerprint=""):
    """Keep the file for this editor and kind (replacing an earlier one) with the fingerprint
    of its dry run; returns the token the page shows."""
    forget(request, kind)
    stored = store(data)
    token = secrets.token_urlsafe(24)
    pending = dict(request.session.get(SESSION_KEY) or {})
    pending[kind] = {
        "token": token,
        "stored_as": stored.name,
        "name": filename,
        "sha256": stored.sha256,
        "fingerprint": fingerprint,
    }
    request.session[SESSION_KEY] = pending
    return token


def take(request, kind, token):
    """The Kept file (data, file name, fingerprint), or None when the token is stale or the file
    is gone."""
    entry = (request.session.get(SESSION_KEY) or {}).get(kind)
    if not entry or not token or not secrets.compare_digest(entry["token"], token):
        return None
    data = read(entry.get("stored_as", ""), entry["sha256"])
    if data is None:
        return None
    return Kept(data, entry["name"], entry.get("fingerprint", ""))


def forget(request, kind):
    pending = dict(request.session.get(SESSION_KEY) or {})
    entry = pending.pop(kind, None)
    if entry:
        remove(entry.get("stored_as", ""))
        request.session[SESSION_KEY] = pending
