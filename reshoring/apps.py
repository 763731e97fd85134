from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReshoringConfig(AppConfig):
    name = "reshoring"
    verbose_name = _("Reshoring")

    def ready(self):
        from cases.documents import upload_folder_register

        # The reshoring kind's rows of the case workflow, its checks and its notices.
        from reshoring import phase  # noqa: F401
        from reshoring.models import Milestone

        # The evidence files: the hourly orphan sweep looks after their folder too.
        upload_folder_register("reshoring", Milestone, "evidence")

    def seed_demo(self) -> list:
        """seed_demo's reshoring cases (cases/management/commands/seed_demo.py calls it)."""
        from reshoring.demo import seed_reshoring

        return seed_reshoring()
