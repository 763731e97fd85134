"""The case page keeps every proposal: one sent back shows who sent it back and why, beside
the one that was approved."""

import re

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseState, Recommendation
from centers.models import TradeOfficial
from tests.factories import CaseFactory, ProgramFactory


def act(client, case, action, **data):
    version = Case.objects.values_list("version", flat=True).get(pk=case.pk)
    response = client.post(
        reverse("desk:act", args=[case.pk, action]), {"version": version, **data}
    )
    assert response.status_code == 302, response.content.decode()


def test_a_proposal_sent_back_is_shown_with_who_sent_it_back_and_why(
    client, beijing, beijing_official, lead
):
    officer = TradeOfficial.objects.get(user=beijing_official)
    case = CaseFactory(
        program=ProgramFactory(budget=1_000_000_000),
        state=CaseState.IN_REVIEW,
        reference="FIN-2026-000007",
        submitted_at=timezone.now(),
        center=beijing,
        amount_requested=60_000_000,
        assigned_to=officer,
        suggested_official=officer,
    )
    client.force_login(beijing_official)
    act(client, case, "recommend", outcome="approve", amount=50_000_000, note="Solid buyer.")
    client.force_login(lead)
    act(client, case, "send_back", reason="Check the buyer's credit first.")
    client.force_login(beijing_official)
    act(client, case, "recommend", outcome="approve", amount=40_000_000)
    client.force_login(lead)
    act(client, case, "approve", amount=40_000_000)

    first, second = Recommendation.objects.filter(case=case)
    assert (first.status, first.resolved_by, first.sent_back_reason) == (
        Recommendation.Status.SENT_BACK,
        lead,
        "Check the buyer's credit first.",
    )
    assert second.status == Recommendation.Status.APPROVED
    page = client.get(reverse("desk:case", args=[case.pk])).content.decode()
    section = page[page.index('id="h-proposals"') : page.index('id="h-application"')]
    sent_back = section[section.index(f'id="proposal-{first.pk}"') :]
    sent_back = sent_back[: sent_back.index("</li>")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", sent_back))
    assert "50,000,000" in text
    assert f"Sent back by {lead}" in text
    assert "Check the buyer&#x27;s credit first." in text
    assert "Solid buyer." in text
    approved = section[section.index(f'id="proposal-{second.pk}"') :]
    assert "The case was approved" in approved[: approved.index("</li>")]


def test_a_proposal_of_minus_five_opens_on_a_summary_that_links_to_the_amount(
    client, beijing, beijing_official
):
    officer = TradeOfficial.objects.get(user=beijing_official)
    case = CaseFactory(
        state=CaseState.IN_REVIEW,
        reference="FIN-2026-000008",
        submitted_at=timezone.now(),
        center=beijing,
        amount_requested=60_000_000,
        assigned_to=officer,
        suggested_official=officer,
    )
    client.force_login(beijing_official)
    version = Case.objects.values_list("version", flat=True).get(pk=case.pk)
    response = client.post(
        reverse("desk:act", args=[case.pk, "recommend"]),
        {"version": version, "outcome": "approve", "amount": "-5"},
    )
    html = response.content.decode()
    summary = html[
        html.index("data-error-summary") : html.index("</ul>", html.index("data-error-summary"))
    ]
    assert 'href="#id_recommend_amount"' in summary
    assert html.index("data-error-summary") < html.index('id="h-timeline"')
    assert 'value="-5"' in html
