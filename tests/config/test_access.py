"""Every named URL, for an anonymous visitor and for each role.

A URL this test does not know fails it: whoever adds a page adds its row here, and so
decides who may see it.
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import BackupCodeDevice, OutgoingEmail
from accounts.security import Action, security_event_log
from centers.services import center_set_jurisdiction
from notifications.models import Notification
from tests.factories import (
    CaseFactory,
    DocumentFactory,
    DocumentTypeFactory,
    ProgramFactory,
    PromisingItemFactory,
    StaffAssignmentFactory,
)
from tests.outreach.access_samples import liaison_samples
from tests.reshoring.access_samples import reshoring_samples
from tests.second_factor import authenticator

LOGIN = "login"  # 302 to the site's log-in page
ADMIN_LOGIN = "admin_login"  # 302 to the admin's log-in page
# Otherwise an answer is a status code, or (status code, Location) for a fixed redirect.
ROLES = ["anonymous", "company_member", "trade_official", "administrator"]


def everyone(answer):
    return dict.fromkeys(ROLES, answer)


def signed_in(answer, anonymous=LOGIN):
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], answer)}


def staff_only(answer, anonymous=ADMIN_LOGIN, member=ADMIN_LOGIN):
    return {
        "anonymous": anonymous,
        "company_member": member,
        "trade_official": member,
        "administrator": answer,
    }


# name: (kwargs, {role: expected answer})
PAGES = {
    "home": ({}, everyone(200)),
    "portal:catalog": ({}, everyone(200)),
    "portal:program": ({"code": "sample-program"}, everyone(200)),
    # Applying and withdrawing are POSTs; a GET is refused once the login is checked.
    "portal:apply": ({"code": "sample-program"}, signed_in(405)),
    "portal:withdraw": ({"pk": "case"}, signed_in(405)),
    "portal:my_cases": ({}, signed_in(200)),
    # The sample case is company A's draft; no center has it yet, so officials see nothing.
    "portal:detail": ({"pk": "case"}, {**signed_in(200), "trade_official": 404}),
    "portal:edit": ({"pk": "case"}, {**signed_in(404), "company_member": 200}),
    "portal:document": (
        {"pk": "case", "document_pk": "document"},
        {**signed_in(200), "trade_official": 404},
    ),
    # Answering is for the case's company only; with nothing asked of it (the sample is a
    # draft), its member is sent back to the case.
    "portal:answer": ({"pk": "case"}, {**signed_in(404), "company_member": 302}),
    # A draft has no decision, so no letter, for anyone; test_decision_letter.py covers who
    # reads the letter of a decided case.
    "portal:letter": ({"pk": "case"}, signed_in(404)),
    "healthz": ({}, everyone(200)),
    # Switching language is a POST; a GET just goes back to the start page.
    "set_language": ({}, everyone((302, "/"))),
    "accounts:login": ({}, {**everyone(302), "anonymous": 200}),
    "accounts:logout": ({}, everyone(405)),
    "accounts:signup": ({}, {**everyone(302), "anonymous": 200}),
    # "Check your e-mail" follows a sign-up, before anyone is signed in.
    "accounts:verification_sent": ({}, everyone(200)),
    "accounts:verification_required": ({}, signed_in(200)),
    # Asking for a new link is a POST; a tampered link gets a page that says so.
    "accounts:resend_verification": ({}, everyone(405)),
    "accounts:verify_email": ({"token": "tampered"}, everyone(200)),
    "accounts:password_change": ({}, signed_in(200)),
    # The second step: staff are verified (tests/conftest.py), so it sends them on; a
    # company user without a second factor has nothing to verify.
    "accounts:second_factor": ({}, signed_in((302, "/"))),
    "accounts:second_factor_enrol": ({}, signed_in(200)),
    # Shown once, right after enrolment; otherwise back to the account's page.
    "accounts:second_factor_backup_codes": ({}, signed_in((302, "/accounts/two-step/"))),
    "accounts:two_step": ({}, signed_in(200)),
    "accounts:second_factor_disable": ({}, everyone(405)),
    "accounts:password_change_done": ({}, signed_in(200)),
    "accounts:password_reset": ({}, everyone(200)),
    "accounts:password_reset_done": ({}, everyone(200)),
    "accounts:password_reset_confirm": ({"uidb64": "MQ", "token": "set-password"}, everyone(200)),
    "accounts:password_reset_complete": ({}, everyone(200)),
    "companies:list": ({}, signed_in(200)),
    # Staff accounts neither register nor join a company (STAFF_MAY_REGISTER_COMPANIES off).
    "companies:register": ({}, {**signed_in(200), "trade_official": 403, "administrator": 403}),
    "companies:join": ({}, {**signed_in(200), "trade_official": 403, "administrator": 403}),
    "companies:invitation": ({"token": "unknown"}, signed_in(404)),
    # Company A's pages: its owner (the company member persona) and nobody else.
    "companies:detail": ({"pk": "company"}, {**signed_in(404), "company_member": 200}),
    "companies:edit": ({"pk": "company"}, {**signed_in(404), "company_member": 200}),
    "companies:invite": ({"pk": "company"}, {**signed_in(404), "company_member": 200}),
    "companies:transfer": ({"pk": "company"}, {**signed_in(404), "company_member": 200}),
    "companies:leave": ({"pk": 999999}, everyone(405)),
    "companies:remove": ({"pk": 999999, "member_pk": 1}, everyone(405)),
    "companies:approve": ({"pk": 999999, "request_pk": 1}, everyone(405)),
    "companies:decline": ({"pk": 999999, "request_pk": 1}, everyone(405)),
    "admin:index": ({}, staff_only(200)),
    "admin:login": ({}, {**everyone(200), "administrator": 302}),
    "admin:logout": ({}, staff_only(405, anonymous=(302, "/admin/"), member=(302, "/admin/"))),
    "admin:password_change": ({}, staff_only(200)),
    "admin:password_change_done": ({}, staff_only(200)),
    "admin:jsi18n": ({}, staff_only(200)),
    # Without its query parameters the autocomplete refuses everyone, staff included.
    "admin:autocomplete": ({}, staff_only(403)),
    "admin:app_list": ({"app_label": "centers"}, staff_only(200)),
    # Staffing actions: administrators only. The sample official is the Shanghai officer.
    "staffing:staff_assign": ({}, {**signed_in(403), "administrator": 200}),
    "staffing:staff_move": ({"official_pk": "official"}, {**signed_in(403), "administrator": 200}),
    "staffing:staff_end": ({"official_pk": "official"}, {**signed_in(403), "administrator": 200}),
    # Centers and workload: administrators only. The sample center is Beijing; changing its
    # status is a POST, so a GET is refused once the role is checked.
    "staffing:centers": ({}, {**signed_in(403), "administrator": 200}),
    "staffing:center": ({"pk": "center"}, {**signed_in(403), "administrator": 200}),
    "staffing:center_status": ({"pk": "center"}, {**signed_in(403), "administrator": 405}),
    # Beijing is the headquarters: it cannot close, but the page says why.
    "staffing:center_close": ({"pk": "center"}, {**signed_in(403), "administrator": 200}),
    "staffing:center_history": ({"pk": "center"}, {**signed_in(403), "administrator": 200}),
    "staffing:officials": ({}, {**signed_in(403), "administrator": 200}),
    "staffing:official_new": ({}, {**signed_in(403), "administrator": 200}),
    "staffing:official_history": (
        {"official_pk": "official"},
        {**signed_in(403), "administrator": 200},
    ),
    "staffing:official_deactivate": (
        {"official_pk": "official"},
        {**signed_in(403), "administrator": 200},
    ),
    "staffing:workload": ({}, {**signed_in(403), "administrator": 200}),
    "staffing:security_log": ({}, {**signed_in(403), "administrator": 200}),
    # The triage desk: trade officials and administrators. Its actions are POSTs, refused as
    # GETs once the role is checked. The sample case is a draft, which no desk shows.
    "desk:queue": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:export": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:workflow": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:bulk_assign": ({}, {**signed_in(403), "trade_official": 405, "administrator": 405}),
    "desk:case": ({"pk": "case"}, {**signed_in(403), "trade_official": 404, "administrator": 404}),
    "desk:note": ({"pk": "case"}, {**signed_in(403), "trade_official": 405, "administrator": 405}),
    "desk:act": (
        {"pk": "case", "action": "take"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    # Conflicts of interest: each person declares and ends their own (ending is a POST).
    "desk:conflicts": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:conflict_end": (
        {"pk": 999999},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    # Announcements: every official reads their centers' list; only center leads (the
    # sample official is a Shanghai officer) and administrators post.
    "desk:announcements": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:announcement_new": ({}, {**signed_in(403), "administrator": 200}),
    # Everyone signed in has their own notifications; marking read is a POST.
    "notifications:list": ({}, signed_in(200)),
    "notifications:preferences": ({}, signed_in(200)),
    "notifications:read": ({"pk": "notification"}, signed_in(405)),
    "notifications:read_all": ({}, signed_in(405)),
    # Issue 16: a draft is discarded by its company's members only, after a confirmation.
    "portal:discard": ({"pk": "case"}, {**signed_in(404), "company_member": 200}),
    # The liaison with Chinese authorities (outreach/). The sample difficulty is company A's,
    # at Beijing: its members and the administrator see it; the Shanghai officer gets 404.
    "portal:difficulties": ({}, signed_in(200)),
    "portal:difficulty_new": ({}, {**signed_in(403), "company_member": 200}),
    "portal:difficulty": ({"pk": "difficulty"}, {**signed_in(404), "company_member": 200}),
    "portal:difficulty_file": (
        {"pk": "difficulty", "file_pk": "difficulty_file"},
        {**signed_in(404), "company_member": 200},
    ),
    "desk:difficulties": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:difficulty": (
        {"pk": "difficulty"},
        {**signed_in(403), "trade_official": 404, "administrator": 200},
    ),
    "desk:difficulty_record": (
        {"pk": "difficulty"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "desk:difficulty_close": (
        {"pk": "difficulty"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "desk:difficulty_file": (
        {"pk": "difficulty", "file_pk": "difficulty_file"},
        {**signed_in(403), "trade_official": 404, "administrator": 200},
    ),
    # The sample opportunity is Beijing's, for company A's sector.
    "portal:opportunities": ({}, signed_in(200)),
    "portal:opportunity": ({"pk": "opportunity"}, {**signed_in(404), "company_member": 200}),
    "desk:opportunities": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:opportunity_new": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:opportunity": (
        {"pk": "opportunity"},
        {**signed_in(403), "trade_official": 404, "administrator": 200},
    ),
    "desk:interest_status": (
        {"pk": "opportunity", "interest_pk": "interest"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    # The sample contact is Beijing's, with a follow-up; the overview is administrators'.
    "desk:contacts": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:contact_new": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "desk:contact": (
        {"pk": "contact"},
        {**signed_in(403), "trade_official": 404, "administrator": 200},
    ),
    "desk:follow_up_done": (
        {"pk": "contact", "follow_up_pk": "follow_up"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "staffing:liaison": ({}, {**signed_in(403), "administrator": 200}),
    "staffing:liaison_csv": ({}, {**signed_in(403), "administrator": 200}),
    # Reshoring (issue 13). The sample is company A's case in relocation at Beijing, not the
    # sample official's center (Shanghai): the company sees it, that official gets 404.
    "portal:relocation": ({"pk": "reshoring_case"}, {**signed_in(404), "company_member": 200}),
    "portal:evidence_upload": (
        {"pk": "reshoring_case", "milestone_pk": "milestone"},
        signed_in(405),
    ),
    "portal:evidence_file": (
        {"pk": "reshoring_case", "milestone_pk": "milestone"},
        {**signed_in(200), "trade_official": 404},
    ),
    "desk:schedule_fix": (
        {"pk": "reshoring_case"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "desk:milestone_verify": (
        {"pk": "reshoring_case", "milestone_pk": "milestone"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "desk:milestone_return": (
        {"pk": "reshoring_case", "milestone_pk": "milestone"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "desk:tranche_pay": (
        {"pk": "reshoring_case", "tranche_pk": "tranche"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "desk:recovery": (
        {"pk": "reshoring_case"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "desk:repayment": (
        {"pk": "reshoring_case"},
        {**signed_in(403), "trade_official": 405, "administrator": 405},
    ),
    "staffing:reshoring": ({}, {**signed_in(403), "administrator": 200}),
    # Issue 15: insights. The export indicators and their import are administrators' pages.
    "staffing:indicators": ({}, {**signed_in(403), "administrator": 200}),
    "staffing:indicators_import": ({}, {**signed_in(403), "administrator": 200}),
    # Program results: every center for administrators, their centers' for center staff.
    "staffing:results": ({}, {**signed_in(403), "administrator": 200}),
    "desk:results": ({}, {**signed_in(403), "trade_official": 200, "administrator": 200}),
    "staffing:goal": ({}, {**signed_in(403), "administrator": 200}),
    # The sample case is a draft, so nothing is asked of it: 404 for everyone signed in;
    # tests/insights/test_outcomes.py covers its company (200) and another company (404).
    "portal:outcome_report": ({"pk": "case", "months": 6}, signed_in(404)),
    # Issue 13 follow-ups: the company reports a closure on its relocation page (POST only;
    # tests/reshoring/test_closure_report.py covers another company and a center: 404).
    "portal:closure_report": ({"pk": "reshoring_case"}, signed_in(405)),
}

# What the administrator role may do in the Django admin, per model; the rest is refused.
ADMIN_ACTIONS = {
    "auth.group": {"view"},
    # django-axes' records of sign-ins: read-only, except that deleting a failed attempt
    # lifts the lockout it caused.
    "axes.accessattempt": {"view", "delete"},
    "axes.accesslog": {"view"},
    "axes.accessfailurelog": {"view"},
    "accounts.user": {"view", "add", "change"},
    # Read-only: whether each account e-mail went out; the outbox alone writes them.
    "accounts.outgoingemail": {"view"},
    # Read-only: the security log is append-only; the database refuses changes too.
    "accounts.securityevent": {"view"},
    # Read-only: cases change through the workflow, never in the admin.
    "cases.case": {"view"},
    "centers.centerprovince": {"view"},
    # Read-only: staffing changes on the staffing pages, which hand over cases.
    "centers.staffassignment": {"view"},
    # Added and deactivated on the staffing pages; the profile's details may change here.
    "centers.tradeofficial": {"view", "change"},
    # Read-only: whether each e-mail went out.
    "notifications.notification": {"view"},
    # A person enrols their own second factor; an administrator removes a lost phone's.
    "otp_totp.totpdevice": {"view", "delete"},
    "accounts.backupcodedevice": {"view", "delete"},
    # A reshoring program's rules: administrators keep them; nobody deletes them.
    "reshoring.reshoringsettings": {"view", "add", "change"},
}
ALL_ACTIONS = {"view", "add", "change", "delete"}


def admin_model_pages():
    """The admin's pages for every registered model, expected from ADMIN_ACTIONS."""
    pages = {}
    for model in admin.site._registry:
        label = model._meta.label_lower
        info = (model._meta.app_label, model._meta.model_name)
        allowed = ADMIN_ACTIONS.get(label, ALL_ACTIONS)
        pk = {"object_id": "sample"}

        def answer(action, allowed=allowed):
            return staff_only(200 if action in allowed else 403)

        pages["admin:{}_{}_changelist".format(*info)] = ({}, answer("view"))
        pages["admin:{}_{}_add".format(*info)] = ({}, answer("add"))
        pages["admin:{}_{}_change".format(*info)] = (pk, answer("view"))
        pages["admin:{}_{}_history".format(*info)] = (pk, answer("view"))
        pages["admin:{}_{}_delete".format(*info)] = (pk, answer("delete"))
    pages["admin:auth_user_password_change"] = ({"id": "sample"}, staff_only(200))
    pages["admin:view_on_site"] = (
        {"content_type_id": "sample", "object_id": "sample"},
        staff_only(404),  # no model here has a public page of its own
    )
    return pages


# Patterns without a name, by their view: the admin's catch-all (404 or its login page) and
# its redirect from an object's old address to its change page (admin checks apply there).
UNNAMED = {"admin:catch_all_view", "admin:RedirectView"}


def named_urls(patterns=None, namespace=""):
    """Every URL pattern's name; an unnamed one is listed by its view, so it is noticed too."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_urls(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or entry.lookup_str.rsplit(".", 1)[-1])


def sample_kwargs(name, kwargs, sample_object):
    if kwargs.get("object_id") == "sample" and "content_type_id" not in kwargs:
        prefix = name.removeprefix("admin:").rsplit("_", 1)[0]
        [model] = [
            m for m in admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == prefix
        ]
        return {"object_id": model._default_manager.order_by("pk").first().pk}
    if kwargs.get("id") == "sample":
        return {"id": sample_object.pk}
    if kwargs.get("content_type_id") == "sample":
        from django.contrib.contenttypes.models import ContentType

        return {
            "content_type_id": ContentType.objects.get_for_model(sample_object).pk,
            "object_id": sample_object.pk,
        }
    return kwargs


@pytest.fixture
def world(personas, other_applicant, lead, beijing_official, beijing):
    # Every model the admin shows has at least one row, so every object page has a sample.
    StaffAssignmentFactory(ends_on="2025-01-01", starts_on="2024-01-01")
    program = ProgramFactory(code="sample-program", required_documents=[DocumentTypeFactory()])
    PromisingItemFactory()
    security_event_log(action=Action.SIGN_IN_FAILED, actor_email="someone@example.com")
    center_set_jurisdiction(center=beijing, provinces=["CN-BJ"])
    company = personas["company_member"].company_memberships.get().company
    case = CaseFactory(company=company, program=program, created_by=personas["company_member"])
    personas["samples"] = {
        "case": case.pk,
        "document": DocumentFactory(case=case).pk,
        "company": company.pk,
        "official": personas["trade_official"].trade_official.pk,
        "center": beijing.pk,
        "notification": Notification.objects.create(
            recipient=personas["company_member"], kind="join_request", subject="s", body="b"
        ).pk,
        "email": OutgoingEmail.objects.create(kind="verify_email", to="a@example.com").pk,
    }
    authenticator(personas["administrator"])
    BackupCodeDevice.objects.create(user=personas["administrator"], name="backup codes")
    sign_in = {"username": "a@example.com", "ip_address": "192.0.2.1", "user_agent": "test"}
    AccessAttempt.objects.create(**sign_in, failures_since_start=1)
    AccessLog.objects.create(**sign_in)
    AccessFailureLog.objects.create(**sign_in)
    liaison_samples(personas, company)
    personas["samples"].update(reshoring_samples(company, personas["company_member"], beijing))
    return personas


def test_it_knows_every_named_url():
    known = set(PAGES) | set(admin_model_pages()) | UNNAMED
    unknown = sorted(set(named_urls()) - known)
    assert unknown == [], f"add these URLs to the access table in {__file__}: {unknown}"


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_each_role_as_the_table_says(client, world, role):
    user = world[role]
    if user is not None:
        client.force_login(user)
    failures = []
    for name, (kwargs, expected) in sorted({**PAGES, **admin_model_pages()}.items()):
        kwargs = {key: world["samples"].get(value, value) for key, value in kwargs.items()}
        url = reverse(name, kwargs=sample_kwargs(name, kwargs, world["administrator"]))
        response = client.get(url)
        answer = expected[role]
        if answer == LOGIN:
            ok = response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        elif answer == ADMIN_LOGIN:
            ok = response.status_code == 302 and response.url.startswith(reverse("admin:login"))
        elif answer == 405:
            # A POST-only URL: a GET goes back to a page (config/post_only.py), never "405".
            ok = response.status_code == 302 and response.url != url
        elif isinstance(answer, tuple):
            ok = (response.status_code, response.get("Location")) == answer
        else:
            ok = response.status_code == answer
        if not ok:
            failures.append(f"{name} {url}: expected {answer}, got {response.status_code}")
    assert failures == []
