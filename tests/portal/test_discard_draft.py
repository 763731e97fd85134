"""A company member throws a draft away, after a confirmation; the draft's page leads to
editing it (issue 16, item 4)."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseState
from tests.factories import CaseFactory, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(applicant):
    company = applicant.company_memberships.get().company
    return CaseFactory(company=company, created_by=applicant)


def test_the_draft_s_page_leads_to_editing_and_to_discarding(client, applicant, draft):
    client.force_login(applicant)
    html = client.get(reverse("portal:detail", args=[draft.pk])).content.decode()
    assert f'href="{reverse("portal:edit", args=[draft.pk])}"' in html
    assert "Continue the application" in html
    assert f'href="{reverse("portal:discard", args=[draft.pk])}"' in html


def test_discarding_asks_first_then_deletes_the_draft_and_its_files(
    client, applicant, draft, django_capture_on_commit_callbacks
):
    document = DocumentFactory(case=draft)
    name = document.file.name
    client.force_login(applicant)

    page = client.get(reverse("portal:discard", args=[draft.pk])).content.decode()
    assert "Discard the draft?" in page
    assert document.original_name in page
    assert Case.objects.filter(pk=draft.pk).exists()  # opening the page deletes nothing

    with django_capture_on_commit_callbacks(execute=True):  # the files go after the commit
        response = client.post(reverse("portal:discard", args=[draft.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("portal:my_cases")
    assert "is discarded" in response.content.decode()
    assert not Case.objects.filter(pk=draft.pk).exists()
    assert not default_storage.exists(name)


def test_another_company_gets_404(client, other_applicant, draft):
    client.force_login(other_applicant)
    assert client.get(reverse("portal:discard", args=[draft.pk])).status_code == 404
    assert client.post(reverse("portal:discard", args=[draft.pk])).status_code == 404
    assert Case.objects.filter(pk=draft.pk).exists()


def test_a_submitted_application_is_not_discarded(client, applicant, draft):
    draft = CaseFactory(
        company=draft.company,
        state=CaseState.SUBMITTED,
        reference="FIN-2026-000001",
        submitted_at=timezone.now(),
    )
    client.force_login(applicant)
    response = client.post(reverse("portal:discard", args=[draft.pk]))
    assert response.url == reverse("portal:detail", args=[draft.pk])
    assert Case.objects.filter(pk=draft.pk).exists()
