"""The Django admin shows a case and the rows the services wrote for it, and changes none of
them: every write goes through cases/services.py."""

from django.urls import reverse
from django.utils import timezone

from cases import services, sla
from cases.models import Case, CaseState, Decision, Outcome, Recommendation
from centers.models import TradeOfficial
from tests.factories import CaseFactory, ProgramFactory


def test_the_administrator_sees_a_cases_proposals_and_decision_and_changes_nothing(
    client, administrator, beijing, beijing_official, lead
):
    officer = TradeOfficial.objects.get(user=beijing_official)
    case = CaseFactory(
        program=ProgramFactory(budget=1_000_000_000),
        state=CaseState.IN_REVIEW,
        reference="FIN-2026-000009",
        submitted_at=timezone.now(),
        center=beijing,
        amount_requested=60_000_000,
        assigned_to=officer,
        decision_due=sla.add_business_days(sla.today(), 20),
    )
    for action, by, data in [
        ("recommend", beijing_official, {"outcome": Outcome.APPROVE, "amount": 50_000_000}),
        ("send_back", lead, {"reason": "Too generous for a first loan."}),
        ("approve", lead, {"amount": 30_000_000}),
    ]:
        services.transition(case=case, action=action, by=by, **data)
    client.force_login(administrator)
    url = reverse("admin:cases_case_change", args=[case.pk])

    page = client.get(url).content.decode()
    posted = client.post(url, {"state": CaseState.REJECTED})

    assert "Too generous for a first loan." in page
    for editable in ("recommendations-0-sent_back_reason", "decision-0-amount", "events-0-note"):
        assert f'name="{editable}"' not in page
    assert posted.status_code == 403
    assert Case.objects.get(pk=case.pk).state == CaseState.APPROVED
    assert Recommendation.objects.get(case=case).status == Recommendation.Status.SENT_BACK
    assert Decision.objects.get(case=case).amount == 30_000_000
