from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """The trade officials' pages: the queue, the case page and its actions."""

    name = "desk"
    verbose_name = _("Triage desk")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from centers.models import StaffAssignment, SupportCenter, TradeOfficial
        from desk.queue import forget_assignees, forget_catalog_options
        from programs.models import Program, PromisingItem, Sector

        # The desk's filter shows these by name: a change shows on the next page.
        for model in (Program, Sector, PromisingItem, SupportCenter):
            post_save.connect(
                forget_catalog_options, sender=model, dispatch_uid=f"desk-{model.__name__}"
            )
            post_delete.connect(
                forget_catalog_options, sender=model, dispatch_uid=f"desk-{model.__name__}-deleted"
            )
        # Bulk assignment offers the officials at work by name: a change shows on the next
        # page.
        for model in (StaffAssignment, TradeOfficial, get_user_model()):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_assignees, sender=model, dispatch_uid=f"desk-staff-{model.__name__}"
                )
