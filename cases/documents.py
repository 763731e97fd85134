"""What an uploaded file really is, by its content, whatever its name says; storing it, and
never leaving a file behind that no document names."""

import contextvars
import functools
import hashlib
import logging
import zipfile
from datetime import timedelta

import filetype
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.errors import CaseError
from cases.models import Document

logger = logging.getLogger(__name__)

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


def download_name(original_name: str, content_type: str) -> str:
    """The company's file name with the extension of what the file really is, so that a
    document uploaded as "plan.hta" is never handed out as something a computer runs."""
    kind = next((k for k, (_label, type_) in ACCEPTED.items() if type_ == content_type), "bin")
    stem = original_name.rsplit(".", 1)[0] if "." in original_name else original_name
    return f"{stem or 'document'}.{kind}"


ACCEPTED_LABELS = ", ".join(label for label, _type in ACCEPTED.values())

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# What must be inside a ZIP for it to be the document it claims to be.
_ZIP_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
}
# A ZIP is looked into, never unpacked: bounded, so a "zip bomb" costs nothing.
_MAX_ENTRIES = 10_000
_HWPX_MIMETYPE = b"application/hwp+zip"


def _zip_kind(upload) -> str | None:
    """DOCX, XLSX or HWPX, judged by the archive's table of contents."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > _MAX_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
            first = entries[0] if entries else None
            # HWPX, like ODF, starts with an uncompressed `mimetype` entry naming the format.
            if (
                first is not None
                and first.filename == "mimetype"
                and first.compress_type == zipfile.ZIP_STORED
                and first.file_size <= 64
            ):
                with archive.open(first) as entry:
                    if entry.read(64).startswith(_HWPX_MIMETYPE):
                        return "hwpx"
            if "[Content_Types].xml" in names:
                for kind, part in _ZIP_PARTS.items():
                    if part in names:
                        return kind
    except (zipfile.BadZipFile, OSError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


def _hwp_kind(upload) -> str | None:
    """HWP 5 is an OLE2 compound file whose directory names a "FileHeader" stream and
    the "HwpSummaryInformation" stream, in UTF-16; neither is known to filetype."""
    content = upload.read(MAX_SIZE + 1)
    upload.seek(0)
    names = ("FileHeader".encode("utf-16-le"), "HwpSummaryInformation".encode("utf-16-le"))
    return "hwp" if all(name in content for name in names) else None


def sniff(upload) -> str | None:
    """The accepted kind of the file ("pdf", "docx", ...), or None if it is none of them."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if head.startswith(_ZIP):
        return _zip_kind(upload)
    if head.startswith(_OLE2):
        return _hwp_kind(upload)
    kind = filetype.guess(head)
    if kind is not None and kind.extension in ("pdf", "png", "jpg"):
        return kind.extension
    return None


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


def store_document(*, case, by, document_type, upload) -> Document:
    """Check the upload and attach it to the case for its type, replacing an earlier one.

    Runs inside the caller's transaction, with the case row locked by the caller.
    """
    kind, error = check_upload(upload)
    if error:
        raise CaseError([error])
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    replaced = list(case.documents.filter(document_type=document_type))
    document = Document(
        case=case,
        document_type=document_type,
        original_name=upload.name[:255],
        content_type=ACCEPTED[kind][1],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    document.file.save(upload.name, upload, save=False)
    if (written := _written.get()) is not None:
        written.append((document.file.storage, document.file.name))
    document.save()
    for old in replaced:
        old.delete()
        # The file goes only once the new row is committed; a rollback keeps the old one.
        transaction.on_commit(
            lambda name=old.file.name, storage=old.file.storage: storage.delete(name)
        )
    return document


# Files on disk outlive a transaction that rolls back, and Django has no hook for a
# rollback: the services that store documents are wrapped so that an error leaving them
# deletes what they wrote, and a sweep deletes what a killed process or an outer rollback
# left behind.

_written: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "documents_written", default=None
)


def files_removed_if_rolled_back(service):
    """Wrap a service around its @transaction.atomic: if it raises, its transaction (or its
    savepoint) was rolled back, so no row names the files store_document wrote in it, and
    they are deleted. On success they pass to an enclosing wrapped service, if any."""

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        written = []
        token = _written.set(written)
        try:
            result = service(*args, **kwargs)
        except BaseException:
            for storage, name in reversed(written):
                try:
                    storage.delete(name)
                except OSError:  # the sweep will find it
                    logger.warning("Could not delete %s after a rollback", name, exc_info=True)
            raise
        finally:
            _written.reset(token)
        if (outer := _written.get()) is not None:
            outer.extend(written)
        return result

    return wrapper


# Where cases.models.document_path puts the files.
DOCUMENTS_FOLDER = "cases"
# Far longer than any transaction: a file this old that no row names never will be.
ORPHAN_AFTER = timedelta(hours=1)


def orphan_files_delete(*, older_than: timedelta = ORPHAN_AFTER, batch: int = 1000) -> int:
    """Delete the files under the documents' folder that no document names and that were
    written more than `older_than` ago; returns how many were deleted."""
    storage = Document._meta.get_field("file").storage
    cutoff = timezone.now() - older_than
    deleted, candidates = 0, []
    for name in _stored_files(storage, DOCUMENTS_FOLDER):
        if storage.get_modified_time(name) < cutoff:
            candidates.append(name)
        if len(candidates) >= batch:
            deleted += _delete_unreferenced(storage, candidates)
            candidates = []
    return deleted + _delete_unreferenced(storage, candidates)


def _stored_files(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_files(storage, f"{folder}/{sub}")


def _delete_unreferenced(storage, names: list[str]) -> int:
    named = set(Document.objects.filter(file__in=names).values_list("file", flat=True))
    orphans = [name for name in names if name not in named]
    for name in orphans:
        storage.delete(name)
    if orphans:
        logger.info("Deleted %s document file(s) that no document names", len(orphans))
    return len(orphans)
