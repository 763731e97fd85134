"""Which files are accepted, recognised by their content, never by their name."""

import io
import zipfile

import pytest

from cases.documents import sniff
from tests.factories import PDF_BYTES


def _zip(entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


OOXML = [("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>")]


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF_BYTES, "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "jpg"),
        (_zip([*OOXML, ("word/document.xml", "<w/>")]), "docx"),
        (_zip([*OOXML, ("xl/workbook.xml", "<w/>")]), "xlsx"),
        (_zip([("mimetype", "application/hwp+zip"), ("Contents/section0.xml", "<s/>")]), "hwpx"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 64
            + "FileHeader".encode("utf-16-le")
            + "HwpSummaryInformation".encode("utf-16-le"),
            "hwp",
        ),
        (_zip([("readme.txt", "hello")]), None),
        (_zip([("word/evil.exe", "MZ"), ("run.js", "x")]), None),
        (_zip([("Contents/section0.xml", "<s/>"), ("mimetype", "application/hwp+zip")]), None),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        (b"%!PS-Adobe-3.0", None),
    ],
    ids=[
        "pdf",
        "png",
        "jpeg",
        "docx",
        "xlsx",
        "hwpx",
        "hwp",
        "zip",
        "docx-lookalike",
        "hwpx-lookalike",
        "exe",
        "postscript",
    ],
)
def test_it_recognises_the_accepted_types_by_content(content, kind):
    assert sniff(io.BytesIO(content)) == kind


def test_a_zip_bomb_is_looked_into_not_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/hwp+zip" + b"\0" * 50_000_000)

    assert sniff(io.BytesIO(buffer.getvalue())) is None
