"""Korean is the desk's language, Simplified Chinese its third: every marked string has a
translation in both catalogues, and pages use them."""

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)
KOREAN_PO = BASE_DIR / "locale" / "ko" / "LC_MESSAGES" / "django.po"
CHINESE_PO = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
CATALOGUES = pytest.mark.parametrize("catalogue", [KOREAN_PO, CHINESE_PO], ids=["ko", "zh_Hans"])
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
# Directories whose files are not the project's source; hidden ones (.git, .venv...) too.
NOT_SOURCE = {"var", "locale", "tests", "test-artifacts", "node_modules", "__pycache__"}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def read_po(path):
    """The entries of a .po file by (msgctxt, msgid), without the header and obsolete ones.

    Each entry is a dict with "msgid", "msgid_plural", "msgstr" (a list: one string, or one
    per plural form) and "fuzzy".
    """
    entries = {}
    entry = field = None

    def finish():
        if entry is not None and entry["msgid"]:
            entries[(entry["msgctxt"], entry["msgid"])] = entry

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        # After the translation, anything but more of it starts the next entry.
        if entry is None or (field.startswith("msgstr") and not line.startswith(('"', "msgstr"))):
            finish()
            entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": []}
            entry["fuzzy"] = False
            field = ""
        if line.startswith("#"):
            flags = line[2:].split(",") if line.startswith("#,") else []
            entry["fuzzy"] |= "fuzzy" in (flag.strip() for flag in flags)
            continue
        keyword, _, quoted = ("", "", line) if line.startswith('"') else line.partition(" ")
        try:
            text = ast.literal_eval(quoted)
        except (SyntaxError, ValueError) as error:
            raise AssertionError(f"{path}:{number}: cannot read {line!r}") from error
        if not keyword and field.startswith("msgstr"):  # a string continuing the line before
            entry["msgstr"][-1] += text
        elif not keyword and field:
            entry[field] += text
        elif keyword.startswith("msgstr"):
            field = keyword
            entry["msgstr"].append(text)
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            field = keyword
            entry[keyword] = text
        else:
            raise AssertionError(f"{path}:{number}: cannot read {line!r}")
    finish()
    return entries


def copy_source(destination):
    for directory, subdirectories, files in os.walk(BASE_DIR):
        subdirectories[:] = [
            name for name in subdirectories if not name.startswith(".") and name not in NOT_SOURCE
        ]
        for name in files:
            source = Path(directory, name)
            if source.suffix in SOURCE_SUFFIXES:
                target = destination / source.relative_to(BASE_DIR)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    (destination / "locale").mkdir()


def missing_translation(entry):
    if entry is None:
        return "not in the .po"
    if entry["fuzzy"]:
        return "fuzzy"
    if not entry["msgstr"] or not all(entry["msgstr"]):
        return "not translated"
    return None


def describe(problems):
    return "\n".join(
        f"  {msgid!r}" + (f" (context {context!r})" if context else "") + f": {problem}"
        for (context, msgid), problem in sorted(problems.items(), key=lambda item: item[0][1])
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The marked strings of the source as makemessages finds them (once for both languages)."""
    tmp_path = tmp_path_factory.mktemp("messages")
    source = tmp_path / "source"
    copy_source(source)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-obsolete", "-v0"],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    entries = read_po(source / "locale" / "ko" / "LC_MESSAGES" / "django.po")
    assert entries, "makemessages found no marked strings: is the source copy complete?"
    return entries


@CATALOGUES
def test_it_has_a_translation_for_every_marked_string(extracted, catalogue):
    committed = read_po(catalogue)

    problems = {
        key: problem
        for key in extracted
        if (problem := missing_translation(committed.get(key))) is not None
    }
    assert not problems, (
        f"These marked strings have no translation in {catalogue.relative_to(BASE_DIR)}; "
        "run `make messages` and translate them:\n" + describe(problems)
    )


@CATALOGUES
def test_it_has_no_fuzzy_or_empty_entries_in_the_catalogue(catalogue):
    problems = {
        key: problem
        for key, entry in read_po(catalogue).items()
        if (problem := missing_translation(entry)) is not None
    }

    assert not problems, f"Fuzzy or untranslated entries in {catalogue.name}:\n" + describe(
        problems
    )


@CATALOGUES
def test_it_keeps_the_placeholders_in_every_translation(catalogue):
    problems = {}
    for key, entry in read_po(catalogue).items():
        expected = set(PLACEHOLDER.findall(entry["msgid"] + (entry["msgid_plural"] or "")))
        for translation in entry["msgstr"]:
            if set(PLACEHOLDER.findall(translation)) != expected:
                problems[key] = f"{translation!r} should use {sorted(expected)}"

    assert not problems, "Translations with other placeholders than the English:\n" + describe(
        problems
    )


@pytest.fixture
def compiled_korean():
    for po in (KOREAN_PO, CHINESE_PO):
        mo = po.with_suffix(".mo")
        assert mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime, (
            f"{mo.relative_to(BASE_DIR)} is missing or older than the .po: run "
            "`manage.py compilemessages --ignore=.venv --ignore=var` (make test does)."
        )


def test_it_serves_the_start_page_in_korean_by_default(client, db, compiled_korean):
    page = client.get("/").content.decode()

    assert '<html lang="ko"' in page
    assert "중국 수출지원 데스크" in page
    assert "로그인" in page


def test_it_switches_to_english_with_the_language_switch(client, db, compiled_korean):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302

    page = client.get("/").content.decode()

    assert '<html lang="en"' in page
    assert "China Export Support Desk" in page
    assert "Log in" in page
    assert "중국 수출지원 데스크" not in page


def test_it_shows_validation_errors_in_korean(client, applicant, compiled_korean):
    response = client.post(
        reverse("accounts:login"), {"username": applicant.email, "password": "not-the-password"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "이메일 주소 또는 비밀번호가 올바르지 않습니다." in page
    assert "비밀번호는 대소문자를 구분합니다." in page


def test_it_switches_to_simplified_chinese_named_in_its_own_script(client, db, compiled_korean):
    page = client.get("/").content.decode()
    assert 'value="zh-hans" lang="zh-hans"' in page
    assert ">简体中文</button>" in page

    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302

    page = client.get("/").content.decode()

    assert '<html lang="zh-hans"' in page
    assert "对华出口支援服务台" in page
    assert "登录" in page
    assert "중국 수출지원 데스크" not in page
    assert ">한국어</button>" in page
    assert ">English</button>" in page
