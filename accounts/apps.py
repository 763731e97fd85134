from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts import (
            emails,  # noqa: F401  registers the kinds of account e-mail
            security,  # noqa: F401  records sign-ins in the security log
        )
