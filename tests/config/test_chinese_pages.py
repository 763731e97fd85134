"""Every page of the access matrix, rendered in Simplified Chinese, has no English source
string left: each marked string shows translated. Names and what users typed are data, not
source strings, and are left out; so is text marked as being in another language (the
language switch, a center's Korean and English names).

A string missing from the Chinese catalog shows in Korean, not English (Django falls back to
LANGUAGE_CODE), so our pages must not show Korean either. The admin's pages are checked for
English only: Django's own Chinese catalog lacks some of its newer strings, which then show
in Korean, and the admin of django-axes and django-otp, which ship no Chinese, is not ours."""

import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation

from tests.config.test_access import PAGES, ROLES, admin_model_pages, sample_kwargs, world
from tests.config.test_i18n import CHINESE_PO, read_po

__all__ = ["world"]  # the access matrix's world of samples, as a fixture here too

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
READ_ATTRIBUTES = {"alt", "aria-label", "placeholder", "title"}
# A placeholder, an HTML tag or a line break splits a source string into the parts a page
# shows verbatim.
SPLIT = re.compile(r"%\(\w+\)[sd]|%%|\{\w+\}|<[^>]*>|\n")
LINK_OR_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|/[\w/.-]*")
HANGUL = re.compile(r"[\uac00-\ud7a3]+")
NOT_OURS = ("/admin/axes/", "/admin/otp_static/", "/admin/otp_totp/")
# Django's admin writes its search icon's text in English, untranslated (search_form.html),
# and names the rows of a many-to-many table "<model> object (<id>)".
DJANGO_UNTRANSLATED = {"Search", "object"}


class VisibleText(HTMLParser):
    """What a reader sees or hears: text outside scripts and styles, and the attributes read
    out, except inside an element marked as another language than Chinese."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.stack, self.foreign_depth = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.foreign_depth is None:
            self.parts.extend(
                value for name, value in attrs.items() if name in READ_ATTRIBUTES and value
            )
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.parts.append(attrs["value"])
        if tag in VOID:
            return
        self.stack.append(tag)
        foreign = "lang" in attrs and not attrs["lang"].startswith("zh")
        if self.foreign_depth is None and (foreign or tag in ("script", "style")):
            self.foreign_depth = len(self.stack)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            if self.foreign_depth is not None and len(self.stack) <= self.foreign_depth:
                self.foreign_depth = None
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if self.foreign_depth is None and data.strip():
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(" ".join(part.split()) for part in parser.parts)


def source_fragments():
    """The English parts of each marked string that its Chinese translation does not keep."""
    fragments = set()
    for (_context, msgid), entry in read_po(CHINESE_PO).items():
        translation = " ".join(entry["msgstr"])
        for text in (msgid, entry["msgid_plural"] or ""):
            for part in SPLIT.split(text):
                part = part.strip(" .,:;()“”\"'·—-")
                # One short word ("for", "On") is too common to tell a source string.
                if (" " in part or len(part) >= 4) and part not in translation:
                    fragments.add(part)
    return sorted(fragments, key=len, reverse=True)


def typed_data():
    """Every name and free text in the database: what people typed, not source strings.
    Choices and slugs are codes, which a page must not show, so they stay in."""
    values = set()
    for model in apps.get_models():
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
            and not field.choices
            and not isinstance(field, models.SlugField)
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values.update(str(value) for value in row if value and len(str(value)) > 1)
    return sorted(values, key=len, reverse=True)


def without_data(text, data):
    for value in data:
        text = text.replace(value, " ")
    return LINK_OR_ADDRESS.sub(" ", text)


def english_left(text, fragments):
    # A word within a code or an identifier (center-2, Message-ID) is not a source string.
    return [
        fragment
        for fragment in fragments
        if re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", text, re.ASCII)
    ]


@pytest.mark.parametrize("role", ROLES)
def test_it_leaves_no_english_source_string_on_a_chinese_page(client, world, role):
    user = world[role]
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "zh-hans"
    fragments, data = source_fragments(), typed_data()
    pages = {**PAGES, **admin_model_pages()}
    rendered, problems = 0, []
    for name, (kwargs, expected) in sorted(pages.items()):
        if expected[role] != 200:
            continue
        kwargs = {key: world["samples"].get(value, value) for key, value in kwargs.items()}
        url = reverse(name, kwargs=sample_kwargs(name, kwargs, world["administrator"]))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        rendered += 1
        page = response.content.decode()
        assert '<html lang="zh-hans"' in page, f"{url} is not in Chinese"
        text = without_data(visible_text(page), data)
        left = english_left(text, fragments)
        if url.startswith("/admin/"):
            if url.startswith(NOT_OURS):
                continue
            left = [fragment for fragment in left if fragment not in DJANGO_UNTRANSLATED]
        else:
            left += HANGUL.findall(text)
        if left:
            problems.append(f"{url}: {left}")

    assert rendered > 5
    assert problems == [], "English left on Chinese pages:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", ["ko", "en", "zh-hans"])
def test_a_date_input_shows_its_date_in_every_language(db, language):
    """A date input takes ISO dates only: in Chinese's 2026/12/14 the browser showed the
    information request's "answer by" empty, and the request failed as incomplete."""
    from desk.forms import RequestInfoForm
    from tests.factories import CaseFactory

    form = RequestInfoForm(case=CaseFactory())
    with translation.override(language):
        field = str(form["due_on"])

    expected = form.fields["due_on"].initial.isoformat()
    assert f'value="{expected}"' in field


def test_an_amount_in_chinese_is_grouped_by_thousands():
    """Django's Chinese formats leave 50000000 ungrouped; config/formats groups it."""
    from programs.formatting import krw

    with translation.override("zh-hans"):
        assert krw(50_000_000) == "50,000,000 韩元"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("zh-hans", "此密码太短。密码至少须包含 8 个字符。"),
        ("ko", "이 비밀번호는 너무 짧습니다. 최소 8자 이상이어야 합니다."),
        ("en", "This password is too short. It must contain at least 8 characters."),
    ],
)
def test_a_short_password_is_refused_in_the_pages_language(client, db, language, message):
    """Django's Chinese catalog lacks this message: a Chinese sign-up showed it in Korean."""
    client.cookies["django_language"] = language
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "王晓明",
            "email": "wang@example.com",
            "language": language,
            "password1": "q7#kz",
            "password2": "q7#kz",
        },
    )

    assert response.status_code == 200
    assert message in response.content.decode()
