import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def localized(korean: str, english: str, chinese: str = "") -> str:
    """The text for the language of the current page: Korean unless English or Chinese is
    active. A Chinese page without a Chinese text shows the English one, which a Chinese
    reader is likelier to read than Korean."""
    language = get_language() or "ko"
    if language.startswith("zh"):
        return chinese or english
    return english if language.startswith("en") else korean


class BilingualName:
    """For models with `name_ko` and `name_en` (and `name_zh` where it has one): `name`
    follows the page's language.

    Put it before models.Model in the bases, so that its __str__ wins.
    """

    @property
    def name(self) -> str:
        language = get_language() or "ko"
        if language.startswith("zh"):
            # Read only here: a list that leaves the Chinese name out of its query (the
            # desk's rows) would otherwise fetch it back, one query per row, in every
            # language.
            return getattr(self, "name_zh", "") or self.name_en
        return self.name_en if language.startswith("en") else self.name_ko

    def __str__(self):
        return self.name


class SectorQuerySet(models.QuerySet):
    def areas(self):
        return self.filter(parent__isnull=True)

    def focus_areas(self):
        """The areas the 2023 package singles out for support."""
        return self.areas().filter(is_focus=True)


class Sector(BilingualName, models.Model):
    """A two-level taxonomy: areas (no parent) and the industries within them."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_focus = models.BooleanField(
        _("focus area"),
        default=False,
        help_text=_("Areas (and their industries) that the support package focuses on."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "code"]


class CompanySize(models.TextChoices):
    """Kept here, not in applicants/, because programs say which sizes they serve."""

    SME = "sme", _("Small or medium-sized enterprise")
    MIDDLE_MARKET = "middle", _("Middle-market enterprise")
    LARGE = "large", _("Large enterprise")


def validate_hs_prefixes(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("List at least one HS code prefix."), code="empty")
    for prefix in value:
        if not (isinstance(prefix, str) and re.fullmatch(r"[0-9]{2,10}", prefix)):
            raise ValidationError(
                _("“%(prefix)s” is not an HS code prefix: use 2 to 10 digits, without dots."),
                code="hs_prefix",
                params={"prefix": prefix},
            )


class PromisingItem(BilingualName, models.Model):
    """One of the 30 promising export items that get tailored support."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="promising_items"
    )
    hs_prefixes = models.JSONField(
        _("HS code prefixes"),
        validators=[validate_hs_prefixes],
        help_text=_("The HS codes this item covers, as digit prefixes, e.g. 8507 or 854232."),
    )

    class Meta:
        verbose_name = _("promising export item")
        verbose_name_plural = _("promising export items")
        ordering = ["sector__position", "code"]

    def covers(self, hs_code: str) -> bool:
        return any(str(hs_code).startswith(prefix) for prefix in self.hs_prefixes)


class DocumentType(BilingualName, models.Model):
    """A kind of document a program asks for (business plan, export contract...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    help_ko = models.TextField(_("guidance (Korean)"), blank=True, max_length=2000)
    help_en = models.TextField(_("guidance (English)"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["code"]


class ProgramQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def open_now(self):
        return self.open_at(timezone.now())

    def for_catalog(self):
        return self.published().prefetch_related("sectors__parent", "required_documents")


class Program(BilingualName, models.Model):
    class Kind(models.TextChoices):
        FINANCING = "financing", _("Trade financing")
        INCENTIVE = "incentive", _("Export incentive and marketing support")
        RESHORING = "reshoring", _("Reshoring relocation support")

    # The reference prefix of the program's cases (FIN-2026-000042).
    REFERENCE_PREFIXES = {Kind.FINANCING: "FIN", Kind.INCENTIVE: "INC", Kind.RESHORING: "RES"}

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    description_ko = models.TextField(_("description (Korean)"), max_length=10000)
    description_en = models.TextField(_("description (English)"), max_length=10000)
    description_zh = models.TextField(_("description (Chinese)"), max_length=10000, blank=True)
    sectors = models.ManyToManyField(
        Sector,
        verbose_name=_("sectors served"),
        blank=True,
        related_name="programs",
        help_text=_("Areas or industries; an area covers all its industries. Empty: all."),
    )
    company_sizes = models.JSONField(
        _("company sizes served"),
        default=list,
        blank=True,
        help_text=_("Empty: every size."),
    )
    requires_promising_item = models.BooleanField(
        _("a promising export item is required"),
        default=False,
        help_text=_("Otherwise a promising item only raises the case's priority."),
    )
    min_amount = models.PositiveBigIntegerField(_("minimum amount per case (KRW)"))
    max_amount = models.PositiveBigIntegerField(_("maximum amount per case (KRW)"))
    budget = models.PositiveBigIntegerField(_("total budget (KRW)"))
    committed = models.BigIntegerField(
        _("committed amount (KRW)"),
        default=0,
        help_text=_("The sum of approved amounts; written only by the decision service."),
    )
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    required_documents = models.ManyToManyField(
        DocumentType, verbose_name=_("required documents"), blank=True, related_name="programs"
    )
    sla_first_response_days = models.PositiveSmallIntegerField(
        _("first response within (business days)"), default=3
    )
    sla_decision_days = models.PositiveSmallIntegerField(
        _("decision within (business days)"), default=20
    )
    four_eyes_above = models.PositiveBigIntegerField(
        _("second person above (KRW)"),
        default=100_000_000,
        help_text=_(
            "An approval above this amount needs a proposal first, and the person who approves "
            "must not be the one who proposed."
        ),
    )
    is_published = models.BooleanField(_("published"), default=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["closes_at", "code"]
        constraints = [
            # The budget can never be overspent, whatever runs at once: the database says no.
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(committed__lte=F("budget")),
                name="program_committed_within_budget",
            ),
            models.CheckConstraint(
                condition=Q(min_amount__lte=F("max_amount")),
                name="program_min_amount_not_above_max",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="program_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(sla_first_response_days__lte=F("sla_decision_days")),
                name="program_first_response_before_decision",
            ),
        ]

    @property
    def description(self) -> str:
        return localized(self.description_ko, self.description_en, self.description_zh)

    @property
    def company_size_labels(self) -> list[str]:
        return [CompanySize(size).label for size in self.company_sizes]

    @property
    def available_budget(self) -> int:
        return self.budget - self.committed

    def is_open_at(self, moment) -> bool:
        return self.opens_at <= moment < self.closes_at

    def clean(self):
        super().clean()
        unknown = set(self.company_sizes) - set(CompanySize.values)
        if unknown:
            raise ValidationError({"company_sizes": _("Unknown company size.")})
        if None not in (self.min_amount, self.max_amount) and self.min_amount > self.max_amount:
            raise ValidationError({"max_amount": _("The maximum must not be below the minimum.")})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Applications must close after they open.")})
