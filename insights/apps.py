from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Export indicators and program results: figures read from the data apps below."""

    name = "insights"
    verbose_name = _("Insights")

    def ready(self):
        from insights import notices  # noqa: F401  registers the kinds of notification

    def seed_demo(self) -> list:
        """seed_demo's export series and answered outcome reports (cases' seed_demo calls it)."""
        from django.utils import timezone

        from insights.demo import seed_indicators, seed_outcome_reports

        seed_indicators()
        seed_outcome_reports(timezone.localdate())
        return []
