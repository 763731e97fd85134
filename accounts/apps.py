from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts import (
            emails,  # noqa: F401  registers the kinds of account e-mail
            security,  # noqa: F401  records sign-ins in the security log
        )
        from accounts.middleware import session_started
        from accounts.otp import note_sign_in

        # Whatever signs the user in (the log-in page, a throttling backend, a test's
        # force_login), the session learns whether it owes the second step.
        user_logged_in.connect(
            lambda sender, request, user, **kwargs: note_sign_in(request, user),
            dispatch_uid="accounts-second-factor-sign-in",
            weak=False,
        )
        user_logged_in.connect(session_started, dispatch_uid="accounts.session_started")
