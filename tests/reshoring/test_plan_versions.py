"""Two company members edit the relocation plan at once: the later save, from a form shown
before the first one, is refused and told what changed; nothing of either is lost."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases.errors import StaleCase
from reshoring import services
from reshoring.models import RelocationPlan
from tests.factories import PDF_BYTES, CompanyMemberFactory, DocumentTypeFactory
from tests.reshoring.conftest import PLAN
from tests.reshoring.test_plan_form import posted


@pytest.fixture
def colleague(company):
    return CompanyMemberFactory(
        company=company, user__full_name="박민서", user__email="minseo@hanbit.example.com"
    ).user


@pytest.fixture
def planned(draft, applicant):
    services.plan_save(case=draft, by=applicant, values=PLAN)
    draft.refresh_from_db()
    return draft


def test_a_save_from_a_stale_form_is_refused_with_what_changed(
    client, applicant, colleague, planned
):
    url = reverse("portal:edit", args=[planned.pk])
    client.force_login(applicant)
    shown = client.get(url).context["form"]["version"].value()
    other = Client()
    other.cookies["django_language"] = "en"
    other.force_login(colleague)

    # The colleague, who opened the form at the same moment, saves first: 130 jobs.
    response = other.post(url, posted(planned_jobs=130) | {"version": shown, "intent": "save"})
    assert response.status_code == 302
    # The owner's form still carries the version it was shown with: 150 jobs, refused.
    response = client.post(url, posted(planned_jobs=150) | {"version": shown, "intent": "save"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this application while you were editing it" in page
    assert "박민서" in page and "planned new jobs in Korea: 130" in page
    assert 'value="150"' in page  # what the owner typed is kept
    assert RelocationPlan.objects.get(case=planned).planned_jobs == 130
    # Saving again, from the page that showed the change, is deliberate: it goes through.
    again = response.context["form"]["version"].value()
    response = client.post(url, posted(planned_jobs=150) | {"version": again, "intent": "save"})
    assert response.status_code == 302
    assert RelocationPlan.objects.get(case=planned).planned_jobs == 150


def test_the_service_refuses_a_stale_version(applicant, colleague, planned):
    seen = planned.version
    services.plan_save(
        case=planned, by=colleague, values={**PLAN, "china_city": "Wuxi"}, seen_version=seen
    )
    with pytest.raises(StaleCase) as error:
        services.plan_save(
            case=planned, by=applicant, values={**PLAN, "china_staff": 10}, seen_version=seen
        )
    assert [event.actor for event in error.value.changes] == [colleague]
    plan = RelocationPlan.objects.get(case=planned)
    assert (plan.china_city, plan.china_staff) == ("Wuxi", PLAN["china_staff"])


def test_a_member_correcting_a_refused_plan_is_not_told_of_their_own_upload(
    client, applicant, planned
):
    document_type = DocumentTypeFactory()
    planned.program.required_documents.add(document_type)
    url = reverse("portal:edit", args=[planned.pk])
    client.force_login(applicant)
    shown = client.get(url).context["form"]["version"].value()
    upload = SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf")

    # The plan is refused (too small a cut), the document in the same post is kept.
    refused = client.post(
        url,
        posted(cut_percent=20)
        | {"version": shown, "intent": "save", f"document_{document_type.pk}": upload},
    )
    assert refused.status_code == 200
    assert planned.documents.count() == 1

    again = refused.context["form"]["version"].value()
    corrected = client.post(url, posted(cut_percent=30) | {"version": again, "intent": "save"})

    assert corrected.status_code == 302
    assert RelocationPlan.objects.get(case=planned).cut_percent == 30
