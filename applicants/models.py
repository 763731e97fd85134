from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.validators import format_business_number, validate_business_number
from programs.models import BilingualName, CompanySize, validate_hs_prefixes


class KoreanRegion(models.TextChoices):
    """The 17 first-level divisions of South Korea."""

    SEOUL = "seoul", _("Seoul")
    BUSAN = "busan", _("Busan")
    DAEGU = "daegu", _("Daegu")
    INCHEON = "incheon", _("Incheon")
    GWANGJU = "gwangju", _("Gwangju")
    DAEJEON = "daejeon", _("Daejeon")
    ULSAN = "ulsan", _("Ulsan")
    SEJONG = "sejong", _("Sejong")
    GYEONGGI = "gyeonggi", _("Gyeonggi")
    GANGWON = "gangwon", _("Gangwon")
    CHUNGBUK = "chungbuk", _("North Chungcheong")
    CHUNGNAM = "chungnam", _("South Chungcheong")
    JEONBUK = "jeonbuk", _("North Jeolla")
    JEONNAM = "jeonnam", _("South Jeolla")
    GYEONGBUK = "gyeongbuk", _("North Gyeongsang")
    GYEONGNAM = "gyeongnam", _("South Gyeongsang")
    JEJU = "jeju", _("Jeju")


def validate_hs_codes(value) -> None:
    if value:
        validate_hs_prefixes(value)


class CompanyQuerySet(models.QuerySet):
    def of_member(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(members__user=user)

    def for_eligibility(self):
        """What programs/eligibility.py reads of a company, fetched in two queries."""
        return self.select_related("sector__parent").prefetch_related("promising_items")


class Company(BilingualName, models.Model):
    # Stored as ten digits; shown as 123-45-67890.
    business_number = models.CharField(
        _("business registration number"),
        max_length=10,
        unique=True,
        validators=[validate_business_number],
    )
    name_ko = models.CharField(_("legal name (Korean)"), max_length=200)
    name_en = models.CharField(_("legal name (English)"), max_length=200)
    representative = models.CharField(_("representative"), max_length=100)
    size = models.CharField(_("company size"), max_length=10, choices=CompanySize.choices)
    region = models.CharField(_("region"), max_length=12, choices=KoreanRegion.choices)
    sector = models.ForeignKey(
        "programs.Sector",
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    promising_items = models.ManyToManyField(
        "programs.PromisingItem",
        verbose_name=_("promising export items"),
        blank=True,
        related_name="companies",
    )
    other_hs_codes = models.JSONField(
        _("other HS codes exported"), default=list, blank=True, validators=[validate_hs_codes]
    )
    # US$ with cents; KRW amounts elsewhere are whole won.
    exports_to_china_last_year = models.DecimalField(
        _("exports to China last year (US$)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    exports_to_china_this_year = models.DecimalField(
        _("exports to China this year so far (US$)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    employees = models.PositiveIntegerField(_("number of employees"), default=1)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name_ko"]
        constraints = [
            models.CheckConstraint(
                condition=Q(business_number__regex=r"^[0-9]{10}$"),
                name="company_business_number_ten_digits",
            ),
            models.CheckConstraint(
                condition=Q(exports_to_china_last_year__gte=0)
                & Q(exports_to_china_this_year__gte=0),
                name="company_exports_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def business_number_display(self) -> str:
        return format_business_number(self.business_number)


class CompanyMember(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="company_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("company member")
        verbose_name_plural = _("company members")
        ordering = ["company", "-role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="company_member_once"),
            models.UniqueConstraint(
                fields=["company"],
                condition=Q(role="owner"),
                name="company_single_owner",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.company}"
