from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centers.models import SupportCenter


class Announcement(models.Model):
    """A center's message to the companies of chosen sectors (a business opportunity, a trade
    fair), fanned out as one notification to every member of every matching company."""

    center = models.ForeignKey(
        SupportCenter,
        verbose_name=_("support center"),
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    title = models.CharField(pgettext_lazy("announcement", "title"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    # An area covers its industries; none chosen means every company.
    sectors = models.ManyToManyField(
        "programs.Sector", verbose_name=_("sectors"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    fanned_out_at = models.DateTimeField(_("sent to everyone"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["center", "-created_at"], name="announcement_center_recent"),
            # The sweep looks only for the few whose fan-out has not finished.
            models.Index(
                fields=["created_at"],
                condition=Q(fanned_out_at__isnull=True),
                name="announcement_not_fanned_out",
            ),
        ]

    def __str__(self):
        return self.title


# The liaison with Chinese authorities, in modules of their own.
from outreach.difficulty_models import (  # noqa: E402
    Difficulty,
    DifficultyAttachment,
    DifficultyEntry,
)
from outreach.liaison_models import (  # noqa: E402
    AuthorityBody,
    Contact,
    FollowUp,
    Interest,
    Level,
    Opportunity,
)

__all__ = [
    "Announcement",
    "AuthorityBody",
    "Contact",
    "Difficulty",
    "DifficultyAttachment",
    "DifficultyEntry",
    "FollowUp",
    "Interest",
    "Level",
    "Opportunity",
]
