from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Outreach")

    def ready(self):
        from cases.demo import LATER_SEEDS
        from outreach import notices  # noqa: F401  registers the kinds of notification
        from outreach.demo import seed_liaison

        if seed_liaison not in LATER_SEEDS:
            LATER_SEEDS.append(seed_liaison)
