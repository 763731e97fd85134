"""Every URL of the access table, sent hostile values as each role: never a server error.

The values go into the URL's own parts (its ids, codes and tokens) and into the query
parameters the page reads (the desk's filter and cursors, the catalog's filter, pages,
searches, `next`). What a page cannot use gets a 400 or a 404, or is ignored; never a 500,
and nothing is logged as an error. Runs on SQLite and on PostgreSQL, which refuses NUL in
text where SQLite stores it.
"""

import base64
import json
import logging
import zlib
from urllib.parse import quote

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from desk.queue import DeskFilter
from programs.filters import ProgramFilter
from tests.config.test_access import (  # noqa: F401  (world: the access table's fixture)
    PAGES,
    ROLES,
    admin_model_pages,
    sample_kwargs,
    world,
)


def _cursor(*key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


# Each value percent-encoded as it travels in a URL. Control characters other than NUL are
# refused by the same rule (tests/config/test_input_guard.py), so NUL stands for them here.
HOSTILE = {
    "nul": quote("a\x00b", safe=""),
    "overlong": "x" * 10_000,
    "long": "x" * 3_000,
    "letters": "abc",
    "negative": "-1",
    "huge": "99999999999999999999",
    "right-to-left": quote("\u202eabc", safe=""),
    "noncharacter": quote("\uffff", safe=""),
    "broken utf-8": "%FF%FE%C0%80",
}
# For the desk's cursors: times with no place in UTC, numbers no column holds.
CURSORS = {
    "date overflow": quote("0001-01-01T00:00:00+23:59", safe=""),
    "cursor overflow": _cursor(1, "0001-01-01T00:00:00+23:59", 1),
    "cursor naive": _cursor(1, "0001-01-01T00:00:00", 1),
    "cursor huge": _cursor(10**20, "2026-01-01T00:00:00+09:00", -(10**20)),
}

DESK_FILTER = list(DeskFilter.base_filters)
# The query parameters each page reads; every page is also sent the common ones.
COMMON = ["q", "page", "next"]
QUERY = {
    "desk:queue": [*DESK_FILTER, "after", "before"],
    "desk:export": DESK_FILTER,
    "portal:catalog": list(ProgramFilter.base_filters),
    "companies:join": ["business_number"],
    "staffing:staff_assign": ["official"],
    "admin:autocomplete": ["term", "app_label", "model_name", "field_name"],
}
ADMIN_LIST = ["p", "o", "e", "_popup", "_to_field", "all"]
# Pages whose parameters are also tried one at a time (with all at once, a value refused in
# one parameter could hide what another does with it), by the roles that reach them. The
# export reads the same filter as the queue.
ONE_BY_ONE = {"desk:queue", "portal:catalog"}
ADMIN_PAGE_KINDS = {"changelist", "add", "change", "history", "delete"}

SENTINEL_TEXT = "zqxsentinelzqx"
SENTINEL_NUMBER = 987654321


def _values(name, role):
    """The hostile values for the page. The admin's model pages are the same five views for
    every model: they share the values out (a third each for the administrator, a quarter
    for those it sends to its log-in), so every value still meets every kind of page."""
    values = {**HOSTILE, **CURSORS} if name == "desk:queue" else HOSTILE
    if name.startswith("admin:") and name.rsplit("_", 1)[-1] in ADMIN_PAGE_KINDS:
        share = 3 if role == "administrator" else 4
        offset = zlib.crc32(name.encode())
        return {
            label: value
            for i, (label, value) in enumerate(values.items())
            if (i + offset) % share == 0
        }
    return values


def _url_with_marks(name, kwargs, people):
    """The page's URL with each path argument replaced by a mark, and the marks; a mark is
    a word where the pattern takes one, a number where it takes only digits."""
    kwargs = sample_kwargs(
        name,
        {key: people["samples"].get(value, value) for key, value in kwargs.items()},
        people["administrator"],
    )
    marks = {}
    for key in kwargs:
        for mark in (f"{SENTINEL_TEXT}{key}", str(SENTINEL_NUMBER + len(marks))):
            try:
                reverse(name, kwargs={**kwargs, key: mark})
            except NoReverseMatch:
                continue
            marks[key] = mark
            break
    return reverse(name, kwargs=kwargs), kwargs, marks


def _requests(name, kwargs, people, role, reaches):
    """(label, url) of every hostile request for the page."""
    url, kwargs, marks = _url_with_marks(name, kwargs, people)
    values = _values(name, role)
    for key, mark in marks.items():
        marked = reverse(name, kwargs={**kwargs, key: mark})
        for label, value in values.items():
            yield f"{key}={label}", marked.replace(mark, value)
    params = [*COMMON, *QUERY.get(name, [])]
    if name.endswith("_changelist"):
        params += ADMIN_LIST
    for label, value in values.items():
        yield f"every parameter={label}", url + "?" + "&".join(f"{p}={value}" for p in params)
    if name in ONE_BY_ONE and reaches:
        # A third of the values each, in turn, so that every value meets several parameters.
        for j, param in enumerate(QUERY[name]):
            for i, (label, value) in enumerate(values.items()):
                if (i + j) % 3 == 0:
                    yield f"{param}={label}", f"{url}?{param}={value}"


@pytest.mark.parametrize("role", ROLES)
def test_no_hostile_value_in_any_url_gives_a_server_error(client, world, role, caplog):  # noqa: F811
    user = world[role]
    if user is not None:
        client.force_login(user)
    caplog.set_level(logging.ERROR)
    failures = []
    for name, (kwargs, expected) in sorted({**PAGES, **admin_model_pages()}.items()):
        for label, url in _requests(name, kwargs, world, role, reaches=expected[role] == 200):
            try:
                # A savepoint each: on PostgreSQL, one failed query would fail all the rest.
                with transaction.atomic():
                    response = client.get(url)
            except Exception as error:  # the test client re-raises what the view raised
                failures.append(f"{name} {label}: {type(error).__name__}: {error}"[:300])
                continue
            if response.status_code >= 500:
                failures.append(f"{name} {label}: {response.status_code}")
    # Django reports what it refuses as suspicious (an admin `_to_field` it does not know) to
    # django.security, with a 400: a report meant for the operators, not a failure.
    errors = [
        f"{record.name}: {record.getMessage()[:200]}"
        for record in caplog.records
        if record.levelno >= logging.ERROR and not record.name.startswith("django.security.")
    ]
    assert not failures, "\n".join(failures)
    assert not errors, "\n".join(errors)
