"""The company's side of an information request: seeing what is asked, answering it, and the
history of what was asked and answered; what officials write for each other stays hidden."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from cases import services, sla
from cases.models import CaseState, InternalNote
from centers.services import center_set_jurisdiction
from tests.factories import (
    PDF_BYTES,
    CaseFactory,
    DocumentTypeFactory,
    ProgramFactory,
    StaffAssignmentFactory,
)


@pytest.fixture
def company(applicant):
    return applicant.company_memberships.get().company


@pytest.fixture
def business_plan(db):
    return DocumentTypeFactory(code="business-plan", name_en="Business plan")


@pytest.fixture
def export_contract(db):
    return DocumentTypeFactory(code="export-contract", name_en="Export contract")


@pytest.fixture
def program(business_plan):
    return ProgramFactory(
        code="battery-loan",
        name_en="Battery export loan",
        min_amount=10_000_000,
        max_amount=100_000_000,
        required_documents=[business_plan],
    )


def shown(day) -> str:
    """A date as the English pages show it."""
    with translation.override("en"):
        return date_format(day, "DATE_FORMAT")


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def case(company, program, applicant, business_plan, shanghai, official):
    """Company A's application, submitted to the Shanghai center and taken by its officer."""
    center_set_jurisdiction(center=shanghai, provinces=["CN-SH"])
    case = CaseFactory(
        company=company,
        program=program,
        created_by=applicant,
        amount_requested=50_000_000,
        purpose="Open a distribution channel in Shanghai for our cells.",
        target_province="CN-SH",
        target_city="Shanghai",
        planned_exports_to_china="1250000.50",
    )
    services.document_add(case=case, by=applicant, document_type=business_plan, upload=pdf())
    services.case_submit(case=case, by=applicant)
    return services.transition(case=case, action="take", by=official)


def request_information(case, official, *items, message="We need a few more details."):
    return services.transition(
        case=case,
        action="request_info",
        by=official,
        message=message,
        due_on=sla.add_business_days(sla.today(), 5),
        items=list(items),
    )


@pytest.fixture
def asked(case, official, export_contract):
    """The officer asks for a new amount, the export contract, and a question."""
    return request_information(
        case,
        official,
        {"kind": "field", "field": "amount_requested"},
        {"kind": "document", "document_type": export_contract},
        {"kind": "question", "question": "Who is your distributor in Shanghai?"},
        message="The amount does not match the business plan.",
    )


def answer_data(case, export_contract, **overrides):
    question = case.information_requests.get().items.get(kind="question")
    return {
        "version": case.version,
        "amount_requested": "40000000",
        f"document_{export_contract.pk}": pdf("contract.pdf"),
        f"question_{question.pk}": "Shanghai Bright Trading Co.",
        **overrides,
    }


def test_the_detail_page_shows_what_is_asked_and_when_it_is_due(client, applicant, asked):
    client.force_login(applicant)

    page = client.get(reverse("portal:detail", args=[asked.pk])).content.decode()

    due_on = asked.information_requests.get().due_on
    assert "The trade official asks for information" in page
    assert "The amount does not match the business plan." in page
    assert f"Answer by {shown(due_on)}" in page
    for label in ["Amount requested (KRW)", "Export contract", "Who is your distributor"]:
        assert label in page
    assert reverse("portal:answer", args=[asked.pk]) in page


def test_my_applications_says_by_when_to_answer(client, applicant, asked):
    client.force_login(applicant)

    page = client.get(reverse("portal:my_cases")).content.decode()

    due_on = asked.information_requests.get().due_on
    assert f"Answer by {shown(due_on)}" in page


def test_the_answer_page_asks_exactly_what_was_requested_and_locks_the_rest(
    client, applicant, asked, export_contract
):
    client.force_login(applicant)

    page = client.get(reverse("portal:answer", args=[asked.pk])).content.decode()

    assert 'name="amount_requested"' in page and 'value="50000000"' in page  # prefilled
    assert f'name="document_{export_contract.pk}"' in page
    assert "Who is your distributor in Shanghai?" in page
    assert 'name="purpose"' not in page and 'name="target_city"' not in page
    assert "The rest of the application (not asked, cannot be changed)" in page
    assert "Open a distribution channel in Shanghai for our cells." in page  # read-only


def test_an_answer_goes_back_to_the_official_with_everything_asked(
    client, applicant, asked, export_contract
):
    client.force_login(applicant)

    response = client.post(
        reverse("portal:answer", args=[asked.pk]), answer_data(asked, export_contract), follow=True
    )

    asked.refresh_from_db()
    assert asked.state == CaseState.IN_REVIEW
    assert asked.amount_requested == 40_000_000
    assert asked.documents.get(document_type=export_contract).original_name == "contract.pdf"
    page = response.content.decode()
    assert "Your answers are sent. The trade official continues the review." in page
    assert "Information sent" in page  # the history
    # The request is now among the answered ones, with what was answered.
    assert "Information requests answered" in page
    assert "Shanghai Bright Trading Co." in page
    assert "contract.pdf" in page
    assert "The trade official asks for information" not in page


def test_a_field_that_was_not_asked_for_cannot_be_changed_by_posting_it(
    client, applicant, asked, export_contract
):
    client.force_login(applicant)

    client.post(
        reverse("portal:answer", args=[asked.pk]),
        answer_data(asked, export_contract, purpose="Something else entirely", target_city="Wuhan"),
    )

    asked.refresh_from_db()
    assert asked.state == CaseState.IN_REVIEW
    assert asked.purpose == "Open a distribution channel in Shanghai for our cells."
    assert asked.target_city == "Shanghai"


def test_an_amount_outside_the_program_limits_is_refused_next_to_the_field(
    client, applicant, asked, export_contract
):
    client.force_login(applicant)

    response = client.post(
        reverse("portal:answer", args=[asked.pk]),
        answer_data(asked, export_contract, amount_requested="500000000"),
    )

    assert response.status_code == 200
    assert "This program pays between 10,000,000 won and 100,000,000 won per case." in (
        response.content.decode()
    )
    asked.refresh_from_db()
    assert asked.state == CaseState.INFO_REQUESTED and asked.amount_requested == 50_000_000


def test_a_wrong_file_type_is_refused_with_its_message_and_the_typed_answers_are_kept(
    client, applicant, asked, export_contract
):
    client.force_login(applicant)
    fake = SimpleUploadedFile("contract.pdf", b"MZ\x90\x00 a program", "application/pdf")

    response = client.post(
        reverse("portal:answer", args=[asked.pk]),
        answer_data(
            asked,
            export_contract,
            amount_requested="45000000",
            **{f"document_{export_contract.pk}": fake},
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "“contract.pdf” is not a file type we accept, whatever its name says." in page
    assert 'value="45000000"' in page  # what was typed, not the stored amount
    assert "Shanghai Bright Trading Co." in page
    asked.refresh_from_db()
    assert asked.state == CaseState.INFO_REQUESTED
    assert asked.amount_requested == 50_000_000
    assert not asked.documents.filter(document_type=export_contract).exists()


def test_an_answer_to_a_case_that_changed_meanwhile_says_what_changed(
    client, applicant, asked, export_contract, shanghai
):
    client.force_login(applicant)
    data = answer_data(asked, export_contract)
    # The center's lead gives the case to a colleague while the company types its answers.
    lead = StaffAssignmentFactory(center=shanghai, role="lead").official.user
    colleague = StaffAssignmentFactory(center=shanghai).official
    services.transition(case=asked, action="reassign", by=lead, assignee=colleague, reason="Leave")

    response = client.post(reverse("portal:answer", args=[asked.pk]), data)

    page = response.content.decode()
    assert "This case changed while you were looking" in page
    assert "Reassigned to another trade official" in page
    assert "Leave" not in page  # the reassignment's reason is for officials
    asked.refresh_from_db()
    assert asked.state == CaseState.INFO_REQUESTED
    # Sent again, with the version now shown, the answers go through.
    resent = {**data, "version": asked.version, f"document_{export_contract.pk}": pdf("c.pdf")}
    client.post(reverse("portal:answer", args=[asked.pk]), resent)
    asked.refresh_from_db()
    assert asked.state == CaseState.IN_REVIEW


def test_without_an_open_request_the_answer_page_sends_back_to_the_case(client, applicant, case):
    client.force_login(applicant)

    response = client.get(reverse("portal:answer", args=[case.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("portal:detail", args=[case.pk])
    assert "No information is requested from your company now." in response.content.decode()


def test_a_member_of_another_company_gets_404_on_the_answer_page(
    client, other_applicant, asked, export_contract
):
    client.force_login(other_applicant)
    url = reverse("portal:answer", args=[asked.pk])

    answers = [
        client.get(url).status_code,
        client.post(url, answer_data(asked, export_contract)).status_code,
    ]

    assert answers == [404, 404]
    asked.refresh_from_db()
    assert asked.state == CaseState.INFO_REQUESTED


def test_the_official_cannot_answer_in_the_companys_name(client, official, asked, export_contract):
    client.force_login(official)

    response = client.post(
        reverse("portal:answer", args=[asked.pk]), answer_data(asked, export_contract)
    )

    assert response.status_code == 404
    asked.refresh_from_db()
    assert asked.state == CaseState.INFO_REQUESTED


def test_the_detail_page_never_shows_what_officials_write_for_each_other(
    client, applicant, case, official, shanghai
):
    InternalNote.objects.create(case=case, author=official, text="Owner seemed evasive on call")
    lead = StaffAssignmentFactory(center=shanghai, role="lead").official.user
    colleague = StaffAssignmentFactory(center=shanghai).official
    services.transition(
        case=case, action="reassign", by=lead, assignee=colleague, reason="Conflict of interest"
    )
    services.transition(
        case=case,
        action="recommend",
        by=colleague.user,
        outcome="approve",
        amount=30_000_000,
        note="Cut the amount: the plan is thin",
    )
    services.transition(case=case, action="send_back", by=lead, reason="Check the plan again")
    request_information(
        case,
        official,
        {"kind": "question", "question": "How many staff do you have?"},
        message="Please tell us about your team.",
    )
    client.force_login(applicant)

    page = client.get(reverse("portal:detail", args=[case.pk])).content.decode()

    for secret in [
        "Owner seemed evasive on call",
        "Conflict of interest",
        "Cut the amount",
        "30,000,000",
        "Check the plan again",
    ]:
        assert secret not in page
    # The entries themselves show, and notes meant for the company do too.
    assert "Reassigned to another trade official" in page
    assert "Decision proposed" in page
    assert "Proposal sent back for review" in page
    assert "Please tell us about your team." in page


@pytest.mark.parametrize("requests", [1, 4])
def test_the_detail_page_runs_a_bounded_number_of_queries(
    client, applicant, case, official, export_contract, django_assert_max_num_queries, requests
):
    for number in range(requests):
        request_information(
            case,
            official,
            {"kind": "field", "field": "purpose"},
            {"kind": "document", "document_type": export_contract},
            {"kind": "question", "question": f"Question {number}?"},
        )
        services.transition(
            case=case,
            action="answer_info",
            by=applicant,
            answers={
                item.pk: {"field": "A new purpose", "question": "An answer"}.get(
                    item.kind, pdf("contract.pdf")
                )
                for item in case.information_requests.first().items.all()
            },
        )
    client.force_login(applicant)

    # 12: one of them names the document types of the timeline's uploads.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:detail", args=[case.pk]))

    assert response.content.decode().count("An answer") == requests
