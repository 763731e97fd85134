"""Relocation plans, milestones, tranches, payments and recovery of reshoring cases."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.models import KoreanRegion
from cases.models import Case
from centers.models import ChineseProvince
from programs.formatting import krw
from programs.models import Program

ksic_code = RegexValidator(
    r"^[0-9]{3,5}$", _("Enter a KSIC code of 3 to 5 digits, e.g. 28202."), code="ksic"
)


class RecoveryRule(models.TextChoices):
    PROPORTIONAL = "proportional", _("In proportion to the shortfall")
    FULL = "full", _("All of the subsidy paid")


class ReshoringSettings(models.Model):
    """The rules of one reshoring program: they change by decree, so they are data."""

    program = models.OneToOneField(
        Program,
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="reshoring_settings",
    )
    min_cut_percent = models.PositiveSmallIntegerField(
        _("minimum cut of overseas production (%)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    ksic_digits = models.PositiveSmallIntegerField(
        _("KSIC digits that must match"),
        default=3,
        help_text=_("3: the same group; 4: the same class."),
        validators=[MinValueValidator(2), MaxValueValidator(5)],
    )
    subsidy_rate_percent = models.PositiveSmallIntegerField(
        _("subsidy rate of the planned investment (%)"),
        default=45,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    cap_per_company = models.PositiveBigIntegerField(
        _("subsidy cap per company (KRW)"), default=30_000_000_000
    )
    obligation_years = models.PositiveSmallIntegerField(
        _("obligation period (years)"), default=5, validators=[MinValueValidator(1)]
    )
    recovery_rule = models.CharField(
        _("recovery of a shortfall"),
        max_length=12,
        choices=RecoveryRule.choices,
        default=RecoveryRule.PROPORTIONAL,
        help_text=_("On closure all of the subsidy paid is recovered, whatever the rule."),
    )

    class Meta:
        verbose_name = _("reshoring settings")
        verbose_name_plural = _("reshoring settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_cut_percent__gte=1, min_cut_percent__lte=100)
                & Q(subsidy_rate_percent__gte=1, subsidy_rate_percent__lte=100)
                & Q(ksic_digits__gte=2, ksic_digits__lte=5)
                & Q(obligation_years__gte=1),
                name="reshoring_settings_in_range",
            ),
        ]

    def __str__(self):
        return str(self.program)

    def max_subsidy(self, investment: int) -> int:
        """The most the program approves for a planned investment: its rate, its cap."""
        return min(investment * self.subsidy_rate_percent // 100, self.cap_per_company)


class Relocation(models.TextChoices):
    FULL = "full", _("Full relocation")
    PARTIAL = "partial", _("Partial relocation")


class RelocationPlan(models.Model):
    """The application of a reshoring case: where production leaves, where it goes, what it
    costs and how many jobs it brings."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="relocation_plan",
    )
    china_province = models.CharField(
        _("province of the facility in China"), max_length=5, choices=ChineseProvince.choices
    )
    china_city = models.CharField(_("city of the facility in China"), max_length=100)
    china_ksic = models.CharField(
        _("products in China (KSIC code)"), max_length=5, validators=[ksic_code]
    )
    china_staff = models.PositiveIntegerField(_("staff in China"))
    cut_percent = models.PositiveSmallIntegerField(
        _("share of overseas production to be cut (%)"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    korea_region = models.CharField(
        _("region of the site in Korea"), max_length=12, choices=KoreanRegion.choices
    )
    korea_site = models.CharField(_("industrial complex or address in Korea"), max_length=200)
    korea_ksic = models.CharField(
        _("products in Korea (KSIC code)"), max_length=5, validators=[ksic_code]
    )
    relocation = models.CharField(
        _("relocation"), max_length=8, choices=Relocation.choices, default=Relocation.FULL
    )
    automation = models.BooleanField(_("automation"), default=False)
    smart_factory = models.BooleanField(_("smart factory"), default=False)
    new_products = models.BooleanField(_("new products"), default=False)
    research = models.BooleanField(_("research and development"), default=False)
    planned_investment = models.PositiveBigIntegerField(_("planned investment in Korea (KRW)"))
    planned_jobs = models.PositiveIntegerField(_("planned new jobs in Korea"))
    starts_on = models.DateField(_("relocation starts"))
    production_on = models.DateField(_("production in Korea starts"))
    # What was realised, recorded at the obligation check.
    realised_investment = models.PositiveBigIntegerField(
        _("realised investment (KRW)"), null=True, blank=True
    )
    realised_jobs = models.PositiveIntegerField(_("realised jobs"), null=True, blank=True)
    # Set once, when the official fixes the tranches: from then on the database keeps their
    # sum equal to the approved amount (migration 0003).
    schedule_fixed_at = models.DateTimeField(_("schedule fixed"), null=True, blank=True)
    obligation_ends_on = models.DateField(_("obligations end"), null=True, blank=True)
    # Set by the obligation check (at the period's end, or on the company's report): once.
    obligation_checked_at = models.DateTimeField(_("obligations checked"), null=True, blank=True)

    class Meta:
        verbose_name = _("relocation plan")
        verbose_name_plural = _("relocation plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(cut_percent__lte=100), name="reshoring_plan_cut_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(planned_investment__gt=0), name="reshoring_plan_investment_positive"
            ),
            models.CheckConstraint(
                condition=Q(production_on__gte=F("starts_on")),
                name="reshoring_plan_production_after_start",
            ),
        ]

    def __str__(self):
        return str(self.case)

    @property
    def restructuring(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in ("automation", "smart_factory", "new_products", "research")
            if getattr(self, name)
        ]


class MilestoneKind(models.TextChoices):
    # In the order they are reached.
    PLAN_CONFIRMED = "plan", _("Plan confirmed")
    SITE_SECURED = "site", _("Site secured in Korea")
    CHINA_WOUND_DOWN = "wind_down", _("Facility in China wound down")
    KOREA_BUILT = "built", _("Facility in Korea built")
    PRODUCTION_STARTED = "production", _("Production started")
    JOBS_REACHED = "jobs", _("Employment target reached")


MILESTONE_ORDER = list(MilestoneKind.values)


class MilestoneQuerySet(models.QuerySet):
    def outstanding(self):
        """Not verified yet: the company still owes its evidence or a correction."""
        return self.exclude(state=Milestone.State.VERIFIED)

    def late(self, today):
        return self.outstanding().filter(due_on__lt=today)


class Milestone(models.Model):
    class State(models.TextChoices):
        DUE = "due", _("Evidence due")
        SUBMITTED = "submitted", _("Evidence submitted, to verify")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned to the company")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("milestone"), max_length=12, choices=MilestoneKind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    due_on = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DUE)
    evidence = models.FileField(_("evidence"), upload_to="reshoring/", max_length=300, blank=True)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("content type"), max_length=100, blank=True)
    submitted_at = models.DateTimeField(_("evidence submitted"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True, max_length=2000)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="reshoring_one_milestone_each"),
            models.CheckConstraint(
                condition=~Q(state="verified")
                | (Q(verified_at__isnull=False) & Q(verified_by__isnull=False)),
                name="reshoring_verified_milestone_has_verifier",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="reshoring_returned_milestone_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return str(self.get_kind_display())

    def is_late(self, today) -> bool:
        return self.state != self.State.VERIFIED and self.due_on < today


class Tranche(models.Model):
    """The part of the approved subsidy paid when its milestone is verified."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="tranches"
    )
    milestone = models.OneToOneField(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="tranche"
    )
    amount = models.PositiveBigIntegerField(_("amount (KRW)"))

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["case", "milestone__position"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reshoring_tranche_positive"),
        ]

    def __str__(self):
        return f"{self.milestone}: {krw(self.amount)}"


class Payment(models.Model):
    """A tranche paid. One per tranche: the unique constraint, and the tranche's row lock in
    the service so that the second of two clicks is told, not refused by the database."""

    tranche = models.OneToOneField(
        Tranche, verbose_name=_("tranche"), on_delete=models.PROTECT, related_name="payment"
    )
    amount = models.PositiveBigIntegerField(_("amount (KRW)"))
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="reshoring_payment_positive"),
        ]


class RecoveryCause(models.TextChoices):
    OBLIGATION_CHECK = "check", _("End of the obligation period")
    CLOSURE = "closure", _("The company closed")
    SHORTFALL = "shortfall", _("Missed jobs or production reported")


class Recovery(models.Model):
    """A recovery step: what the company must pay back, and when it did."""

    case = models.OneToOneField(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="recovery",
    )
    cause = models.CharField(_("cause"), max_length=10, choices=RecoveryCause.choices)
    rule = models.CharField(_("rule"), max_length=12, choices=RecoveryRule.choices)
    planned_jobs = models.PositiveIntegerField(_("planned jobs"))
    realised_jobs = models.PositiveIntegerField(_("realised jobs"))
    months_required = models.PositiveSmallIntegerField(_("months of production required"))
    months_operated = models.PositiveSmallIntegerField(_("months of production"))
    paid = models.PositiveBigIntegerField(_("subsidy paid (KRW)"))
    amount = models.PositiveBigIntegerField(_("amount to recover (KRW)"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    repaid_on = models.DateField(_("repaid on"), null=True, blank=True)
    repaid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("repayment recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("recovery")
        verbose_name_plural = _("recoveries")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=F("paid")),
                name="reshoring_recovery_within_paid",
            ),
        ]

    def __str__(self):
        return str(self.case)
