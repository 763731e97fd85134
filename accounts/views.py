from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import services
from accounts.forms import SignUpForm
from accounts.models import User

# The sign-up of this browser: the address typed, for the "check your e-mail" page, and the
# new account's id (None when the address had one already), so that opening the link in
# this same browser signs the new account in.
SIGNED_UP = "signed_up"


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def signup(request):
    """Answers the same whether or not the address has an account: "check your e-mail". The
    new account is signed in when its link is opened in this browser, not before, or being
    signed in would tell a new address from a known one."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            user = services.user_sign_up(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=form.cleaned_data["language"],
                base_url=_base_url(request),
            )
            request.session[SIGNED_UP] = {
                "email": form.cleaned_data["email"],
                "user": user.pk if user else None,
            }
            return redirect("accounts:verification_sent")
    else:
        form = SignUpForm(initial={"language": get_language()})
    return render(request, "accounts/signup.html", {"form": form})


@require_GET
def verification_sent(request):
    """ "Check your e-mail", after sign-up and after asking for a new link."""
    if request.user.is_authenticated:
        email = request.user.email
    else:
        email = (request.session.get(SIGNED_UP) or {}).get("email")
    return render(request, "accounts/verification_sent.html", {"email": email})


@require_GET
@login_required
def verification_required(request):
    """Where verified_email_required sends a user who has not confirmed their address."""
    return render(request, "accounts/verification_required.html")


@require_GET
def verify_email(request, token):
    try:
        user_id = services.email_verify(token=token)
    except signing.SignatureExpired:
        return render(request, "accounts/verify_email_failed.html", {"expired": True})
    except signing.BadSignature:
        return render(request, "accounts/verify_email_failed.html", {"expired": False})
    signed_up = request.session.get(SIGNED_UP) or {}
    if not request.user.is_authenticated and signed_up.get("user") == user_id:
        # The browser that chose the password, now holding the link from the inbox.
        del request.session[SIGNED_UP]
        login(
            request,
            User.objects.get(pk=user_id),
            backend="django.contrib.auth.backends.ModelBackend",
        )
    messages.success(request, _("Your e-mail address is confirmed."))
    return redirect("home")


@require_POST
@login_required
def resend_verification(request):
    if request.user.has_confirmed_email:
        messages.info(request, _("Your e-mail address is already confirmed."))
        return redirect("home")
    outcome = services.verification_email_resend(user=request.user, base_url=_base_url(request))
    if outcome == services.Resend.SENT:
        messages.success(
            request,
            _("We have sent a new link to %(email)s.") % {"email": request.user.email},
        )
    elif outcome == services.Resend.TOO_MANY:
        messages.warning(
            request,
            _(
                "We have sent you several links in the last hour. Check your inbox and spam "
                "folder, or ask again in an hour."
            ),
        )
    else:
        messages.warning(
            request,
            _(
                "We sent you a link less than a minute ago. Check your inbox and spam folder, "
                "or ask again in a minute."
            ),
        )
    return redirect("accounts:verification_sent")
