"""Document uploads: checked by extension AND content (magic bytes) and size, stored in the data dir."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from werkzeug.datastructures import FileStorage

from reference_portal.i18n import t
from reference_portal.procedures import MAX_UPLOAD_MB, Document

MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
EXTENSIONS = {".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png"}
MAGIC = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff"}


class UploadError(ValueError):
    """The file is refused; the message is shown beside the file input."""


@dataclass(frozen=True)
class StoredFile:
    original_name: str
    stored_name: str
    file_type: str
    size: int


def _display_name(filename: str) -> str:
    # Some browsers send a full client path; only the last part is the user's file name.
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(c for c in name if c.isprintable())[:150]


def store(upload: FileStorage, document: Document, directory: Path) -> StoredFile:
    name = _display_name(upload.filename or "")
    type_message = document.messages.get("type") or t(
        "documents.bad_type", document.lang, types=document.types_text
    )
    file_type = EXTENSIONS.get(Path(name).suffix.lower())
    if file_type not in document.types:
        raise UploadError(type_message)
    # Read one byte past the limit: enough to know the file is too big without reading all of it.
    data = upload.stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UploadError(t("documents.too_big", document.lang, mb=MAX_UPLOAD_MB))
    if not data:
        raise UploadError(t("documents.empty", document.lang))
    if not data.startswith(MAGIC[file_type]):
        # A renamed file (e.g. an .exe called scan.pdf) has the right extension but not the content.
        raise UploadError(type_message)
    directory.mkdir(parents=True, exist_ok=True)
    # Random stored names: user-supplied names never reach the file system.
    stored_name = f"{secrets.token_hex(16)}.{file_type}"
    (directory / stored_name).write_bytes(data)
    return StoredFile(original_name=name, stored_name=stored_name, file_type=file_type, size=len(data))


def remove(directory: Path, stored_name: str) -> None:
    (directory / stored_name).unlink(missing_ok=True)
