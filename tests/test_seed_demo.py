import datetime
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from cases import sla
from cases.demo_book import BOOK_DOMAIN
from cases.models import Case, CaseState
from cases.selectors import workload
from centers.models import StaffAssignment, SupportCenter
from programs.models import Sector


def snapshot():
    """Every row of our apps, as plain values, so two runs can be compared."""
    rows = {}
    for label in ("accounts", "programs", "applicants", "centers", "cases", "reshoring"):
        for model in apps.get_app_config(label).get_models():
            # By repr: a column may hold None in one row and a date in another.
            rows[model._meta.label] = sorted(
                (tuple(sorted(row.items())) for row in model.objects.values()), key=repr
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
    demo = Case.objects.exclude(company__contact_email__endswith=BOOK_DOMAIN)

    states = set(demo.values_list("state", flat=True))
    assert states == {
        CaseState.DRAFT,
        CaseState.SUBMITTED,
        CaseState.IN_REVIEW,
        CaseState.INFO_REQUESTED,
        CaseState.RELOCATION,  # the reshoring demo (reshoring/demo.py)
    }
    waiting = demo.get(state=CaseState.INFO_REQUESTED)
    assert waiting.sla_due is None
    assert waiting.information_requests.get().items.count() == 2
    submitted = demo.submitted()
    assert all(case.documents.exists() and case.reference for case in submitted)


def test_each_open_center_has_a_year_s_book_in_every_state_with_late_cases(db):
    seed()
    today = sla.today()
    book = Case.objects.filter(company__contact_email__endswith=BOOK_DOMAIN)

    for center in SupportCenter.objects.open():
        cases = book.filter(center=center)
        assert 20 <= cases.count() <= 60, center.code
        # Every state but the draft and the reshoring kind's own (reshoring/demo.py seeds it).
        expected = set(CaseState.values) - {CaseState.DRAFT, CaseState.RELOCATION}
        assert set(cases.values_list("state", flat=True)) == expected
    assert not book.filter(submitted_at__lt=timezone.now() - datetime.timedelta(days=366))
    assert book.filter(state=CaseState.APPROVED, approved_amount__gt=0, decided_by__isnull=False)
    assert book.open().filter(sla_due__lt=today).exists()  # late ones
    assert book.filter(information_requests__answered_at__isnull=False).exists()
    # Submitted with the program's documents, as the checklist asks.
    with_documents = book.filter(program__required_documents__isnull=False).distinct()
    assert with_documents and all(case.documents.exists() for case in with_documents)
    assert all(row.load.open_cases for row in workload().centers if row.center.status == "open")


def test_the_desk_of_shanghai_shows_a_working_queue(client, db):
    seed()
    lead = User.objects.get(email="lead.shanghai@example.com")
    client.force_login(lead)
    html = client.get(reverse("desk:queue")).content.decode()
    # Every open case of Shanghai's book on the first page (fewer than its 50 rows).
    shanghai = Case.objects.open().filter(center__code="shanghai").count()
    assert shanghai >= 5
    assert html.count('data-case="') == min(shanghai, 50)
