from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import verified_email_required
from applicants import selectors, services
from applicants.models import CompanyInvitation, CompanyMember, JoinRequest
from portal.company_forms import (
    CompanyProfileForm,
    CompanyRegistrationForm,
    InvitationForm,
    JoinRequestForm,
    OwnershipTransferForm,
)


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _profile(form) -> dict:
    return {name: value for name, value in form.cleaned_data.items() if name != "business_number"}


def _staff_refused(request, refusal: str):
    """A staff account asked to register or join a company while the setting says no."""
    return render(request, "portal/companies/staff_refused.html", {"refusal": refusal}, status=403)


@login_required
def company_list(request):
    return render(
        request,
        "portal/companies/company_list.html",
        {
            "companies": selectors.companies_of(request.user),
            "join_requests": JoinRequest.objects.pending()
            .filter(user=request.user)
            .select_related("company"),
        },
    )


@require_http_methods(["GET", "POST"])
@verified_email_required
def company_register(request):
    if refusal := services.staff_refusal(request.user):
        return _staff_refused(request, refusal)
    form = CompanyRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["business_number"]
        try:
            company = services.company_register(
                by=request.user, business_number=number, **_profile(form)
            )
        except services.BusinessNumberTaken:
            form.add_business_number_taken_error(number)
        except services.MembershipRefused as refusal:
            return _staff_refused(request, refusal.message)
        else:
            messages.success(
                request, _("%(company)s is registered. You are its owner.") % {"company": company}
            )
            return redirect("companies:detail", pk=company.pk)
    return render(request, "portal/companies/company_form.html", {"form": form})


@login_required
def company_detail(request, pk):
    me = selectors.get_membership_for(request.user, pk)
    company = me.company
    return render(
        request,
        "portal/companies/company_detail.html",
        {"company": company, "me": me, **selectors.company_page(company, me, timezone.now())},
    )


@require_http_methods(["GET", "POST"])
@login_required
def company_edit(request, pk):
    company = selectors.get_company_for(request.user, pk, owner=True)
    form = CompanyProfileForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        try:
            services.company_update(company=company, by=request.user, **_profile(form))
        except services.MembershipRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The company's profile is saved."))
        return redirect("companies:detail", pk=company.pk)
    return render(request, "portal/companies/company_form.html", {"form": form, "company": company})


@require_http_methods(["GET", "POST"])
@login_required
def invitation_send(request, pk):
    company = selectors.get_company_for(request.user, pk, owner=True)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_send(
                company=company,
                by=request.user,
                email=form.cleaned_data["email"],
                base_url=_base_url(request),
            )
        except services.MembershipRefused as refusal:
            form.add_error("email", refusal.message)
        else:
            messages.success(
                request, _("We have sent an invitation to %(email)s.") % {"email": invitation.email}
            )
            return redirect("companies:detail", pk=company.pk)
    return render(request, "portal/companies/invite.html", {"form": form, "company": company})


@require_http_methods(["GET", "POST"])
@verified_email_required
def invitation_accept(request, token):
    invitation = get_object_or_404(
        CompanyInvitation.objects.select_related("company", "invited_by"), token=token
    )
    if request.method == "POST":
        try:
            member = services.invitation_accept(invitation=invitation, by=request.user)
        except services.MembershipRefused:
            # The page says why, as it does before anyone presses the button.
            return redirect("companies:invitation", token=token)
        messages.success(
            request, _("You are now a member of %(company)s.") % {"company": member.company}
        )
        return redirect("companies:detail", pk=member.company_id)
    refusal = services.invitation_refusal(invitation, request.user, now=timezone.now())
    return render(
        request, "portal/companies/invitation.html", {"invitation": invitation, "refusal": refusal}
    )


@require_http_methods(["GET", "POST"])
@verified_email_required
def join_request_send(request):
    if refusal := services.staff_refusal(request.user):
        return _staff_refused(request, refusal)
    form = JoinRequestForm(
        request.POST or None, initial={"business_number": request.GET.get("business_number")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.join_request_send(
                company=form.company,
                by=request.user,
                message=form.cleaned_data["message"],
                base_url=_base_url(request),
            )
        except services.MembershipRefused as refusal:
            form.add_error("business_number", refusal.message)
        else:
            messages.success(
                request,
                _("We have asked the owner of %(company)s to let you in.")
                % {"company": form.company},
            )
            return redirect("companies:list")
    return render(request, "portal/companies/join.html", {"form": form})


@require_POST
@login_required
def join_request_decide(request, pk, request_pk, decision):
    company = selectors.get_company_for(request.user, pk, owner=True)
    join_request = get_object_or_404(
        JoinRequest.objects.select_related("company", "user"), company=company, pk=request_pk
    )
    decide = {"approve": services.join_request_approve, "decline": services.join_request_decline}
    try:
        decide[decision](join_request=join_request, by=request.user)
    except services.MembershipRefused as refusal:
        messages.error(request, refusal.message)
    else:
        text = (
            _("%(name)s is now a member.")
            if decision == "approve"
            else _("You declined the request of %(name)s.")
        )
        messages.success(request, text % {"name": join_request.user.full_name})
    return redirect("companies:detail", pk=company.pk)


@require_http_methods(["GET", "POST"])
@login_required
def ownership_transfer(request, pk):
    company = selectors.get_company_for(request.user, pk, owner=True)
    form = OwnershipTransferForm(request.POST or None, company=company, by=request.user)
    if request.method == "POST" and form.is_valid():
        new_owner = form.cleaned_data["new_owner"]
        try:
            services.ownership_transfer(company=company, by=request.user, to=new_owner)
        except services.MembershipRefused as refusal:
            form.add_error("new_owner", refusal.message)
        else:
            messages.success(
                request,
                _("%(name)s is now the owner of the company.") % {"name": new_owner.user.full_name},
            )
            return redirect("companies:detail", pk=company.pk)
    return render(request, "portal/companies/transfer.html", {"form": form, "company": company})


@require_POST
@login_required
def membership_leave(request, pk):
    company = selectors.get_company_for(request.user, pk)
    try:
        services.membership_leave(company=company, by=request.user)
    except services.MembershipRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("companies:detail", pk=company.pk)
    messages.success(request, _("You have left %(company)s.") % {"company": company})
    return redirect("companies:list")


@require_POST
@login_required
def membership_remove(request, pk, member_pk):
    company = selectors.get_company_for(request.user, pk, owner=True)
    member = get_object_or_404(
        CompanyMember.objects.select_related("user"), company=company, pk=member_pk
    )
    try:
        services.membership_remove(company=company, by=request.user, member=member)
    except services.MembershipRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of the company.") % {"name": member.user.full_name},
        )
    return redirect("companies:detail", pk=company.pk)
