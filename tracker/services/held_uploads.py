"""Uploaded import files kept between the preview and the confirmation.

Each file sits in a folder of its own under the app's instance folder, with who uploaded
it; only that user can read it back, and files older than ``KEEP_FOR`` are removed.
"""

from __future__ import annotations

import json
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
        place.mkdir(parents=True)
        (place / "data").write_bytes(data)
        meta = {"user_id": user_id, "file_name": file_name, "kind": kind}
        (place / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
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
            if place.is_dir() and place.stat().st_mtime < limit:
                shutil.rmtree(place, ignore_errors=True)
