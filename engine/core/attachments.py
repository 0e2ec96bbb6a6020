"""Files attached to cases: the type is read from the content, never from the name."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import filetype

from engine.core import i18n
from engine.core.context import Upload
from engine.core.errors import ValidationFailed
from engine.core.i18n import Label

# PDF, images, and Office documents (OOXML, legacy OLE and OpenDocument).
ALLOWED = {
    "application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
    "application/x-ole-storage",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True)
class Checked:
    filename: str
    content_type: str
    size: int
    sha256: str
    content: bytes


def sniff(content: bytes) -> str | None:
    if content.startswith(_OLE):
        return "application/x-ole-storage"  # .doc, .xls, .ppt
    kind = filetype.guess(content)
    return kind.mime if kind else None


# A name with a control character (CR and LF above all: it goes into the Content-Disposition header of every
# download) or a lone surrogate is refused; a path is cut to its last part.
_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
FILE_NAME = Label("文件名“{name}”含有换行符或其他控制字符，请改名后再上传。",
                  "File name '{name}' holds a line break or another control character: rename the file.")


def _safe_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:255] or "file"


def repaired_name(name: str) -> str:
    """A stored name with each control character and lone surrogate replaced by an underscore."""
    return _BAD_NAME.sub("_", name).strip() or "file"


def check(uploads: list[Upload], *, max_bytes: int, max_files: int) -> list[Checked]:
    """Accept the files or raise ``ValidationFailed`` on ``attachments`` naming each bad one."""
    problems: list[Label] = []
    if len(uploads) > max_files:
        problems.append(i18n.TOO_MANY_FILES.format(limit=max_files))
    checked = []
    for upload in uploads:
        name = _safe_name(upload.filename)
        if _BAD_NAME.search(name):
            problems.append(FILE_NAME.format(name=repaired_name(name)))
            continue
        if len(upload.content) > max_bytes:
            problems.append(i18n.FILE_TOO_LARGE.format(name=name, limit=max_bytes // (1024 * 1024)))
            continue
        mime = sniff(upload.content)
        if mime not in ALLOWED:
            problems.append(i18n.FILE_TYPE.format(name=name))
            continue
        checked.append(Checked(name, mime, len(upload.content), hashlib.sha256(upload.content).hexdigest(),
                               upload.content))
    if problems:
        raise ValidationFailed({"attachments": problems})
    return checked
