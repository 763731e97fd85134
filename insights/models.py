"""The monthly export series the plan is judged by, as published (or imported) figures.

Only the raw series is stored: year-on-year change, streaks and balances are computed
from it (insights/indicators.py), never typed in, so they cannot disagree with it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportIndicator(models.Model):
    class Market(models.TextChoices):
        CHINA = "china", _("China")
        ALL = "all", _("All markets")

    class ProductGroup(models.TextChoices):
        ALL = "all", _("All products")
        SEMICONDUCTORS = "semiconductors", _("Semiconductors")

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    market = models.CharField(_("market"), max_length=10, choices=Market.choices)
    product_group = models.CharField(
        _("product group"),
        max_length=20,
        choices=ProductGroup.choices,
        default=ProductGroup.ALL,
    )
    exports_usd = models.DecimalField(_("exports (US$)"), max_digits=16, decimal_places=2)
    imports_usd = models.DecimalField(
        _("imports (US$)"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("export indicator")
        verbose_name_plural = _("export indicators")
        ordering = ["market", "product_group", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "market", "product_group"], name="indicator_one_per_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="indicator_month_first_day"),
            models.CheckConstraint(condition=Q(exports_usd__gte=0), name="indicator_exports_gte_0"),
            models.CheckConstraint(
                condition=Q(imports_usd__isnull=True) | Q(imports_usd__gte=0),
                name="indicator_imports_gte_0",
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.get_market_display()} {self.get_product_group_display()}"


class OutcomeReport(models.Model):
    """What a supported company exported 6, 12 and 24 months after its approval.

    Each report covers the months since the one before (the first, since the decision), so
    that reports add up: the renewables goal sums them.

    The row is made when the report is due (insights/outcomes.py, run daily by Celery beat),
    which is when the company is asked; the company fills it in on its case page.
    """

    class After(models.IntegerChoices):
        SIX = 6, _("6 months after the decision")
        TWELVE = 12, _("12 months after the decision")
        TWENTY_FOUR = 24, _("24 months after the decision")

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="outcome_reports",
    )
    months_after = models.PositiveSmallIntegerField(_("months after the decision"), choices=After)
    due_on = models.DateField(_("due"))
    requested_at = models.DateTimeField(_("asked"), default=timezone.now)
    exports_to_china_usd = models.DecimalField(
        _("exports to China in the period (US$)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    renewable_exports_krw = models.PositiveBigIntegerField(
        _("renewable-energy exports in the period (KRW)"), null=True, blank=True
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")
        ordering = ["case", "months_after"]
        constraints = [
            # The daily job may run twice: the second finds the row and asks nobody again.
            models.UniqueConstraint(fields=["case", "months_after"], name="outcome_once_per_case"),
            models.CheckConstraint(
                condition=Q(reported_at__isnull=True)
                | (Q(exports_to_china_usd__isnull=False) & Q(exports_to_china_usd__gte=0)),
                name="outcome_reported_has_exports",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} +{self.months_after}"


class RenewablesGoal(models.Model):
    """The renewable-energy export goal; one row (pk 1), which administrators change."""

    amount_krw = models.PositiveBigIntegerField(_("goal (KRW)"), default=5_000_000_000_000)
    year = models.PositiveSmallIntegerField(_("by the end of"), default=2030)
    start_year = models.PositiveSmallIntegerField(_("counted from the start of"), default=2023)

    class Meta:
        verbose_name = _("renewables goal")
        verbose_name_plural = _("renewables goal")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=F("start_year")), name="goal_year_after_start"
            ),
            models.CheckConstraint(condition=Q(amount_krw__gt=0), name="goal_amount_positive"),
        ]

    @classmethod
    def current(cls) -> "RenewablesGoal":
        goal, _created = cls.objects.get_or_create(pk=1)
        return goal
