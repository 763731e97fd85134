"""The security headers of every page: a Content-Security-Policy that allows no inline script
or style, and a Permissions-Policy that turns off the browser features no page uses."""

import re

import pytest
from django.urls import reverse

from tests.config.test_access import (  # noqa: F401  world is a fixture, used by name
    PAGES,
    ROLES,
    admin_model_pages,
    sample_kwargs,
    world,
)

# What a strict policy refuses in the HTML itself: a style attribute, a <style> element, a
# <script> without src, an event-handler attribute, a javascript: URL.
INLINE = re.compile(
    r"<[a-z][^>]*\sstyle\s*=|<style[\s>]|<script(?![^>]*\ssrc=)[^>]*>|"
    r"<[a-z][^>]*\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.django_db
def test_every_page_refuses_inline_script_and_style(client):
    policy = directives(client.get(reverse("home")))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert all("'unsafe-inline'" not in values for values in policy.values())
    assert all("'unsafe-eval'" not in values for values in policy.values())


@pytest.mark.django_db
def test_every_page_turns_off_camera_microphone_and_location(client):
    header = client.get(reverse("accounts:login"))["Permissions-Policy"]

    features = dict(part.strip().split("=") for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature


@pytest.mark.parametrize("role", ROLES)
def test_no_page_has_inline_script_or_style(client, world, role):  # noqa: F811
    """Every page of ours in the access table, as each role, and the admin's change lists:
    what the policy would refuse is not in them (the end-to-end tests check the same in a
    real browser on the journey's pages)."""
    user = world[role]
    if user is not None:
        client.force_login(user)
    found = []
    changelists = {k: v for k, v in admin_model_pages().items() if k.endswith("_changelist")}
    for name, (kwargs, _expected) in sorted({**PAGES, **changelists}.items()):
        kwargs = {key: world["samples"].get(value, value) for key, value in kwargs.items()}
        response = client.get(
            reverse(name, kwargs=sample_kwargs(name, kwargs, world["administrator"]))
        )
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        assert "Content-Security-Policy" in response, name
        found += [
            f"{name}: {match.group()[:80]}" for match in INLINE.finditer(response.content.decode())
        ]
    assert found == []
