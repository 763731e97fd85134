"""The relocation plan, the application of a reshoring program: refused input is named at its
field, an eligible plan is routed to the center of the facility's province."""

import pytest
from django.urls import reverse

from cases.models import Case, CaseState
from centers.services import center_set_jurisdiction
from reshoring.models import RelocationPlan
from tests.reshoring.conftest import PLAN


def posted(**changes):
    values = {**PLAN, **changes}
    data = {k: v for k, v in values.items() if not isinstance(v, bool)}
    data.update({k: "on" for k, v in values.items() if v is True})
    return data


def test_the_draft_of_a_reshoring_case_asks_for_the_relocation_plan(client, applicant, draft):
    client.force_login(applicant)
    page = client.get(reverse("portal:edit", args=[draft.pk])).content.decode()
    assert "The facility in China" in page
    assert "Share of overseas production to be cut (%)" in page
    assert "target province in China" not in page.lower()
    assert "planned exports to China" not in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cut_percent": 101}, "cut_percent", "Enter a share between 0 and 100 %."),
        ({"cut_percent": -1}, "cut_percent", "Enter a share between 0 and 100 %."),
        ({"planned_investment": 0}, "planned_investment", "must be more than 0 won"),
        ({"planned_investment": -5}, "planned_investment", "must be more than 0 won"),
        (
            {"korea_ksic": "26110"},
            "korea_ksic",
            "the first 3 digits of the KSIC codes must match (282 and 261 do not)",
        ),
        (
            {"cut_percent": 20},
            "cut_percent",
            "cut at least 25 % of their production abroad; your plan cuts 20 %",
        ),
    ],
)
def test_it_refuses_a_plan_with_a_message_at_the_field(
    client, applicant, draft, changes, field, message
):
    client.force_login(applicant)
    response = client.post(
        reverse("portal:edit", args=[draft.pk]), posted(**changes) | {"intent": "save"}
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    page = response.content.decode()
    assert f'href="#id_{field}"' in page  # the summary at the top links to the field
    assert 'value="Ochang Science Industrial Complex"' in page  # what was typed stays
    assert not RelocationPlan.objects.exists()


def test_the_programs_ksic_level_is_a_setting(client, applicant, draft):
    draft.program.reshoring_settings.ksic_digits = 4
    draft.program.reshoring_settings.save()
    client.force_login(applicant)
    # 282 is the same group, 2829 and 2820 different classes.
    data = posted(korea_ksic="28299") | {"intent": "save"}

    response = client.post(reverse("portal:edit", args=[draft.pk]), data)

    assert "the first 4 digits" in " ".join(response.context["form"].errors["korea_ksic"])


def test_an_eligible_plan_is_submitted_to_the_center_of_the_facilitys_province(
    client, applicant, draft, shanghai, beijing
):
    center_set_jurisdiction(center=shanghai, provinces=["CN-JS"])
    client.force_login(applicant)

    response = client.post(reverse("portal:edit", args=[draft.pk]), posted() | {"intent": "submit"})

    assert response.status_code == 302
    case = Case.objects.get(pk=draft.pk)
    assert case.state == CaseState.SUBMITTED
    assert case.center == shanghai
    assert (case.target_province, case.target_city) == ("CN-JS", "Suzhou")
    # 45 % of 24 bn won: what the program's rate allows, under its cap.
    assert case.amount_requested == 10_800_000_000
    assert case.relocation_plan.planned_jobs == 120


def test_an_administrator_sets_the_programs_minimum_cut_and_the_plan_follows(
    client, administrator, applicant, draft
):
    rules = draft.program.reshoring_settings
    client.force_login(administrator)
    url = reverse("admin:reshoring_reshoringsettings_change", args=[rules.pk])
    response = client.post(
        url,
        {
            "program": draft.program.pk,
            "min_cut_percent": 50,  # the rule before the 2019 decree
            "ksic_digits": 4,
            "subsidy_rate_percent": 45,
            "cap_per_company": 30_000_000_000,
            "obligation_years": 5,
            "recovery_rule": "proportional",
        },
    )
    assert response.status_code == 302

    client.force_login(applicant)
    response = client.post(
        reverse("portal:edit", args=[draft.pk]), posted(cut_percent=40) | {"intent": "save"}
    )

    assert "cut at least 50 %" in " ".join(response.context["form"].errors["cut_percent"])
