"""What an uploaded file really is, by its content, whatever its name says; storing it, and
never leaving a file behind that no document names."""

import contextvars
import functools
import hashlib
import logging
import zipfile
from datetime import timedelta

import filetype
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.errors import CaseError
from cases.models import Document

logger = logging.getLogger(__name__)

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
_HWPX_MIMETYPE = b"application/hwp+zip"
# Parts and content types that carry macros (VBA projects, Excel 4.0 macro sheets) in a
# Word or Excel file; a macro-enabled file (.docm, .xlsm) renamed .docx declares them.
_MACRO_PARTS = ("vbaproject.bin", "vbadata.xml", "/macrosheets/")
_MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject", b"ms-excel.macrosheet", b"ms-excel.intl")
# [Content_Types].xml is a few kilobytes; the only member ever read, and only this much.
_CONTENT_TYPES_MAX = 256 * 1024


class Refused(Exception):
    """The upload is refused, for the reason in the message."""


def max_size() -> int:
    return settings.UPLOAD_MAX_FILE_SIZE


def too_large_message() -> str:
    return _(
        "The file is larger than %(size)s MB. Make it smaller (for example, scan at a lower "
        "resolution) and try again."
    ) % {"size": max_size() // (1024 * 1024)}


def _archive_within_limits(upload, entries) -> None:
    """Refuse an archive whose table of contents says it unpacks to too much: the sizes are
    the ones it declares; nothing is inflated to check them."""
    name = getattr(upload, "name", "")
    if len(entries) > settings.UPLOAD_ARCHIVE_MAX_ENTRIES:
        raise Refused(
            _("“%(name)s” holds %(count)s parts, more than the %(limit)s a document may hold.")
            % {"name": name, "count": len(entries), "limit": settings.UPLOAD_ARCHIVE_MAX_ENTRIES}
        )
    inflated = sum(entry.file_size for entry in entries)
    limit = settings.UPLOAD_ARCHIVE_MAX_SIZE
    # One part that inflates hugely from a few bytes is what a "zip bomb" looks like.
    ratio = max((entry.file_size / max(entry.compress_size, 1) for entry in entries), default=0)
    if inflated > limit or (
        ratio > settings.UPLOAD_ARCHIVE_MAX_RATIO and inflated > settings.UPLOAD_ARCHIVE_RATIO_FROM
    ):
        raise Refused(
            _(
                "“%(name)s” would unpack to %(size)s MB (more than %(limit)s MB, or compressed "
                "far more than a real document is). Save the document again, or split it, and "
                "upload it again."
            )
            % {
                "name": name,
                "size": f"{inflated / (1024 * 1024):,.0f}",
                "limit": limit // (1024 * 1024),
            }
        )


def _has_macros(archive, entries) -> bool:
    names = ["/" + entry.filename.lower() for entry in entries]
    if any(part in name for name in names for part in _MACRO_PARTS):
        return True
    types = next((e for e in entries if e.filename == "[Content_Types].xml"), None)
    if types is None:
        return False
    if types.file_size > _CONTENT_TYPES_MAX:
        return True  # no real document has one this large: refuse rather than read it
    with archive.open(types) as entry:
        declared = entry.read(_CONTENT_TYPES_MAX).lower()
    return any(marker in declared for marker in _MACRO_CONTENT_TYPES)


def _zip_kind(upload) -> str | None:
    """DOCX, XLSX or HWPX, judged by the archive's table of contents; raises Refused for an
    archive too large once unpacked, or a document with macros."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            _archive_within_limits(upload, entries)
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
                        if _has_macros(archive, entries):
                            raise Refused(
                                _(
                                    "“%(name)s” contains macros, which we do not accept. Save "
                                    "it as a document without macros (Word .docx or Excel "
                                    ".xlsx) and upload it again."
                                )
                                % {"name": getattr(upload, "name", "")}
                            )
                        return kind
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        return None
    finally:
        upload.seek(0)
    return None


def _hwp_kind(upload) -> str | None:
    """HWP 5 is an OLE2 compound file whose directory names a "FileHeader" stream and
    the "HwpSummaryInformation" stream, in UTF-16; neither is known to filetype."""
    content = upload.read(max_size() + 1)
    upload.seek(0)
    names = ("FileHeader".encode("utf-16-le"), "HwpSummaryInformation".encode("utf-16-le"))
    return "hwp" if all(name in content for name in names) else None


def _kind(upload) -> str | None:
    """The accepted kind of the file, None if it is none of them; raises Refused."""
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


def sniff(upload) -> str | None:
    """The accepted kind of the file ("pdf", "docx", ...), or None if it is none of them or
    is refused (a document with macros, an archive that unpacks to too much)."""
    try:
        return _kind(upload)
    except Refused:
        return None


def check_upload(upload) -> tuple[str | None, str | None]:
    """(kind, None) for an acceptable file, (None, error message) otherwise."""
    if upload.size > max_size():
        return None, too_large_message()
    if upload.size == 0:
        return None, _("The file is empty.")
    try:
        kind = _kind(upload)
    except Refused as refusal:
        return None, str(refusal)
    if kind is None:
        return None, _(
            "“%(name)s” is not a file type we accept, whatever its name says. Accepted: %(types)s."
        ) % {"name": upload.name, "types": ACCEPTED_LABELS}
    return kind, None


def refused_uploads(request) -> dict[str, str]:
    """{field name: message} for the files that cases.uploads.SizeLimitUploadHandler stopped
    reading because they passed the size limit: they are not in request.FILES."""
    return dict.fromkeys(getattr(request, "uploads_cut", ()), too_large_message())


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
# The folders of uploaded files that the sweep looks after, each with the model and file
# field whose rows name them: the cases' documents here; an app that stores uploads in a
# folder of its own adds it from its AppConfig.ready (cases imports no app above it).
UPLOAD_FOLDERS: dict[str, tuple] = {DOCUMENTS_FOLDER: (Document, "file")}


def upload_folder_register(folder: str, model, field: str) -> None:
    """Let the orphan sweep look after `folder`, whose files `model.field` names."""
    UPLOAD_FOLDERS[folder.strip("/")] = (model, field)


def orphan_files_delete(*, older_than: timedelta = ORPHAN_AFTER, batch: int = 1000) -> int:
    """Delete the files under each registered upload folder that no row names and that were
    written more than `older_than` ago; returns how many were deleted."""
    cutoff = timezone.now() - older_than
    deleted = 0
    for folder, (model, field) in UPLOAD_FOLDERS.items():
        storage = model._meta.get_field(field).storage
        candidates = []
        for name in _stored_files(storage, folder):
            if storage.get_modified_time(name) < cutoff:
                candidates.append(name)
            if len(candidates) >= batch:
                deleted += _delete_unreferenced(storage, model, field, candidates)
                candidates = []
        deleted += _delete_unreferenced(storage, model, field, candidates)
    return deleted


def _stored_files(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _stored_files(storage, f"{folder}/{sub}")


def _delete_unreferenced(storage, model, field: str, names: list[str]) -> int:
    if not names:
        return 0
    named = set(model.objects.filter(**{f"{field}__in": names}).values_list(field, flat=True))
    orphans = [name for name in names if name not in named]
    for name in orphans:
        storage.delete(name)
    if orphans:
        logger.info("Deleted %s file(s) that no %s names", len(orphans), model._meta.model_name)
    return len(orphans)
