from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from cases.models import Case, CaseState
from centers.models import StaffAssignment, SupportCenter
from programs.models import Sector


def snapshot():
    """Every row of our apps, as plain values, so two runs can be compared."""
    rows = {}
    for label in ("accounts", "programs", "applicants", "centers", "cases", "reshoring"):
        for model in apps.get_app_config(label).get_models():
            rows[model._meta.label] = sorted(
                tuple(sorted(row.items())) for row in model.objects.values()
            )
    return rows


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_is_idempotent(db):
    seed()
    first = snapshot()

    seed()

    assert snapshot() == first


def test_it_prints_a_login_for_every_role_and_every_center(db):
    output = seed()

    assert DEMO_PASSWORD in output
    assert "admin@example.com" in output
    assert "company@example.com" in output
    for center in SupportCenter.objects.all():
        assert f"Center lead · {center.name_en}" in output
        assert f"Trade officer · {center.name_en}" in output


def test_it_opens_centers_with_one_lead_each_and_one_headquarters(db):
    seed()

    centers = SupportCenter.objects.with_staff_counts()
    assert {c.city for c in centers} >= {"Beijing", "Shanghai", "Qingdao", "Guangzhou"}
    assert all(c.lead_count == 1 and c.staff_count >= 2 for c in centers)
    assert SupportCenter.objects.filter(is_headquarters=True).count() == 1
    assert StaffAssignment.objects.current().count() == StaffAssignment.objects.count()


def test_its_users_can_log_in_with_the_printed_password(client, db):
    seed()

    for email in ("admin@example.com", "company@example.com", "lead.shanghai@example.com"):
        response = client.post(
            reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
        assert response.wsgi_request.user.email == email
        client.logout()
    assert User.objects.get(email="admin@example.com").is_administrator


def test_it_seeds_the_focus_areas_of_the_support_package(db):
    seed()

    focus = set(Sector.objects.focus_areas().values_list("name_en", flat=True))
    assert focus == {
        "New industries",
        "Consumer goods",
        "Digital transition",
        "Green transition",
    }
    assert Sector.objects.get(code="steel").is_focus is False


def test_it_leaves_drafts_and_cases_at_each_step_of_the_desk(db):
    seed()

    states = set(Case.objects.values_list("state", flat=True))
    assert states == {
        CaseState.DRAFT,
        CaseState.SUBMITTED,
        CaseState.IN_REVIEW,
        CaseState.INFO_REQUESTED,
        CaseState.RELOCATION,  # the reshoring demo (reshoring/demo.py)
    }
    waiting = Case.objects.get(state=CaseState.INFO_REQUESTED)
    assert waiting.sla_due is None
    assert waiting.information_requests.get().items.count() == 2
    submitted = Case.objects.submitted()
    assert all(case.documents.exists() and case.reference for case in submitted)
