"""The e-mails of accounts, sent through the outbox: what each one needs at send time.

The rows keep the user's id and the site's address; the link and its token are made here,
when the e-mail goes out, for the account as it is then (a token would otherwise sit in the
database until sent). A user who is gone, inactive, already confirmed, or no longer at the
address the e-mail was for gets nothing: a late or repeated e-mail is harmless.
"""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import OutgoingEmail, User
from accounts.outbox import EmailKind, register
from accounts.tokens import email_verification_token

VERIFY_EMAIL = "verify_email"
PASSWORD_RESET = "password_reset"
WELCOME = "welcome"
# Someone signed up with the address of an existing account: its owner is told, and the
# sign-up page answers as it does for a new address (nobody learns who has an account).
ACCOUNT_EXISTS = "account_exists"


def _user(email: OutgoingEmail, **conditions) -> User | None:
    return User.objects.filter(
        pk=email.context["user"], email__iexact=email.to, is_active=True, **conditions
    ).first()


def verify_email_context(email: OutgoingEmail) -> dict | None:
    user = _user(email, email_verified_at__isnull=True)
    if user is None:
        return None
    path = reverse("accounts:verify_email", kwargs={"token": email_verification_token(user)})
    return {"user": user, "link": email.context["base_url"] + path}


def password_reset_context(email: OutgoingEmail) -> dict | None:
    # Django's token is derived from the account's state (password, last login, address) and
    # the time it is made, and stored nowhere: made now, it works PASSWORD_RESET_TIMEOUT from
    # when the e-mail goes out, and not once the password is changed.
    user = _user(email)
    if user is None or not user.has_usable_password():
        return None
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return {"user": user, "link": email.context["base_url"] + path}


def welcome_context(email: OutgoingEmail) -> dict | None:
    """A staff account opened by an administrator: the link to choose a password is the
    password-reset one, which works once; after that a late e-mail carries a dead link."""
    context = password_reset_context(email)
    if context is not None:
        context["base_url"] = email.context["base_url"]
    return context


def account_exists_context(email: OutgoingEmail) -> dict | None:
    user = _user(email)
    if user is None:
        return None
    base_url = email.context["base_url"]
    return {
        "user": user,
        "login_link": base_url + reverse("accounts:login"),
        "reset_link": base_url + reverse("accounts:password_reset"),
    }


register(
    EmailKind(VERIFY_EMAIL, "accounts/email/verify_email", verify_email_context),
    EmailKind(PASSWORD_RESET, "accounts/email/password_reset", password_reset_context),
    EmailKind(WELCOME, "accounts/email/welcome", welcome_context),
    EmailKind(ACCOUNT_EXISTS, "accounts/email/account_exists", account_exists_context),
)
