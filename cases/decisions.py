"""Proposals and decisions as rows: a proposal sent back stays on record, with who sent it
back and why, and the decision keeps what was decided, by whom, after which proposal.

The case keeps the current proposal and the decision on its own row too (the queue, the
letter and the guards read them there); these rows are the history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")


class RejectionReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("The company does not meet the program's conditions")
    INCOMPLETE = "incomplete", _("The application or its documents are incomplete")
    NOT_VIABLE = "not_viable", _("The export plan is not viable as presented")
    BUDGET = "budget", _("The program's budget is exhausted")
    DUPLICATE = "duplicate", _("The same support was already granted")
    NO_ANSWER = "no_answer", _("The company did not answer the information request in time")
    OTHER = "other", _("Another reason, explained below")


class Recommendation(models.Model):
    """A proposed decision, and what became of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the decision")
        SENT_BACK = "sent_back", _("Sent back")
        APPROVED = "approved", _("The case was approved")
        REJECTED = "rejected", _("The case was rejected")
        WITHDRAWN = "withdrawn", _("The application was withdrawn")

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    outcome = models.CharField(_("proposed decision"), max_length=10, choices=Outcome.choices)
    amount = models.PositiveBigIntegerField(_("proposed amount (KRW)"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True, max_length=3000)
    reasons = models.JSONField(_("reasons for rejection"), default=list, blank=True)
    explanation = models.TextField(_("explanation"), blank=True, max_length=3000)
    note = models.TextField(_("note for the decider"), blank=True, max_length=3000)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recommended_at = models.DateTimeField(_("proposed"), default=timezone.now)
    status = models.CharField(
        _("what became of it"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("settled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("settled"), null=True, blank=True)
    sent_back_reason = models.TextField(_("why it was sent back"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("proposed decision")
        verbose_name_plural = _("proposed decisions")
        ordering = ["recommended_at", "pk"]
        constraints = [
            # The case's current proposal: at most one waits for a decider.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="recommendation_one_pending_per_case",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", resolved_at__isnull=True)
                | (~Q(status="pending") & Q(resolved_at__isnull=False)),
                name="recommendation_settled_has_a_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent_back") | ~Q(sent_back_reason=""),
                name="recommendation_sent_back_says_why",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="approve") | Q(amount__isnull=False),
                name="recommendation_approval_has_amount",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} · {self.get_status_display()}"

    @property
    def is_sent_back(self) -> bool:
        return self.status == self.Status.SENT_BACK


class Decision(models.Model):
    """The decision on a case: taken once, after a proposal or without one."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    amount = models.PositiveBigIntegerField(_("approved amount (KRW)"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True, max_length=3000)
    reasons = models.JSONField(_("reasons for rejection"), default=list, blank=True)
    explanation = models.TextField(_("explanation"), blank=True, max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    recommendation = models.OneToOneField(
        Recommendation,
        verbose_name=_("proposed decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        help_text=_("The proposal the decision followed, if there was one."),
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="approve", amount__isnull=False)
                | Q(outcome="reject", amount__isnull=True),
                name="decision_amount_when_approved",
            ),
        ]

    def __str__(self):
        return self.get_outcome_display()
