from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Export indicators and program results: figures read from the data apps below."""

    name = "insights"
    verbose_name = _("Insights")

    def ready(self):
        from insights import notices  # noqa: F401  registers the kinds of notification
