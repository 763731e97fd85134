"""The triage desk as officials use it: the queue, the case page and its actions."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, CaseState
from centers.models import TradeOfficial
from desk.forms import ACTION_FORMS
from desk.queue import paging
from tests.factories import (
    CaseFactory,
    CompanyFactory,
    DocumentFactory,
    ProgramFactory,
    StaffAssignmentFactory,
)

_references = itertools.count(1)


def submitted(center, *, state=CaseState.SUBMITTED, priority=0, days_ago=1, **kwargs):
    """A case as routing leaves it: submitted to `center`, its clocks running."""
    kwargs.setdefault("sla_due", timezone.localdate() + datetime.timedelta(days=10))
    return CaseFactory(
        state=state,
        center=center,
        reference=f"FIN-2026-{next(_references):06d}",
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        amount_requested=50_000_000,
        priority=priority,
        **kwargs,
    )


def queue(client, **params):
    return client.get(reverse("desk:queue"), params)


def test_the_queue_shows_the_centers_cases_highest_priority_first(client, official, shanghai):
    low = submitted(shanghai, priority=10, company__name_en="Low Priority Co.")
    high = submitted(shanghai, priority=40, company__name_en="High Priority Co.")
    older_same = submitted(shanghai, priority=40, days_ago=5, company__name_en="Waiting Co.")
    client.force_login(official)

    page = queue(client).content.decode()

    positions = [page.index(case.reference) for case in (older_same, high, low)]
    assert positions == sorted(positions)


def test_an_official_never_sees_another_centers_cases(client, official, beijing):
    elsewhere = submitted(beijing, company__name_en="Beijing Only Co.")
    client.force_login(official)

    assert elsewhere.reference not in queue(client).content.decode()
    assert client.get(reverse("desk:case", args=[elsewhere.pk])).status_code == 404
    response = client.post(
        reverse("desk:act", args=[elsewhere.pk, "take"]), {"version": elsewhere.version}
    )
    assert response.status_code == 404
    assert Case.objects.get(pk=elsewhere.pk).state == CaseState.SUBMITTED


def test_a_company_member_cannot_open_the_desk(client, applicant):
    client.force_login(applicant)

    assert queue(client).status_code == 403


def test_search_finds_a_case_by_any_part_of_the_company_name_or_its_number(
    client, official, shanghai
):
    case = submitted(
        shanghai, company__name_ko="한빛배터리 주식회사", company__name_en="Hanbit Battery"
    )
    other = submitted(
        shanghai, company__name_ko="서해코스메틱", company__name_en="Seohae Cosmetics"
    )
    client.force_login(official)

    for text in ("빛배터", "battery", case.company.business_number_display, case.reference):
        page = queue(client, q=text).content.decode()
        assert case.reference in page, text
        assert other.reference not in page, text


def test_filters_narrow_the_queue(client, official, shanghai):
    me = TradeOfficial.objects.get(user=official)
    mine = submitted(shanghai, state=CaseState.IN_REVIEW, assigned_to=me, suggested_official=me)
    unassigned = submitted(shanghai)
    overdue = submitted(shanghai, sla_due=timezone.localdate() - datetime.timedelta(days=1))
    decided = submitted(shanghai, state=CaseState.REJECTED)
    client.force_login(official)

    assigned_to_me = queue(client, assigned="me").content.decode()
    assert mine.reference in assigned_to_me
    assert unassigned.reference not in assigned_to_me
    late = queue(client, sla="overdue").content.decode()
    assert overdue.reference in late and unassigned.reference not in late
    assert decided.reference not in queue(client).content.decode()
    assert decided.reference in queue(client, state="rejected").content.decode()


def test_pages_follow_each_other_without_gaps_or_repeats(client, official, shanghai, monkeypatch):
    monkeypatch.setattr(paging, "PAGE_SIZE", 3)
    cases = [submitted(shanghai, priority=n % 3, days_ago=n) for n in range(7)]
    client.force_login(official)
    pages = [queue(client).context["page"]]
    while pages[-1].next_cursor:
        pages.append(queue(client, after=pages[-1].next_cursor).context["page"])
    back = queue(client, before=pages[-1].previous_cursor).context["page"]

    expected = [c.pk for c in sorted(cases, key=lambda c: (-c.priority, c.submitted_at, c.pk))]
    assert [case["id"] for page in pages for case in page.cases] == expected
    assert len(pages) == 3
    assert [case["id"] for case in back.cases] == expected[3:6]


@pytest.mark.parametrize("language", ["ko", "en", "zh-hans"])
@pytest.mark.parametrize("count", [10, 500])
def test_the_queue_runs_the_same_queries_for_10_and_for_500_cases(
    client, official, shanghai, django_assert_max_num_queries, count, language
):
    # Several programs: a name the page's query leaves out would cost a query per program.
    programs = ProgramFactory.create_batch(4)
    companies = CompanyFactory.create_batch(count)
    now = timezone.now()
    Case.objects.bulk_create(
        Case(
            company=company,
            program=programs[n % len(programs)],
            state=CaseState.SUBMITTED,
            center=shanghai,
            reference=f"FIN-2026-{n:06d}",
            submitted_at=now,
            created_by=official,
            priority=n % 50,
        )
        for n, company in enumerate(companies)
    )
    client.force_login(official)
    client.cookies["django_language"] = language

    # The session, the user, the second factor's device, the roles, the centers staffed,
    # the filter's four lists, the page, the bell: none of them grows with the queue. An
    # officer leads nowhere, so no headquarters referrals are looked up.
    with django_assert_max_num_queries(11):
        response = queue(client)
    assert len(response.context["page"].cases) == min(count, 50)
    # The lists are kept: the next page reads the session, the user, the device, the
    # roles, the centers, the page and the bell.
    with django_assert_max_num_queries(7):
        queue(client, after=response.context["page"].next_cursor or "")


def test_an_official_takes_a_case_and_it_is_theirs(client, official, shanghai):
    case = submitted(shanghai)
    client.force_login(official)

    response = client.post(reverse("desk:act", args=[case.pk, "take"]), {"version": case.version})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    assert case.assigned_to.user == official
    assert case.first_response_at is not None
    page = client.get(reverse("desk:case", args=[case.pk])).content.decode()
    assert "Taken up by a trade official" in page


def test_a_stale_form_shows_what_changed_and_changes_nothing(client, official, shanghai):
    case = submitted(shanghai)
    seen = case.version
    colleague = StaffAssignmentFactory(center=shanghai).official
    services.transition(case=case, action="take", by=colleague.user)
    client.force_login(official)

    response = client.post(reverse("desk:act", args=[case.pk, "take"]), {"version": seen})

    assert response.status_code == 409
    page = response.content.decode()
    assert "This case changed while you were looking" in page
    assert "Taken up by a trade official" in page
    case.refresh_from_db()
    assert case.assigned_to == colleague
    assert CaseEvent.objects.filter(case=case, action="take").count() == 1


def test_a_refused_decision_keeps_what_was_typed_and_says_why(client, lead, beijing):
    case = submitted(beijing, state=CaseState.IN_REVIEW, program__budget=1_000_000_000)
    client.force_login(lead)

    response = client.post(
        reverse("desk:act", args=[case.pk, "approve"]),
        {"version": case.version, "amount": 60_000_000, "conditions": "Report sales monthly."},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "more than the 50,000,000 won the company asked for" in page
    assert "Report sales monthly." in page
    case.refresh_from_db()
    assert case.state == CaseState.IN_REVIEW
    assert case.program.committed == 0


def test_internal_notes_are_for_officials_only(client, official, applicant, shanghai):
    case = submitted(shanghai, company=applicant.company_memberships.get().company)
    client.force_login(official)
    client.post(reverse("desk:note", args=[case.pk]), {"text": "Call the CFO before deciding."})

    assert (
        "Call the CFO before deciding."
        in client.get(reverse("desk:case", args=[case.pk])).content.decode()
    )
    client.force_login(applicant)
    assert (
        "Call the CFO" not in client.get(reverse("portal:detail", args=[case.pk])).content.decode()
    )
    assert client.get(reverse("desk:case", args=[case.pk])).status_code == 403


def test_the_csv_export_streams_the_filtered_queue(client, official, shanghai):
    case = submitted(shanghai, company__name_en="=HYPERLINK(evil)")
    other = submitted(shanghai, state=CaseState.REJECTED)
    client.force_login(official)

    response = client.get(reverse("desk:export"))

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert case.reference in body
    assert other.reference not in body
    assert "'=HYPERLINK(evil)" in body


def test_the_morning_refresh_raises_the_priority_of_cases_that_wait(official, shanghai):
    from cases.tasks import refresh_priorities

    waiting = submitted(shanghai, days_ago=10, company__size="large")
    fresh = submitted(shanghai, days_ago=0, company__size="large")
    decided = submitted(shanghai, state=CaseState.REJECTED, days_ago=10)

    changed = refresh_priorities.delay().get()

    waiting.refresh_from_db()
    fresh.refresh_from_db()
    decided.refresh_from_db()
    assert waiting.priority > fresh.priority
    assert decided.priority == 0
    assert changed >= 1
    assert refresh_priorities.delay().get() == 0  # the same day again: nothing changes


def test_an_official_gets_404_for_every_case_url_of_another_center(client, official, beijing):
    case = submitted(beijing, state=CaseState.APPROVED, approved_amount=10_000_000)
    document = DocumentFactory(case=case)
    client.force_login(official)
    gets = [
        reverse("desk:case", args=[case.pk]),
        reverse("portal:detail", args=[case.pk]),
        reverse("portal:letter", args=[case.pk]),
        reverse("portal:answer", args=[case.pk]),
        reverse("portal:edit", args=[case.pk]),
        reverse("portal:document", args=[case.pk, document.pk]),
    ]
    posts = [reverse("desk:act", args=[case.pk, action]) for action in ACTION_FORMS] + [
        reverse("desk:note", args=[case.pk]),
        reverse("portal:withdraw", args=[case.pk]),
        reverse("portal:answer", args=[case.pk]),
    ]

    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"version": case.version, "reason": "x"}).status_code == 404, url
    assert Case.objects.get(pk=case.pk).version == case.version


def test_bulk_assign_offers_only_officials_who_work_at_the_centers_now(
    client, lead, beijing, shanghai
):
    here = StaffAssignmentFactory(center=beijing, official__user__full_name="Still Here").official
    moved = StaffAssignmentFactory(
        center=beijing,
        official__user__full_name="Moved Away",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 6, 30),
    ).official
    StaffAssignmentFactory(center=shanghai, official=moved)
    submitted(beijing)
    client.force_login(lead)

    response = queue(client)

    page = response.content.decode()
    assert f'<option value="{here.pk}">Still Here</option>' in page
    assert f'<option value="{moved.pk}">' not in page
    assert "Moved Away" not in page


def test_bulk_assign_offers_a_change_in_staffing_on_the_next_page(client, lead, beijing):
    submitted(beijing)
    client.force_login(lead)
    assert "Newly Placed" not in queue(client).content.decode()  # the list is kept now

    newcomer = StaffAssignmentFactory(center=beijing, official__user__full_name="Newly Placed")
    page = queue(client).content.decode()
    assert f'<option value="{newcomer.official.pk}">Newly Placed</option>' in page

    user = newcomer.official.user
    user.full_name = "Renamed Official"
    user.save()
    page = queue(client).content.decode()
    assert f'<option value="{newcomer.official.pk}">Renamed Official</option>' in page

    newcomer.ends_on = newcomer.starts_on
    newcomer.save()
    assert "Renamed Official" not in queue(client).content.decode()


def test_the_filter_offers_the_officials_own_centers_and_keeps_what_was_chosen(
    client, official, shanghai, beijing
):
    program = ProgramFactory(name_en="Reshoring Bridge Loans")
    client.force_login(official)

    page = queue(client, program=program.pk, center=shanghai.pk).content.decode()

    assert f'<option value="{program.pk}" selected>Reshoring Bridge Loans</option>' in page
    assert f'<option value="{shanghai.pk}" selected>' in page
    assert f'<option value="{beijing.pk}"' not in page
    # Asking for another center's cases by hand is refused, not answered.
    refused = queue(client, center=beijing.pk)
    assert refused.context["filter"].form.errors["center"]


def test_a_program_added_or_renamed_is_in_the_filter_on_the_next_page(client, official):
    client.force_login(official)
    queue(client)  # the filter's options are kept from here on
    program = ProgramFactory(name_en="Trade Fair Support")

    assert "Trade Fair Support" in queue(client).content.decode()

    program.name_en = "Trade Fair Travel Support"
    program.save()
    assert "Trade Fair Travel Support" in queue(client).content.decode()
