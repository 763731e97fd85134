"""What an uploaded file really is, by its content, whatever its name says."""

import zipfile

import filetype
from django.utils.translation import gettext_lazy as _

MAX_SIZE = 20 * 1024 * 1024

# What we accept, by the kind found in the content: (label shown to users, content type).
ACCEPTED = {
    "pdf": ("PDF", "application/pdf"),
    "png": ("PNG", "image/png"),
    "jpg": ("JPEG", "image/jpeg"),
    "xlsx": ("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": (
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "hwp": ("HWP", "application/x-hwp"),
    "hwpx": ("HWPX", "application/hwp+zip"),
}
ACCEPTED_LABELS = ", ".join(label for label, _type in ACCEPTED.values())

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _hangul_kind(upload) -> str | None:
    """HWP 5 is an OLE2 compound file with a "FileHeader" stream; HWPX is a ZIP whose
    `mimetype` entry says application/hwp+zip. Neither is known to filetype."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head == _OLE2:
        # The stream name is stored in UTF-16 in the compound file's directory.
        content = upload.read()
        upload.seek(0)
        return "hwp" if "HwpSummaryInformation".encode("utf-16-le") in content else None
    if head[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(upload) as archive:
                mimetype = archive.read("mimetype")[:40]
        except (KeyError, zipfile.BadZipFile):
            return None
        finally:
            upload.seek(0)
        return "hwpx" if mimetype.startswith(b"application/hwp+zip") else None
    return None


def sniff(upload) -> str | None:
    """The accepted kind of the file ("pdf", "docx", ...), or None if it is none of them."""
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is not None and kind.extension in ACCEPTED:
        return kind.extension
    return _hangul_kind(upload)


def check_upload(upload) -> tuple[str | None, str | None]:
    """(kind, None) for an acceptable file, (None, error message) otherwise."""
    if upload.size > MAX_SIZE:
        return None, _(
            "The file is larger than 20 MB. Make it smaller (for example, scan at a lower "
            "resolution) and try again."
        )
    if upload.size == 0:
        return None, _("The file is empty.")
    kind = sniff(upload)
    if kind is None:
        return None, _(
            "“%(name)s” is not a file type we accept, whatever its name says. Accepted: %(types)s."
        ) % {"name": upload.name, "types": ACCEPTED_LABELS}
    return kind, None
