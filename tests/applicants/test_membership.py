import datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts.models import OutgoingEmail
from accounts.tasks import deliver_email, sweep_email
from applicants.models import CompanyInvitation, CompanyMember, JoinRequest
from tests.factories import (
    CompanyInvitationFactory,
    CompanyMemberFactory,
    JoinRequestFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """A visitor who reads the desk in English, so the assertions do not depend on the .po."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def company(applicant):
    """Company A, owned by the applicant."""
    return applicant.company_memberships.get().company


@pytest.fixture
def colleague(company):
    """A plain member of company A."""
    return CompanyMemberFactory(
        company=company, user__email="export@hanbit.example.com", user__full_name="문가영"
    ).user


def url(name, company, **kwargs):
    return reverse(f"companies:{name}", kwargs={"pk": company.pk, **kwargs})


def link_in(message) -> str:
    line = next(line for line in message.body.splitlines() if "/companies/invitations/" in line)
    return line.strip().removeprefix("http://testserver")


def test_it_shows_the_profile_and_the_members_to_a_member(client, company, colleague):
    client.force_login(colleague)

    page = client.get(url("detail", company)).content.decode()

    assert "Hanbit Battery Co., Ltd." in page
    assert company.business_number_display in page
    assert "이정호" in page and "문가영" in page
    assert "Invite a member" not in page  # the owner's tools stay with the owner


def test_a_member_of_company_b_gets_404_on_every_url_of_company_a(
    client, company, colleague, other_applicant
):
    join_request = JoinRequestFactory(company=company)
    member = colleague.company_memberships.get()
    client.force_login(other_applicant)

    pages = [url(name, company) for name in ("detail", "edit", "invite", "transfer")]
    actions = [
        url("leave", company),
        url("remove", company, member_pk=member.pk),
        url("approve", company, request_pk=join_request.pk),
        url("decline", company, request_pk=join_request.pk),
    ]

    assert [client.get(page).status_code for page in pages] == [404] * len(pages)
    assert [client.post(action).status_code for action in actions] == [404] * len(actions)
    assert CompanyMember.objects.filter(company=company).count() == 2
    assert JoinRequest.objects.get().status == JoinRequest.Status.PENDING


def test_it_invites_by_email_and_the_invitee_accepts(
    client, company, applicant, django_capture_on_commit_callbacks
):
    invitee = UserFactory(email="new.hire@hanbit.example.com", language="en")
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("invite", company), {"email": "New.Hire@hanbit.example.com"})

    assert response.status_code == 302
    assert len(callbacks) == 1  # sent only once the invitation is committed
    [message] = mail.outbox
    assert message.to == ["new.hire@hanbit.example.com"]
    assert message.subject == (
        "You are invited to join Hanbit Battery Co., Ltd. on the China Export Support Desk"
    )
    assert message.alternatives[0][1] == "text/html"

    client.force_login(invitee)
    link = link_in(message)
    assert "Accept the invitation" in client.get(link).content.decode()
    response = client.post(link)

    assert response.status_code == 302
    assert response.url == url("detail", company)
    assert CompanyMember.objects.get(company=company, user=invitee).role == "member"
    assert client.get(url("detail", company)).status_code == 200


def test_the_invitation_is_in_korean_for_someone_without_an_account(
    client, company, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("invite", company), {"email": "stranger@example.com"})

    [message] = mail.outbox
    assert "한빛배터리 주식회사" in message.subject


def test_an_invitation_survives_the_broker_being_down_and_the_sweep_sends_it_once(
    client, company, applicant, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(applicant)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis")

    with monkeypatch.context() as outage:
        outage.setattr(deliver_email, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url("invite", company), {"email": "stranger@example.com"})

    assert response.status_code == 302
    assert mail.outbox == []
    email = OutgoingEmail.objects.get(to="stranger@example.com")
    assert email.status == OutgoingEmail.Status.PENDING
    OutgoingEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    assert sweep_email.apply().get() == 1
    assert sweep_email.apply().get() == 0

    [message] = mail.outbox
    assert message.to == ["stranger@example.com"]
    token = CompanyInvitation.objects.get(email="stranger@example.com").token
    assert link_in(message) == reverse("companies:invitation", kwargs={"token": token})
    assert token not in str(list(OutgoingEmail.objects.values()))


def test_an_invitation_for_another_address_is_refused_with_a_message(client, company):
    invitation = CompanyInvitationFactory(company=company, email="someone.else@example.com")
    intruder = UserFactory(email="intruder@example.com")
    client.force_login(intruder)
    link = reverse("companies:invitation", kwargs={"token": invitation.token})

    response = client.post(link, follow=True)

    assert "This invitation was sent to another e-mail address" in response.content.decode()
    assert not CompanyMember.objects.filter(user=intruder).exists()
    assert client.get(url("detail", company)).status_code == 404


def test_an_expired_invitation_is_refused_with_a_message(client, company):
    invitee = UserFactory(email="late@example.com")
    invitation = CompanyInvitationFactory(company=company, email=invitee.email)
    client.force_login(invitee)
    link = reverse("companies:invitation", kwargs={"token": invitation.token})

    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        client.force_login(invitee)  # a week idle: the session has ended meanwhile
        page = client.get(link).content.decode()
        client.post(link)

    assert "This invitation has expired" in page
    assert "Accept the invitation" not in page
    assert not CompanyMember.objects.filter(user=invitee).exists()
    assert CompanyInvitation.objects.get().status == CompanyInvitation.Status.PENDING


def test_inviting_an_address_again_renews_its_invitation(client, company, applicant):
    client.force_login(applicant)
    client.post(url("invite", company), {"email": "twice@example.com"})
    first = CompanyInvitation.objects.get()

    client.post(url("invite", company), {"email": "TWICE@example.com"})

    renewed = CompanyInvitation.objects.get()
    assert renewed.token != first.token
    assert renewed.expires_at > first.expires_at


def test_it_refuses_to_invite_a_member(client, company, applicant, colleague):
    client.force_login(applicant)

    response = client.post(url("invite", company), {"email": colleague.email})

    assert response.status_code == 200
    assert "already a member" in str(response.context["form"].errors["email"])
    assert not CompanyInvitation.objects.exists()


def test_a_join_request_reaches_the_owner_who_approves_it(
    client, company, applicant, django_capture_on_commit_callbacks
):
    asker = UserFactory(email="asker@hanbit.example.com", full_name="박지훈")
    client.force_login(asker)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("companies:join"),
            {"business_number": company.business_number_display, "message": "Export team"},
        )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [applicant.email]
    assert "박지훈" in message.subject
    assert client.get(url("detail", company)).status_code == 404

    client.force_login(applicant)
    page = client.get(url("detail", company)).content.decode()
    assert "박지훈" in page and "Export team" in page
    join_request = JoinRequest.objects.get()
    client.post(url("approve", company, request_pk=join_request.pk))

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == applicant
    client.force_login(asker)
    assert client.get(url("detail", company)).status_code == 200


def test_a_declined_request_lets_nobody_in(client, company, applicant):
    join_request = JoinRequestFactory(company=company)
    client.force_login(applicant)

    client.post(url("decline", company, request_pk=join_request.pk))
    client.post(url("approve", company, request_pk=join_request.pk))

    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not CompanyMember.objects.filter(user=join_request.user).exists()


def test_asking_twice_sends_one_request(client, company, django_capture_on_commit_callbacks):
    client.force_login(UserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            client.post(reverse("companies:join"), {"business_number": company.business_number})

    assert JoinRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_transferring_ownership_keeps_exactly_one_owner(client, company, applicant, colleague):
    client.force_login(applicant)
    new_owner = colleague.company_memberships.get()

    response = client.post(url("transfer", company), {"new_owner": new_owner.pk})

    assert response.status_code == 302
    owners = CompanyMember.objects.owners().filter(company=company)
    assert [owner.user for owner in owners] == [colleague]
    assert CompanyMember.objects.get(company=company, user=applicant).role == "member"
    assert client.get(url("edit", company)).status_code == 403


def test_the_owner_must_transfer_ownership_before_leaving(client, company, applicant, colleague):
    client.force_login(applicant)

    response = client.post(url("leave", company), follow=True)

    assert "transfer the ownership to another member before you leave" in (
        response.content.decode()
    )
    assert CompanyMember.objects.filter(company=company, user=applicant).exists()


def test_a_member_who_leaves_loses_access_at_once(client, company, colleague):
    client.force_login(colleague)

    response = client.post(url("leave", company))

    assert response.status_code == 302
    assert client.get(url("detail", company)).status_code == 404


def test_a_removed_member_loses_access_at_once(client, company, applicant, colleague):
    member = colleague.company_memberships.get()
    client.force_login(applicant)
    client.post(url("remove", company, member_pk=member.pk))

    client.force_login(colleague)

    assert client.get(url("detail", company)).status_code == 404
    assert not CompanyMember.objects.filter(pk=member.pk).exists()


def test_the_owner_cannot_be_removed(client, company, applicant, colleague):
    owner = applicant.company_memberships.get()
    client.force_login(colleague)

    assert client.post(url("remove", company, member_pk=owner.pk)).status_code == 403
    assert CompanyMember.objects.filter(pk=owner.pk).exists()


@pytest.mark.parametrize("members", [2, 20])
def test_the_company_page_runs_a_bounded_number_of_queries(
    client, company, applicant, members, django_assert_max_num_queries
):
    CompanyMemberFactory.create_batch(members - 1, company=company)
    JoinRequestFactory.create_batch(3, company=company)
    CompanyInvitationFactory.create_batch(3, company=company)
    client.force_login(applicant)

    # Session, user, roles (navigation), the bell's unread count, membership with company,
    # members, items, requests, invitations: the same for 2 members or 20.
    with django_assert_max_num_queries(9):
        response = client.get(url("detail", company))

    assert response.content.decode().count("<tr>") == members + 1
