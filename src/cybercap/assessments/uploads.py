"""Checking uploaded evidence files by their content, not by their name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from cybercap.assessments.errors import AssessmentError

ZIP_TYPES = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def max_upload_bytes() -> int:
    return int(getattr(settings, "CYBERCAP_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The real type of an evidence file; raises AssessmentError for anything not accepted."""
    size = upload.size or 0
    limit = max_upload_bytes()
    if size > limit:
        raise AssessmentError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": limit // 1048576}
        )
    if size == 0:
        raise AssessmentError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return CheckedFile(content_type, extension, size)
    if head.startswith(b"PK\x03\x04"):
        return _office(upload, size)
    if _is_text(upload):
        return CheckedFile("text/plain", "txt", size)
    raise AssessmentError(
        _(
            "This kind of file is not accepted. Upload a PDF, an image (PNG, "
            "JPEG), a Word, Excel or PowerPoint file, or plain text."
        )
    )


def _office(upload: UploadedFile, size: int) -> CheckedFile:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        names = []
    finally:
        upload.seek(0)
    for prefix, (content_type, extension) in ZIP_TYPES.items():
        if any(name.startswith(prefix) for name in names):
            return CheckedFile(content_type, extension, size)
    raise AssessmentError(_("This archive is not a Word, Excel or PowerPoint file."))


def _is_text(upload: UploadedFile) -> bool:
    sample = upload.read(65536)
    upload.seek(0)
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(sample) - 4  # a character cut at the end of the sample
    return True
