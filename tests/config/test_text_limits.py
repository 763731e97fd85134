"""Every text a person types has a limit, and the page that takes it says so at the field
instead of storing megabytes (the purpose field took 2 MB)."""

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth.forms import SetPasswordMixin
from django.db import models
from django.urls import get_resolver, reverse
from django.utils import translation

from cases.models import CaseState
from desk.forms import RequestInfoForm
from tests.desk.test_desk import submitted
from tests.factories import CaseFactory, ProgramFactory

OURS = {
    "accounts",
    "applicants",
    "cases",
    "centers",
    "desk",
    "notifications",
    "outreach",
    "portal",
    "programs",
    "staffing",
}
# Written by the code, never typed: a notification's text is made from a template.
SYSTEM_WRITTEN = {"notifications.Notification.body"}


def test_every_text_field_of_our_models_has_a_limit():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in OURS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]

    assert sorted(set(unlimited) - SYSTEM_WRITTEN) == []


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_text_field_of_our_forms_has_a_limit():
    assert get_resolver().url_patterns  # imports every page, and so every form
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in set(_subclasses(forms.BaseForm))
        if form.__module__.split(".")[0] in OURS
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
        and field.max_length is None
        # Passwords are hashed, never stored, and the request body itself is bounded.
        and not isinstance(field.widget, forms.PasswordInput)
        and not (issubclass(form, SetPasswordMixin) and name.startswith("password"))
    ]

    assert unlimited == []


@pytest.fixture
def draft(applicant):
    program = ProgramFactory(min_amount=10_000_000, max_amount=100_000_000)
    company = applicant.company_memberships.get().company
    return CaseFactory(company=company, program=program, created_by=applicant, purpose="Kept.")


def test_a_purpose_past_its_limit_is_named_at_the_field_and_not_stored(client, applicant, draft):
    client.cookies["django_language"] = "en"
    client.force_login(applicant)

    response = client.post(
        reverse("portal:edit", args=[draft.pk]),
        {"purpose": "x" * 4001, "target_city": "Shanghai", "intent": "save"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 4000 characters (it has 4001)." in page
    draft.refresh_from_db()
    assert draft.purpose == "Kept."
    assert draft.target_city == "Shanghai"  # the rest of the form is saved


def test_the_limit_is_said_in_korean(client, applicant, draft):
    client.cookies["django_language"] = "ko"
    client.force_login(applicant)

    response = client.post(reverse("portal:edit", args=[draft.pk]), {"purpose": "x" * 4001})

    assert "최대 4000 개의 글자" in response.content.decode()


def test_two_megabytes_of_text_are_refused_before_they_are_parsed(client, applicant, draft):
    client.force_login(applicant)

    response = client.post(reverse("portal:edit", args=[draft.pk]), {"purpose": "x" * 2_000_000})

    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.purpose == "Kept."


def test_a_decision_explanation_past_its_limit_is_refused_at_the_field(client, lead, beijing):
    case = submitted(beijing, state=CaseState.IN_REVIEW)
    client.cookies["django_language"] = "en"
    client.force_login(lead)

    response = client.post(
        reverse("desk:act", args=[case.pk, "reject"]),
        {"version": case.version, "reasons": ["other"], "explanation": "x" * 3001},
    )

    assert "Ensure this value has at most 3000 characters (it has 3001)." in (
        response.content.decode()
    )
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW


def test_a_question_past_its_limit_is_refused_rather_than_cut(db, beijing):
    case = submitted(beijing, state=CaseState.IN_REVIEW)
    data = {
        "version": case.version,
        "questions": "Who buys?\n" + "x" * 2001,
        "message": "We need to know more.",
        "due_on": "2999-01-01",
    }

    form = RequestInfoForm(data, case=case)

    with translation.override("en"):
        assert not form.is_valid()
    assert form.errors["questions"] == [
        "Each question may have at most 2000 characters (one has 2001)."
    ]
