from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = _("Companies")

    def ready(self):
        from applicants import emails, notices  # noqa: F401  register their kinds
