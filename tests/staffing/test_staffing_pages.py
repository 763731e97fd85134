"""Administrators' pages for the centers and the workload: what they show, who may see them."""

import datetime
import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseState
from centers import services as centers_services
from centers.charts import load_bar_chart, load_level
from centers.models import SupportCenter
from tests.factories import (
    CaseFactory,
    ProgramFactory,
    StaffAssignmentFactory,
    SupportCenterFactory,
)

_references = itertools.count(1)

BAR = re.compile(r'<g class="bar load-(\w+)"><text[^>]*>([^<]*)</text>')


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"


def open_case(center, official=None, *, days_ago=1, state=CaseState.SUBMITTED, program=None):
    return CaseFactory(
        state=state,
        center=center,
        suggested_official=official,
        reference=f"FIN-2025-{next(_references):06d}",
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **({"program": program} if program else {}),
    )


def officer_at(center, name, capacity):
    return StaffAssignmentFactory(
        center=center, official__user__full_name=name, official__max_open_cases=capacity
    ).official


def status_url(center):
    return reverse("staffing:center_status", kwargs={"pk": center.pk})


def staffing_urls(center):
    return [
        ("get", reverse("staffing:centers")),
        ("get", reverse("staffing:center", kwargs={"pk": center.pk})),
        ("post", status_url(center)),
        ("get", reverse("staffing:workload")),
    ]


@pytest.mark.parametrize("who", ["applicant", "official", "lead"])
def test_it_refuses_every_page_to_non_administrators(client, request, beijing, who):
    client.force_login(request.getfixturevalue(who))
    for method, url in staffing_urls(beijing):
        response = getattr(client, method)(url, {"status": "closed"} if method == "post" else {})
        assert response.status_code == 403, url
    beijing.refresh_from_db()
    assert beijing.status == SupportCenter.Status.OPEN


def test_it_sends_visitors_to_the_login_page(client, beijing):
    for method, url in staffing_urls(beijing):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_it_lists_every_center_with_its_open_cases(
    client, administrator, shanghai, beijing, official, lead
):
    centers_services.center_set_jurisdiction(center=shanghai, provinces=["CN-SH", "CN-ZJ"])
    officer = official.trade_official
    open_case(shanghai, officer)
    open_case(shanghai, officer, state=CaseState.IN_REVIEW)
    open_case(shanghai, None, state=CaseState.INFO_REQUESTED)
    open_case(shanghai, officer, state=CaseState.APPROVED)
    CaseFactory(center=shanghai)  # a draft
    open_case(beijing)
    client.force_login(administrator)

    response = client.get(reverse("staffing:centers"))

    assert response.status_code == 200
    rows = {c.code: c for c in response.context["centers"]}
    assert (rows["shanghai"].open_cases, rows["beijing"].open_cases) == (3, 1)
    assert (rows["shanghai"].province_count, rows["shanghai"].staff_count) == (2, 1)
    assert [str(a.official) for a in rows["beijing"].leads] == [str(lead)]
    html = response.content.decode()
    assert re.search(r'data-center="shanghai">.*?data-open-cases>3<', html, re.S)
    assert "Headquarters" in html


def test_it_shows_a_center_with_its_jurisdiction_and_staff(
    client, administrator, shanghai, official
):
    centers_services.center_set_jurisdiction(center=shanghai, provinces=["CN-ZJ", "CN-SH"])
    officer = official.trade_official
    officer.max_open_cases = 4
    officer.save()
    open_case(shanghai, officer)
    open_case(shanghai, officer)
    client.force_login(administrator)

    response = client.get(reverse("staffing:center", kwargs={"pk": shanghai.pk}))

    assert response.context["provinces"] == ["Shanghai", "Zhejiang"]
    [assignment] = response.context["staff"]
    assert (assignment.open_cases, assignment.load_percent) == (2, 50)
    assert "Close the center" in response.content.decode()


def test_closing_a_center_asks_first_where_everything_goes(client, administrator, shanghai):
    client.force_login(administrator)

    response = client.post(status_url(shanghai), {"status": "closed"}, follow=True)

    close_url = reverse("staffing:center_close", kwargs={"pk": shanghai.pk})
    assert response.redirect_chain[-1][0] == close_url
    assert "Its provinces, staff and open cases go to" in response.content.decode()
    shanghai.refresh_from_db()
    assert shanghai.status == SupportCenter.Status.OPEN


def test_it_refuses_to_open_a_center_over_a_taken_province(client, administrator, beijing):
    centers_services.center_set_jurisdiction(center=beijing, provinces=["CN-BJ"])
    tianjin = SupportCenterFactory(
        code="tianjin", city="Tianjin", province="CN-TJ", status=SupportCenter.Status.PLANNED
    )
    centers_services.center_set_jurisdiction(center=tianjin, provinces=["CN-BJ", "CN-TJ"])
    client.force_login(administrator)

    response = client.post(status_url(tianjin), {"status": "open"}, follow=True)

    assert response.status_code == 200
    assert "Beijing is already covered by Beijing Export Support Center." in (
        response.content.decode()
    )
    tianjin.refresh_from_db()
    assert (tianjin.status, tianjin.opened_on) == (SupportCenter.Status.PLANNED, None)
    assert not tianjin.jurisdiction.filter(is_active=True).exists()


def test_it_refuses_a_status_that_is_not_open_or_closed(client, administrator, beijing):
    client.force_login(administrator)

    response = client.post(status_url(beijing), {"status": "planned"}, follow=True)

    assert "Choose whether to open or close the center." in response.content.decode()
    beijing.refresh_from_db()
    assert beijing.status == SupportCenter.Status.OPEN


def test_it_shows_the_workload_per_official_and_center(
    client, administrator, shanghai, official, lead
):
    steady = official.trade_official
    steady.max_open_cases = 4
    steady.save()
    swamped = officer_at(shanghai, "Overloaded Officer", capacity=2)
    open_case(shanghai, steady, days_ago=40)
    open_case(shanghai, steady, days_ago=3)
    open_case(shanghai, steady, days_ago=31, state=CaseState.REJECTED)  # decided: not counted
    for days in (2, 5, 35):
        open_case(shanghai, swamped, days_ago=days)
    client.force_login(administrator)

    response = client.get(reverse("staffing:workload"))

    rows = {row.assignment.official: row for row in response.context["workload"].officials}
    numbers = {
        official: (row.load.open_cases, row.load.stale_cases, row.oldest_age_days, row.load.percent)
        for official, row in rows.items()
    }
    assert numbers[steady] == (2, 1, 40, 50)
    assert numbers[swamped] == (3, 1, 35, 150)
    assert numbers[lead.trade_official] == (0, 0, None, 0)
    centers = {row.center.code: row for row in response.context["workload"].centers}
    assert (centers["shanghai"].load.open_cases, centers["shanghai"].load.stale_cases) == (5, 2)
    assert (centers["shanghai"].load.capacity, centers["shanghai"].load.percent) == (6, 83)
    html = response.content.decode()
    assert "Open for more than 30 days" in html
    assert 'role="img"' in html
    bars = BAR.findall(html)
    assert sorted(label for _, label in bars) == sorted(str(o) for o in rows)
    assert [label for level, label in bars if level == "danger"] == ["Overloaded Officer"]


def test_it_colours_the_bars_by_load():
    assert [load_level(v, 100) for v in (0, 79, 80, 100, 101)] == [
        "normal",
        "normal",
        "warning",
        "warning",
        "danger",
    ]
    assert (load_level(0, 0), load_level(1, 0)) == ("normal", "danger")


def test_it_escapes_the_labels_of_the_chart():
    svg = load_bar_chart([("<script>alert(1)</script>", 1, 2)], title="Load & capacity")

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert '<title id="load-chart-title">Load &amp; capacity</title>' in svg
    assert 'aria-labelledby="load-chart-title"' in svg


def test_it_shortens_long_names_in_the_chart():
    svg = load_bar_chart([("Officer " + "x" * 40, 1, 2)])

    assert "x" * 40 not in svg
    assert "…" in svg


# Four for the session, the administrator and the second factor's device, then the page's
# own reads. Each count includes the one query of the navigation bar's unread-notifications
# bell.
QUERIES = {"staffing:centers": 7, "staffing:center": 8, "staffing:workload": 8}


@pytest.mark.parametrize("cases", [5, 50])
@pytest.mark.parametrize("page", sorted(QUERIES))
def test_it_reads_each_page_in_a_constant_number_of_queries(
    client, administrator, shanghai, official, lead, django_assert_max_num_queries, page, cases
):
    program = ProgramFactory()
    colleagues = [officer_at(shanghai, f"Officer {n}", capacity=10) for n in range(3)]
    officials = [official.trade_official, *colleagues]
    for n in range(cases):
        open_case(shanghai, officials[n % len(officials)], days_ago=n, program=program)
    for _ in range(cases // 10):  # more centers, each with its officer and a case, too
        center = SupportCenterFactory()
        open_case(center, officer_at(center, f"Officer at {center.code}", capacity=5))
    client.force_login(administrator)
    url = reverse(page, kwargs={"pk": shanghai.pk} if page == "staffing:center" else {})

    with django_assert_max_num_queries(QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200
