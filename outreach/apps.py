from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from outreach import notices  # noqa: F401  registers the kinds of notification

    def seed_demo(self) -> list:
        """seed_demo's liaison data (cases/management/commands/seed_demo.py calls it)."""
        from outreach.demo import seed_liaison

        seed_liaison()
        return []
