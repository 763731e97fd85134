from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import tasks


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not right. Note that the password is "
            "case-sensitive."
        ),
        "inactive": _("This account is inactive. Contact the support desk."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset link from the Celery worker, so a slow mail server never slows the page.

    The page answers the same whether or not the address belongs to an account.
    """

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or request.get_host()
        base_url = f"{'https' if use_https else 'http'}://{domain}"
        for user in self.get_users(self.cleaned_data["email"]):
            transaction.on_commit(
                lambda user_id=user.pk: tasks.send_password_reset_email.delay(user_id, base_url)
            )
