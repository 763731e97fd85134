"""Uploads that are dangerous to whoever opens them, or to the server that receives them:
Office files with macros, archives that unpack to far more than they weigh, and files past
the size limit, which are refused while the request is still being read."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from cases.documents import check_upload
from tests.factories import PDF_BYTES, CaseFactory, DocumentTypeFactory, ProgramFactory

DOCX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCM_TYPES = DOCX_TYPES.replace(
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "vnd.ms-word.document.macroEnabled.main+xml",
)


def office_file(*parts, types=DOCX_TYPES, main="word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(main, "<w:document/>")
        for name, data in parts:
            archive.writestr(name, data)
    return buffer.getvalue()


def declaring(content: bytes, member: str, size: int) -> bytes:
    """The archive with `member`'s inflated size in its table of contents (the central
    directory) set to `size`: how a bomb of 400 MB looks, without making one."""
    data = bytearray(content)
    offset = data.find(b"PK\x01\x02")
    while offset != -1:
        name_length = struct.unpack_from("<H", data, offset + 28)[0]
        name = bytes(data[offset + 46 : offset + 46 + name_length]).decode()
        if name == member:
            struct.pack_into("<I", data, offset + 24, size)
            return bytes(data)
        offset = data.find(b"PK\x01\x02", offset + 46)
    raise AssertionError(f"{member} is not in the archive")


def upload(content: bytes, name="plan.docx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


BOMB = declaring(
    office_file(("word/media/image1.png", b"\0" * 400_000)),
    "word/media/image1.png",
    400 * 1024 * 1024,
)


@pytest.mark.parametrize(
    ("content", "refusal"),
    [
        (office_file(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA")), "contains macros"),
        (office_file(types=DOCM_TYPES), "contains macros"),
        (
            office_file(("xl/macrosheets/sheet1.xml", "<xm:macrosheet/>"), main="xl/workbook.xml"),
            "contains macros",
        ),
        (BOMB, "would unpack to 400 MB"),
        (office_file(*[(f"word/p{n}.xml", "<p/>") for n in range(1000)]), "holds 1003 parts"),
        (office_file(("word/media/zeros.bin", b"\0" * (11 * 1024 * 1024))), "would unpack"),
    ],
    ids=["vba-project", "macro-enabled-type", "excel-4-macro-sheet", "bomb", "entries", "ratio"],
)
def test_it_refuses_macros_and_archives_that_unpack_to_too_much(content, refusal):
    with translation.override("en"):
        kind, error = check_upload(upload(content))

    assert kind is None
    assert refusal in error


def test_an_ordinary_word_file_with_a_picture_is_accepted():
    picture = bytes(range(256)) * 400  # compresses little, as pictures do

    assert check_upload(upload(office_file(("word/media/image1.png", picture)))) == ("docx", None)


def test_a_bomb_is_judged_without_reading_its_parts(monkeypatch):
    def opened(*args, **kwargs):
        raise AssertionError("a part was read")

    monkeypatch.setattr(zipfile.ZipFile, "open", opened)

    with translation.override("en"):
        kind, error = check_upload(upload(BOMB))

    assert kind is None and "would unpack" in error


@pytest.fixture
def business_plan(db):
    return DocumentTypeFactory(code="business-plan", name_en="Business plan")


@pytest.fixture
def draft(applicant, business_plan):
    program = ProgramFactory(
        min_amount=10_000_000, max_amount=100_000_000, required_documents=[business_plan]
    )
    company = applicant.company_memberships.get().company
    return CaseFactory(company=company, program=program, created_by=applicant)


PURPOSE = "Open a distribution channel in Shanghai for our cells."


@pytest.mark.parametrize(
    ("content", "refusal"),
    [
        (office_file(("word/vbaProject.bin", b"VBA")), "“plan.docx” contains macros"),
        (BOMB, "“plan.docx” would unpack to 400 MB"),
    ],
    ids=["macros", "bomb"],
)
def test_the_draft_page_names_the_refused_document_and_stores_nothing(
    client, applicant, draft, business_plan, settings, content, refusal
):
    client.force_login(applicant)

    response = client.post(
        reverse("portal:edit", args=[draft.pk]),
        {"purpose": PURPOSE, "intent": "save", f"document_{business_plan.pk}": upload(content)},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert refusal in page
    assert draft.documents.count() == 0
    draft.refresh_from_db()
    assert draft.purpose == PURPOSE


def test_a_file_past_the_limit_is_refused_at_its_field_before_it_is_all_received(
    client, applicant, draft, business_plan, settings, tmp_path
):
    settings.UPLOAD_MAX_FILE_SIZE = 1024 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # past this, Django writes to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client.force_login(applicant)
    big = SimpleUploadedFile("plan.pdf", PDF_BYTES + b"0" * (3 * 1024 * 1024), "application/pdf")

    response = client.post(
        reverse("portal:edit", args=[draft.pk]),
        {"purpose": PURPOSE, f"document_{business_plan.pk}": big},
    )

    page = response.content.decode()
    assert response.status_code == 200
    error = page.index(f'id="error_1_id_document_{business_plan.pk}"')
    assert page.index("The file is larger than 1 MB.", error) - error < 200
    assert draft.documents.count() == 0
    draft.refresh_from_db()
    assert draft.purpose == PURPOSE  # what came before the file is kept
    assert list(tmp_path.iterdir()) == []  # its partial temporary file is gone


class CountingStream:
    def __init__(self, stream):
        self.stream, self.read_bytes = stream, 0

    def read(self, size=-1):
        data = self.stream.read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = self.stream.readline(size)
        self.read_bytes += len(data)
        return data


def test_the_upload_handler_stops_reading_the_body_at_the_limit(settings):
    settings.UPLOAD_MAX_FILE_SIZE = 256 * 1024
    big = SimpleUploadedFile("plan.pdf", PDF_BYTES + b"0" * (4 * 1024 * 1024))
    environ = RequestFactory().post("/", {"purpose": PURPOSE, "document_1": big}).environ
    length = int(environ["CONTENT_LENGTH"])
    environ["wsgi.input"] = body = CountingStream(environ["wsgi.input"])
    request = WSGIRequest(environ)

    assert request.POST["purpose"] == PURPOSE
    assert "document_1" not in request.FILES
    assert request.uploads_cut == ["document_1"]
    # Stopped after the limit and at most a chunk or two more; the rest was never read.
    assert body.read_bytes < settings.UPLOAD_MAX_FILE_SIZE + 256 * 1024 < length
