"""The monthly export series the plan is judged by, as published (or imported) figures.

Only the raw series is stored: year-on-year change, streaks and balances are computed
from it (insights/indicators.py), never typed in, so they cannot disagree with it.
"""

from django.db import models
from django.db.models import Q
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
