"""The security log: who signed in or failed to, who exported cases, changed the staffing
or decided, from which address; append-only, read by administrators on a page."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts.models import SecurityEvent, SecurityLogIsAppendOnly
from accounts.security import Action, security_event_log
from cases import handover, services
from cases.models import CaseState
from centers import services as centers_services
from centers.models import StaffAssignment
from tests.desk.test_desk import submitted
from tests.factories import PASSWORD, TradeOfficialFactory

CLIENT = "198.51.100.7"
SPOOFED = "203.0.113.9"


def events(action=None):
    rows = SecurityEvent.objects.order_by("pk")
    return list(rows.filter(action=action) if action else rows)


def test_a_sign_in_is_logged_with_the_address_the_server_saw(client, applicant):
    client.post(
        reverse("accounts:login"),
        {"username": "owner@hanbit.example.com", "password": PASSWORD},
        REMOTE_ADDR=CLIENT,
        HTTP_X_FORWARDED_FOR=SPOOFED,  # set by the client: never believed
    )

    [event] = events(Action.SIGN_IN)
    assert (event.actor, event.actor_email, event.ip_address) == (
        applicant,
        "owner@hanbit.example.com",
        CLIENT,
    )


def test_a_failed_sign_in_keeps_the_address_as_typed(client, applicant):
    for typed in ("OWNER@hanbit.example.com", "nobody@example.com"):
        client.post(
            reverse("accounts:login"), {"username": typed, "password": "wrong"}, REMOTE_ADDR=CLIENT
        )

    known, unknown = events(Action.SIGN_IN_FAILED)
    assert (known.actor, known.actor_email, known.ip_address) == (
        applicant,
        "OWNER@hanbit.example.com",
        CLIENT,
    )
    assert (unknown.actor, unknown.actor_email) == (None, "nobody@example.com")
    assert events(Action.SIGN_IN) == []


def test_signing_out_is_logged(client, applicant):
    client.force_login(applicant)

    client.post(reverse("accounts:logout"))

    [event] = events(Action.SIGN_OUT)
    assert event.actor == applicant


def test_a_csv_export_is_logged_with_its_filters(client, official, shanghai):
    submitted(shanghai)
    client.force_login(official)

    response = client.get(reverse("desk:export"), {"state": "submitted"}, REMOTE_ADDR=CLIENT)
    b"".join(response.streaming_content)

    [event] = events(Action.CSV_EXPORT)
    assert (event.actor, event.ip_address) == (official, CLIENT)
    assert event.details == {"filters": {"state": ["submitted"]}}


def test_ending_an_assignment_on_the_staffing_page_is_logged(
    client, administrator, official, shanghai
):
    client.force_login(administrator)
    official_pk = official.trade_official.pk

    client.post(
        reverse("staffing:staff_end", args=[official_pk]),
        {"reason": "Back to Seoul."},
        REMOTE_ADDR=CLIENT,
    )

    [event] = events(Action.STAFF_END)
    assert (event.actor, event.ip_address, event.object_id) == (
        administrator,
        CLIENT,
        str(official_pk),
    )
    assert event.details["center"] == "shanghai"
    assert event.details["reason"] == "Back to Seoul."


def test_each_staffing_change_is_logged(administrator, official, shanghai, beijing):
    officer = official.trade_official
    newcomer = TradeOfficialFactory()

    centers_services.staff_assign(
        official=newcomer, center=shanghai, role="officer", by=administrator, reason="Opening."
    )
    handover.official_move(
        official=officer, to_center=beijing, role="lead", by=administrator, reason="Needed."
    )
    handover.official_deactivate(official=newcomer, by=administrator, reason="Left.")
    centers_services.official_add(
        full_name="Kim Min-ji",
        email="minji@example.com",
        language="ko",
        title="Trade officer",
        languages=["ko"],
        specialties=[],
        max_open_cases=20,
        by=administrator,
        base_url="http://testserver",
    )

    assert [(e.action, e.object_label) for e in events() if e.action != Action.STAFF_END] == [
        (Action.STAFF_ASSIGN, str(newcomer)),
        (Action.STAFF_ASSIGN, str(officer)),
        (Action.STAFF_MOVE, str(officer)),
        (Action.OFFICIAL_DEACTIVATE, str(newcomer)),
        (Action.OFFICIAL_ADD, "Kim Min-ji"),
    ]
    assert {e.object_label for e in events(Action.STAFF_END)} == {str(officer), str(newcomer)}
    assert {e.actor for e in events()} == {administrator}
    move = events(Action.STAFF_MOVE)[0]
    assert move.details == {"from_center": "shanghai", "to_center": "beijing", "role": "lead"}


def test_closing_a_center_is_logged(administrator, official, shanghai, beijing):
    handover.center_close(center=shanghai, to_center=beijing, by=administrator, reason="Merged.")

    [event] = events(Action.CENTER_CLOSE)
    assert (event.actor, event.object_type, event.object_id) == (
        administrator,
        "supportcenter",
        str(shanghai.pk),
    )
    assert event.details["to_center"] == "beijing"


def test_decisions_are_logged(lead, beijing):
    approved = submitted(beijing, state=CaseState.IN_REVIEW, program__budget=1_000_000_000)
    rejected = submitted(beijing, state=CaseState.IN_REVIEW)

    services.transition(case=approved, action="approve", by=lead, amount=40_000_000)
    services.transition(
        case=rejected, action="reject", by=lead, reasons=["other"], explanation="Out of scope."
    )

    [approval] = events(Action.CASE_APPROVE)
    assert (approval.actor, approval.object_label) == (lead, approved.reference)
    assert approval.details["amount"] == 40_000_000
    [rejection] = events(Action.CASE_REJECT)
    assert rejection.details["explanation"] == "Out of scope."


def test_a_refused_decision_leaves_no_entry(lead, beijing):
    case = submitted(beijing, state=CaseState.IN_REVIEW, program__budget=1_000_000)

    with pytest.raises(services.CaseError):
        services.transition(case=case, action="approve", by=lead, amount=40_000_000)

    assert events(Action.CASE_APPROVE) == []


@pytest.fixture
def entry(db):
    return security_event_log(action=Action.SIGN_IN_FAILED, actor_email="x@example.com")


def test_the_app_cannot_change_or_delete_an_entry(entry):
    entry.actor_email = "someone-else@example.com"
    with pytest.raises(SecurityLogIsAppendOnly):
        entry.save()
    with pytest.raises(SecurityLogIsAppendOnly):
        entry.delete()
    with pytest.raises(SecurityLogIsAppendOnly):
        SecurityEvent.objects.filter(pk=entry.pk).update(actor_email="")
    with pytest.raises(SecurityLogIsAppendOnly):
        SecurityEvent.objects.all().delete()


def test_the_database_refuses_to_change_an_entry(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_securityevent SET actor_email = 'forged@example.com'")

    assert SecurityEvent.objects.get().actor_email == "x@example.com"


@pytest.mark.needs_postgres
def test_postgresql_refuses_to_delete_an_entry(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_securityevent")

    assert SecurityEvent.objects.count() == 1


@pytest.mark.needs_postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_still_lets_the_test_suite_empty_the_table(entry):
    """Flushing a transactional test's database truncates: no row trigger fires."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)

    assert SecurityEvent.objects.count() == 0


def test_an_unknown_action_is_a_programming_error(db):
    with pytest.raises(ValueError):
        security_event_log(action="made_up")


# The page --------------------------------------------------------------------------------


def log_page(client, **params):
    return client.get(reverse("staffing:security_log"), params)


def test_administrators_read_the_log_newest_first(client, administrator):
    security_event_log(action=Action.SIGN_IN_FAILED, actor_email="first@example.com")
    security_event_log(action=Action.SIGN_IN_FAILED, actor_email="second@example.com")
    client.cookies["django_language"] = "en"
    client.force_login(administrator)

    page = log_page(client).content.decode()

    assert page.index("second@example.com") < page.index("first@example.com")
    assert "Sign-in failed" in page


def test_the_log_is_filtered_by_person_and_action(client, administrator):
    security_event_log(action=Action.SIGN_IN_FAILED, actor_email="kim@hanbit.example.com")
    security_event_log(action=Action.CSV_EXPORT, actor_email="kim@hanbit.example.com")
    security_event_log(action=Action.SIGN_IN_FAILED, actor_email="lee@seohae.example.com")
    client.force_login(administrator)

    page = log_page(client, person="HANBIT", action=Action.SIGN_IN_FAILED).content.decode()

    assert page.count('data-event="') == 1
    assert "kim@hanbit.example.com" in page
    assert "lee@seohae.example.com" not in page


def test_the_log_pages_back_by_keyset_in_a_constant_number_of_queries(
    client, administrator, django_assert_max_num_queries
):
    client.force_login(administrator)  # logged too: the oldest entry
    for n in range(120):
        security_event_log(action=Action.SIGN_IN_FAILED, actor_email=f"u{n:03d}@example.com")

    with django_assert_max_num_queries(6):
        first = log_page(client).content.decode()
    older = first.split('href="?')[-1].split('"')[0].replace("&amp;", "&")
    with django_assert_max_num_queries(6):
        second = client.get(reverse("staffing:security_log") + "?" + older).content.decode()

    assert "u119@example.com" in first and "u070@example.com" in first
    assert "u069@example.com" not in first
    assert "u069@example.com" in second and "u020@example.com" in second
    assert "u070@example.com" not in second


@pytest.mark.parametrize(
    "params", [{"before": "abc"}, {"before": "-1"}, {"action": "nonsense"}, {"person": "x" * 300}]
)
def test_a_malformed_filter_is_named_not_an_error(client, administrator, params):
    client.force_login(administrator)

    assert log_page(client, **params).status_code == 200


def test_the_staffing_navigation_links_to_the_log(client, administrator):
    client.force_login(administrator)

    page = client.get(reverse("staffing:centers")).content.decode()

    assert reverse("staffing:security_log") in page


def test_assignments_in_the_log_name_the_official_and_the_center(administrator, shanghai):
    newcomer = TradeOfficialFactory()

    centers_services.staff_assign(
        official=newcomer,
        center=shanghai,
        role=StaffAssignment.Role.LEAD,
        by=administrator,
        reason="Opening.",
    )

    [event] = events(Action.STAFF_ASSIGN)
    assert event.object_type == "tradeofficial"
    assert event.details["center"] == "shanghai" and event.details["role"] == "lead"
