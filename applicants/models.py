from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applicants.validators import format_business_number, validate_business_number
from programs.models import BilingualName


class CompanySize(models.TextChoices):
    SME = "sme", _("Small or medium-sized enterprise")
    MIDDLE_MARKET = "middle", _("Middle-market enterprise")
    LARGE = "large", _("Large enterprise")


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


class CompanyQuerySet(models.QuerySet):
    def of_member(self, user):
        return self.filter(members__user=user)


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
