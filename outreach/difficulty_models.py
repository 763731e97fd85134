"""Companies' difficulties in China: reported by a company, taken up by the center of the
province, closed with an outcome the company reads."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import sla
from centers.models import ChineseProvince, SupportCenter

# Business days from the report to the outcome, the clock stopped while the company has it.
DIFFICULTY_SLA_DAYS = 10


class DifficultyQuerySet(models.QuerySet):
    def of_member(self, user):
        """The difficulties of the user's companies."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(company__members__user=user)

    def of_centers(self, center_ids):
        """At these centers; None means every center (administrators)."""
        return self if center_ids is None else self.filter(center_id__in=center_ids)

    def open(self):
        return self.filter(status__in=Difficulty.OPEN)


class Difficulty(models.Model):
    class Kind(models.TextChoices):
        CUSTOMS = "customs", _("Customs clearance held")
        CERTIFICATION = "certification", _("Certification or registration (CCC, cosmetics)")
        RECEIVABLE = "receivable", _("Unpaid receivable")
        REGULATION = "regulation", _("Local regulation")
        IP = "ip", _("Intellectual property infringement")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("Being taken up")
        AWAITING_COMPANY = "awaiting_company", _("Waiting for your company")
        RESOLVED = "resolved", _("Resolved")
        PARTLY_RESOLVED = "partly_resolved", _("Partly resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")

    OPEN = (Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_COMPANY)
    OUTCOMES = (Status.RESOLVED, Status.PARTLY_RESOLVED, Status.NOT_RESOLVED)

    company = models.ForeignKey(
        "applicants.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="difficulties",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("application concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="difficulties",
    )
    kind = models.CharField(_("kind of difficulty"), max_length=20, choices=Kind.choices)
    province = models.CharField(_("province"), max_length=5, choices=ChineseProvince.choices)
    authority = models.CharField(_("authority concerned"), max_length=200)
    description = models.TextField(_("description"), max_length=4000)
    center = models.ForeignKey(
        SupportCenter,
        verbose_name=_("support center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="difficulties",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    outcome_reason = models.TextField(_("outcome and reason"), max_length=3000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    due_on = models.DateField(_("outcome due"))
    paused_at = models.DateTimeField(_("clock stopped"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = DifficultyQuerySet.as_manager()

    class Meta:
        verbose_name = _("difficulty")
        verbose_name_plural = _("difficulties")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(
                fields=["center", "due_on"],
                condition=Q(closed_at__isnull=True),
                name="difficulty_open_by_center",
            ),
        ]
        constraints = [
            # The clock stops exactly while the company is asked for more.
            models.CheckConstraint(
                condition=Q(status="awaiting_company", paused_at__isnull=False)
                | (~Q(status="awaiting_company") & Q(paused_at__isnull=True)),
                name="difficulty_paused_while_awaiting_company",
            ),
            # An outcome is closed and says why; an open difficulty has neither.
            models.CheckConstraint(
                condition=Q(
                    status__in=["resolved", "partly_resolved", "not_resolved"],
                    closed_at__isnull=False,
                )
                & ~Q(outcome_reason="")
                | Q(
                    status__in=["received", "in_progress", "awaiting_company"],
                    closed_at__isnull=True,
                ),
                name="difficulty_outcome_closed_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.authority}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def sla_flag(self, today=None) -> str:
        running = self.is_open and self.paused_at is None
        return sla.flag(self.due_on if running else None, today or sla.today())


class DifficultyEntry(models.Model):
    """One line of a difficulty's history; internal notes are for the officials alone."""

    class Kind(models.TextChoices):
        REPORTED = "reported", _("Reported")
        ACTION = "action", _("Action taken")
        NOTE = "note", _("Internal note")
        ASKED = "asked", _("More information asked")
        ANSWERED = "answered", _("Company answered")
        CLOSED = "closed", _("Outcome")

    difficulty = models.ForeignKey(
        Difficulty, verbose_name=_("difficulty"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), max_length=4000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("difficulty history entry")
        verbose_name_plural = _("difficulty history")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_internal(self) -> bool:
        return self.kind == self.Kind.NOTE


def attachment_path(instance, filename):
    return f"difficulties/{instance.difficulty_id}/{timezone.now():%Y%m%d%H%M%S%f}"


class DifficultyAttachment(models.Model):
    difficulty = models.ForeignKey(
        Difficulty,
        verbose_name=_("difficulty"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
