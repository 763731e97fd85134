from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
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
    """Puts the reset link in the outbox, sent by the Celery worker after commit, so a slow
    mail server never slows the page and a broker that is down loses nothing.

    The page answers the same whether or not the address belongs to an account.
    """

    def save(self, domain_override=None, use_https=False, request=None, **kwargs):
        domain = domain_override or request.get_host()
        services.password_reset_request(
            email=self.cleaned_data["email"],
            base_url=f"{'https' if use_https else 'http'}://{domain}",
        )


class SignUpForm(SetPasswordMixin, forms.Form):
    """A company member's new account; the view hands the cleaned data to user_sign_up.

    It never says that an address is taken: user_sign_up tells the owner by e-mail instead.
    """

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We will send a link to this address to confirm it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the e-mails we send you."),
    )

    def clean_email(self):
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def clean(self):
        cleaned_data = super().clean()
        self.validate_passwords()
        # An unsaved user lets the similarity validator refuse a password like the name or address.
        self.validate_password_for_user(
            User(email=cleaned_data.get("email", ""), full_name=cleaned_data.get("full_name", ""))
        )
        return cleaned_data


class SecondFactorForm(forms.Form):
    """The code after the password: from the authenticator app, or one backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )


class EnrolForm(forms.Form):
    """The first code the new authenticator app shows, which proves it has the secret."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=20,
        help_text=_("The 6-digit code the app shows after you add the account."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
