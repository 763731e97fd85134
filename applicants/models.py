from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
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

    def with_role_of(self, user):
        """Annotate `my_role`: the user's role in each company (None if not a member)."""
        return self.annotate(
            my_role=Subquery(
                CompanyMember.objects.filter(company=OuterRef("pk"), user=user).values("role")[:1]
            )
        )

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


class CompanyMemberQuerySet(models.QuerySet):
    def owners(self):
        return self.filter(role=CompanyMember.Role.OWNER)


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

    objects = CompanyMemberQuerySet.as_manager()

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

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class CompanyInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=CompanyInvitation.Status.PENDING)

    def open_at(self, moment):
        """Pending and not yet expired."""
        return self.pending().filter(expires_at__gt=moment)


class CompanyInvitation(models.Model):
    """An owner's invitation, by e-mail, to join the company; the link carries `token`."""

    VALID_FOR = timedelta(days=7)

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Random, not derived from anything: whoever holds the link proves they read the mail.
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    objects = CompanyInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("company invitation")
        verbose_name_plural = _("company invitations")
        ordering = ["-created_at"]
        constraints = [
            # Inviting an address again renews its pending invitation instead of adding one.
            models.UniqueConstraint(
                "company",
                Lower("email"),
                condition=Q(status="pending"),
                name="company_invitation_one_pending_per_address",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(accepted_at__isnull=False),
                name="company_invitation_accepted_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.company}"

    def is_expired_at(self, moment) -> bool:
        return self.expires_at <= moment


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)


class JoinRequest(models.Model):
    """A user's request to join a company, approved or declined by its owner."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the owner")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="company_join_requests",
    )
    message = models.TextField(_("message to the owner"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="join_request_decided_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.company}"
