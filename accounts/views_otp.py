"""The second step after the password, enrolling an authenticator app, and the account's
two-step verification page (accounts.otp holds the rules)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import otp
from accounts.forms import EnrolForm, SecondFactorForm


def _next(request) -> str:
    """The page to go back to: a path of this site, or the home page. Only a path: anything
    else (a bare word) redirect() would try as the name of a view."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, back: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': back})}"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request):
    """The code after the password (or a backup code)."""
    back = _next(request)
    if request.user.is_verified():
        return redirect(back)
    if not otp.has_second_factor(request.user):
        if otp.is_staff_account(request.user):
            return redirect(_with_next("accounts:second_factor_enrol", back))
        return redirect(back)
    form = SecondFactorForm(request.POST or None)
    if form.is_valid():
        try:
            device = otp.otp_verify(request=request, token=form.cleaned_data["code"])
        except otp.SecondFactorRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            if device.name == otp.BACKUP_DEVICE_NAME:
                messages.warning(
                    request,
                    _("You used a backup code; %(count)s left.")
                    % {"count": otp.backup_codes_left(request.user)},
                )
            return redirect(back)
    return render(request, "accounts/second_factor.html", {"form": form, "next": back})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def second_factor_enrol(request):
    """Add an authenticator app: scan or type the secret, confirm with its first code."""
    back = _next(request)
    if otp.has_second_factor(request.user) and not request.user.is_verified():
        # Replacing the factor takes the factor: otherwise a password alone would do.
        return redirect(_with_next("accounts:second_factor", back))
    key = request.session.get(otp.ENROL_KEY) or otp.new_key()
    request.session[otp.ENROL_KEY] = key
    form = EnrolForm(request.POST or None)
    if form.is_valid():
        try:
            device, codes = otp.otp_enrol(
                user=request.user, key=key, token=form.cleaned_data["code"]
            )
        except otp.SecondFactorRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            del request.session[otp.ENROL_KEY]
            otp.session_verified(request, device)
            request.session[otp.NEW_BACKUP_CODES] = codes
            return redirect(_with_next("accounts:second_factor_backup_codes", back))
    return render(
        request,
        "accounts/second_factor_enrol.html",
        {
            "form": form,
            "next": back,
            "qr_svg": otp.qr_svg(user=request.user, key=key),
            "secret": otp.secret_for_typing(key),
            "staff": otp.is_staff_account(request.user),
        },
    )


@never_cache
@login_required
@require_GET
def second_factor_backup_codes(request):
    """The new backup codes, shown once, right after enrolment."""
    codes = request.session.pop(otp.NEW_BACKUP_CODES, None)
    if not codes:
        return redirect("accounts:two_step")
    context = {"codes": codes, "next": _next(request)}
    return render(request, "accounts/second_factor_backup_codes.html", context)


@login_required
@require_GET
def two_step(request):
    """The account's two-step verification: on or off, and how to change it."""
    return _two_step_page(request, SecondFactorForm())


def _two_step_page(request, form, status=200):
    user = request.user
    return render(
        request,
        "accounts/two_step.html",
        {
            "enrolled_at": otp.enrolled_at(user),
            "enrolled": otp.has_second_factor(user),
            "backup_codes_left": otp.backup_codes_left(user),
            "staff": otp.is_staff_account(user),
            "form": form,
        },
        status=status,
    )


@require_POST
@login_required
def second_factor_disable(request):
    """A company user turns it off, with a code of the factor being removed."""
    form = SecondFactorForm(request.POST)
    if form.is_valid():
        try:
            otp.otp_verify(request=request, token=form.cleaned_data["code"])
            otp.otp_disable(user=request.user)
        except otp.SecondFactorRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            otp.session_forget(request)
            messages.success(request, _("Two-step verification is off."))
            return redirect("accounts:two_step")
    return _two_step_page(request, form, status=400)
