"""The fields of an application, defined once: the company's form shows them, an official may
ask for any of them, and the services write them into the case."""

from decimal import Decimal

from cases import services
from cases.fields import APPLICATION_FIELDS
from cases.models import Case
from desk.forms import RequestInfoForm
from portal.forms import CaseDraftForm
from tests.factories import CaseFactory, PromisingItemFactory


def test_the_form_and_the_request_for_information_offer_the_same_fields(db):
    case = CaseFactory()

    offered = [
        name for name, _label in RequestInfoForm(case=case).fields["fields_to_change"].choices
    ]

    shown = [name for name in CaseDraftForm(instance=case).fields if name != "version"]
    assert shown == list(APPLICATION_FIELDS) == offered


def test_saving_a_draft_writes_what_was_given_and_keeps_what_a_colleague_saved_meanwhile(
    applicant,
):
    item = PromisingItemFactory()
    case = CaseFactory(created_by=applicant)
    seen = Case.objects.get(pk=case.pk)  # this member's page, opened before the colleague saved
    services.case_save_draft(
        case=case, by=applicant, values={"amount_requested": 40_000_000, "export_items": [item]}
    )

    services.case_save_draft(
        case=seen,
        by=applicant,
        values={"purpose": "A sales office in Chengdu.", "target_city": "Chengdu"},
    )

    case.refresh_from_db()
    assert (case.amount_requested, case.purpose, case.target_city) == (
        40_000_000,
        "A sales office in Chengdu.",
        "Chengdu",
    )
    assert list(case.export_items.all()) == [item]
    assert case.planned_exports_to_china is None


def test_a_draft_value_that_is_cleared_is_saved_empty(applicant):
    case = CaseFactory(created_by=applicant, planned_exports_to_china=Decimal("100.00"))

    services.case_save_draft(case=case, by=applicant, values={"planned_exports_to_china": None})

    case.refresh_from_db()
    assert case.planned_exports_to_china is None
