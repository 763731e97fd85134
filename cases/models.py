from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.conflicts import ConflictOfInterest  # noqa: F401
from cases.decisions import Decision, Outcome, Recommendation, RejectionReason  # noqa: F401
from cases.information import InformationItem, InformationRequest  # noqa: F401
from centers.models import ChineseProvince, SupportCenter, TradeOfficial
from programs.models import DocumentType, Program, PromisingItem


class CaseState(models.TextChoices):
    # Labels are what a company reads; the desk may show its own words later.
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for review")
    IN_REVIEW = "in_review", _("In review")
    INFO_REQUESTED = "info_requested", _("Information requested")
    RECOMMENDED = "recommended", _("Decision proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", pgettext_lazy("case state", "Closed")
    # After approval, for the program kinds whose rows lead there (reshoring/phase.py).
    RELOCATION = "relocation", _("In relocation")


OPEN_STATES = [
    CaseState.SUBMITTED,
    CaseState.IN_REVIEW,
    CaseState.INFO_REQUESTED,
    CaseState.RECOMMENDED,
]
DECIDED_STATES = {CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.CLOSED}
LIVE_STATES = [
    CaseState.DRAFT,
    CaseState.SUBMITTED,
    CaseState.IN_REVIEW,
    CaseState.INFO_REQUESTED,
    CaseState.RECOMMENDED,
]


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides who sees which case.

        A company member sees their companies' cases; a trade official the cases of the
        centers they staff now (and a lead of headquarters the cases it decides because
        their center's leads are all barred: cases/recusal.py); an administrator every case.
        Everyone else: none.
        """
        from cases import recusal

        if not user.is_authenticated:
            return self.none()
        if user.is_administrator:
            return self
        scope = Q(company__members__user=user)
        if user.is_trade_official:
            scope |= Q(center__in=SupportCenter.objects.staffed_by(user))
            if referred := recusal.referred_to_headquarters(user):
                scope |= referred
        return self.filter(scope).distinct()

    def open(self):
        """Submitted and not yet decided: the cases someone is working on."""
        return self.filter(state__in=OPEN_STATES)

    def live(self):
        return self.filter(state__in=LIVE_STATES)

    def drafts(self):
        return self.filter(state=CaseState.DRAFT)

    def submitted(self):
        return self.exclude(state=CaseState.DRAFT)


class Case(models.Model):
    """An application of a company to a program, from draft to decision."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    company = models.ForeignKey(
        "applicants.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="cases"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=CaseState.choices, default=CaseState.DRAFT
    )
    center = models.ForeignKey(
        SupportCenter,
        verbose_name=_("support center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    suggested_official = models.ForeignKey(
        TradeOfficial,
        verbose_name=_("suggested official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Chosen by the routing when the case is submitted."),
    )
    assigned_to = models.ForeignKey(
        TradeOfficial,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        help_text=_("The official who took the case on; the suggested official follows them."),
    )
    # Raised by every write: a form that saw an older version was looking at a stale case.
    version = models.PositiveIntegerField(_("version"), default=0)
    # Stored for the queue's order and index; recomputed on every change and each morning.
    priority = models.SmallIntegerField(_("priority"), default=0)
    # The SLA clocks, in Korean business days (cases/sla.py).
    first_response_due = models.DateField(_("first response due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    sla_due = models.DateField(
        _("next deadline"),
        null=True,
        blank=True,
        help_text=_("The running clock's deadline; empty while the company has the case."),
    )
    sla_paused_at = models.DateTimeField(_("clock stopped"), null=True, blank=True)
    # Business days from submission to the first response and to the decision, stored when
    # they happen so that the results take their medians in the database (see count_days).
    first_response_days = models.PositiveIntegerField(
        _("business days to first response"), null=True, blank=True
    )
    decision_days = models.PositiveIntegerField(
        _("business days to decision"), null=True, blank=True
    )
    # The proposal and the decision.
    recommended_outcome = models.CharField(
        _("proposed decision"), max_length=10, choices=Outcome.choices, blank=True
    )
    recommended_amount = models.PositiveBigIntegerField(
        _("proposed amount (KRW)"), null=True, blank=True
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_amount = models.PositiveBigIntegerField(
        _("approved amount (KRW)"), null=True, blank=True
    )
    decision_conditions = models.TextField(_("conditions"), blank=True, max_length=3000)
    rejection_reasons = models.JSONField(_("reasons for rejection"), default=list, blank=True)
    decision_explanation = models.TextField(_("explanation"), blank=True, max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The application; blank while a draft, complete before it can be submitted.
    amount_requested = models.PositiveBigIntegerField(
        _("amount requested (KRW)"), null=True, blank=True
    )
    purpose = models.TextField(_("purpose"), blank=True, max_length=4000)
    target_province = models.CharField(
        _("target province in China"), max_length=5, choices=ChineseProvince.choices, blank=True
    )
    target_city = models.CharField(_("target city"), max_length=100, blank=True)
    export_items = models.ManyToManyField(
        PromisingItem, verbose_name=_("promising export items concerned"), blank=True
    )
    planned_exports_to_china = models.DecimalField(
        _("planned exports to China in the next 12 months (US$)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        constraints = [
            # One live application per company and program: a second "apply" resumes the
            # draft, or points to the application under way.
            models.UniqueConstraint(
                fields=["company", "program"],
                condition=Q(state__in=LIVE_STATES),
                name="case_one_live_application_per_company_and_program",
            ),
            models.CheckConstraint(
                condition=Q(state="draft")
                | (Q(reference__isnull=False) & Q(submitted_at__isnull=False)),
                name="case_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=~Q(state="approved")
                | (Q(approved_amount__isnull=False) & Q(decided_at__isnull=False)),
                name="case_approved_has_amount",
            ),
            models.CheckConstraint(
                condition=Q(planned_exports_to_china__gte=0)
                | Q(planned_exports_to_china__isnull=True),
                name="case_planned_exports_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["company", "state"]),
            # The desk's queue: open cases by priority, then the longest waiting, per center
            # and across centers. Partial, so decided cases (most rows, in time) cost nothing.
            models.Index(
                fields=["center", "-priority", "submitted_at", "id"],
                condition=Q(state__in=OPEN_STATES),
                name="case_queue_by_center",
            ),
            models.Index(
                fields=["-priority", "submitted_at", "id"],
                condition=Q(state__in=OPEN_STATES),
                name="case_queue",
            ),
            models.Index(
                fields=["sla_due"], condition=Q(state__in=OPEN_STATES), name="case_sla_due"
            ),
            # The same order over every submitted case, for the desk's "any state" view:
            # without it a million cases are sorted for a page of 50.
            models.Index(
                fields=["-priority", "submitted_at", "id"],
                condition=~Q(state=CaseState.DRAFT),
                name="case_desk",
            ),
        ]

    def __str__(self):
        return self.reference or _("Draft #%(number)s") % {"number": self.pk}

    @property
    def is_draft(self) -> bool:
        return self.state == CaseState.DRAFT

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def sla_flag(self, today=None) -> str:
        """ "overdue", "due_soon" or "" for the running clock."""
        from cases import sla

        return sla.flag(self.sla_due if self.is_open else None, today or sla.today())

    def count_days(self) -> None:
        """Stores the business days to the first response and to the decision once they
        happened (the program results' medians); a stored count is never rewritten."""
        from cases import sla

        if self.first_response_days is None:
            self.first_response_days = sla.elapsed(self.submitted_at, self.first_response_at)
        if self.decision_days is None:
            self.decision_days = sla.elapsed(self.submitted_at, self.decided_at)


def document_path(document, filename: str) -> str:
    # The stored name is ours; the company's file name is kept in original_name.
    return f"cases/{document.case_id}/{document.document_type.code}-{document.sha256[:16]}"


class Document(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document type"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["document_type__code", "-uploaded_at"]

    def __str__(self):
        return self.original_name


class CaseEvent(models.Model):
    """A row of the case's timeline: every state change and every notable act."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=CaseState.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    # The case's version after this entry: what someone who saw version N missed is N+1 on.
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"])]


class InternalNote(models.Model):
    """A note officials leave on a case for each other; never shown to the company."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="internal_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["-created_at", "-pk"]
