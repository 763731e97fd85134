from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicantsConfig(AppConfig):
    name = "applicants"
    verbose_name = _("Companies")

    def ready(self):
        from applicants import notices  # noqa: F401  registers the kinds of notification
