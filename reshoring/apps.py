from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReshoringConfig(AppConfig):
    name = "reshoring"
    verbose_name = _("Reshoring")

    def ready(self):
        # The reshoring kind's rows of the case workflow, its checks and its notices.
        from reshoring import phase  # noqa: F401

    def seed_demo(self) -> list:
        """seed_demo's reshoring cases (cases/management/commands/seed_demo.py calls it)."""
        from reshoring.demo import seed_reshoring

        return seed_reshoring()
