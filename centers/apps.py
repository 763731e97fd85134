from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CentersConfig(AppConfig):
    name = "centers"
    verbose_name = _("Support centers")

    def ready(self):
        from centers import notices  # noqa: F401  registers the kinds of notification
