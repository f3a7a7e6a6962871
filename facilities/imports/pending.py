"""Uploaded files waiting between the dry run and the editor's confirmation.

The file waits on the server's disk under a random token, not in the session, because survey
files run to tens of megabytes. The session remembers the token, kind, name and SHA-256, so
only the editor who previewed a file can apply it, only once, and only that very file; and the
fingerprint of the dry run (base.Plan.fingerprint), so that applying writes only the changes
the editor saw. Files older than a day are removed whenever another file is kept.
"""

import hashlib
import secrets
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

SESSION_KEY = "facilities_data_imports"
MAX_AGE_SECONDS = 24 * 3600


def _folder():
    folder = Path(tempfile.gettempdir()) / "sportsportal-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _sweep(folder):
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in folder.iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


class Kept(NamedTuple):
    data: bytes
    filename: str
    fingerprint: str  # what the dry run showed would change; "" when it showed bad rows


def keep(request, kind, data, filename, fingerprint=""):
    """Keep the file for this editor and kind (replacing an earlier one) with the fingerprint
    of its dry run; returns its token."""
    forget(request, kind)
    folder = _folder()
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    (folder / token).write_bytes(data)
    pending = dict(request.session.get(SESSION_KEY) or {})
    pending[kind] = {
        "token": token,
        "name": filename,
        "sha256": hashlib.sha256(data).hexdigest(),
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
    path = _folder() / entry["token"]
    if not path.is_file():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return Kept(data, entry["name"], entry.get("fingerprint", ""))


def forget(request, kind):
    pending = dict(request.session.get(SESSION_KEY) or {})
    entry = pending.pop(kind, None)
    if entry:
        (_folder() / entry["token"]).unlink(missing_ok=True)
        request.session[SESSION_KEY] = pending
