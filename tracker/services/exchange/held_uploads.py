"""Uploaded import files kept between the preview and the confirmation.

Each file sits in a folder of its own under the app's instance folder, with who uploaded
it; only that user can read it back through the tracker, and only the tracker's own system
user can read it on disk. A file older than ``KEEP_FOR`` is no longer given back, and is
removed at the next upload.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

KEEP_FOR = 24 * 60 * 60  # seconds
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@dataclass(frozen=True)
class HeldUpload:
    token: str
    user_id: int
    file_name: str
    kind: str
    data: bytes


class UploadStore:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def hold(self, data: bytes, *, user_id: int, file_name: str, kind: str) -> str:
        """Keep the file; returns the token that names it in addresses."""
        self.purge()
        token = secrets.token_urlsafe(24)
        place = self.folder / token
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        place.mkdir(mode=0o700)
        meta = {"user_id": user_id, "file_name": file_name, "kind": kind, "held_at": time.time()}
        for name, content in (("data", data), ("meta.json", json.dumps(meta).encode())):
            # Created readable by the owner only, never for a moment by anyone else.
            handle = os.open(place / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as file:
                file.write(content)
        return token

    def get(self, token: str, user_id: int) -> HeldUpload | None:
        """The file, if the token names one that this user uploaded."""
        if not _TOKEN.fullmatch(token):  # also keeps the token from naming another path
            return None
        place = self.folder / token
        try:
            meta = json.loads((place / "meta.json").read_text(encoding="utf-8"))
            data = (place / "data").read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("user_id") != user_id:
            return None
        if meta.get("held_at", 0) < time.time() - KEEP_FOR:
            return None
        return HeldUpload(token, user_id, meta["file_name"], meta["kind"], data)

    def release(self, token: str) -> None:
        if _TOKEN.fullmatch(token):
            shutil.rmtree(self.folder / token, ignore_errors=True)

    def purge(self, older_than: float = KEEP_FOR) -> None:
        """Remove files left unconfirmed for longer than ``older_than`` seconds."""
        if not self.folder.is_dir():
            return
        limit = time.time() - older_than
        for place in self.folder.iterdir():
            if place.is_dir() and _held_at(place) < limit:
                shutil.rmtree(place, ignore_errors=True)


def _held_at(place: Path) -> float:
    """When a file was held, by the app's clock (the file system's may differ)."""
    try:
        return float(json.loads((place / "meta.json").read_text(encoding="utf-8"))["held_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return place.stat().st_mtime
