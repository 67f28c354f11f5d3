"""What the three file imports' views share: where their uploads are held between preview
and confirmation, receiving an upload, and finding a held one for its owner."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app
from flask_login import current_user
from werkzeug.datastructures import FileStorage

from tracker.services.exchange.held_uploads import HeldUpload, UploadStore


def upload_store(setting: str, folder_name: str) -> UploadStore:
    """The store in the folder ``setting`` names, by default ``folder_name`` in the
    instance folder; each import keeps its own, so none takes another's file for its own."""
    folder = current_app.config.get(setting) or Path(current_app.instance_path, folder_name)
    return UploadStore(folder)


def received(file: FileStorage, default_name: str) -> tuple[bytes, str]:
    """The bytes and the base name of an uploaded file; a large upload is a temporary file,
    given back at once."""
    data = file.read()
    file.close()
    return data, Path(file.filename or default_name).name


def held_or_404(store: UploadStore, token: str, kind: str | None = None) -> HeldUpload:
    """The current user's held upload ``token`` (of ``kind``, when given), else a 404."""
    held = store.get(token, current_user.id)
    if held is None or (kind is not None and held.kind != kind):
        abort(404)
    return held
