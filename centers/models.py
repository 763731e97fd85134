import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import BilingualName


class ChineseProvince(models.TextChoices):
    """The 31 provincial-level divisions of mainland China, by ISO 3166-2:CN code."""

    ANHUI = "CN-AH", _("Anhui")
    BEIJING = "CN-BJ", _("Beijing")
    CHONGQING = "CN-CQ", _("Chongqing")
    FUJIAN = "CN-FJ", _("Fujian")
    GANSU = "CN-GS", _("Gansu")
    GUANGDONG = "CN-GD", _("Guangdong")
    GUANGXI = "CN-GX", _("Guangxi")
    GUIZHOU = "CN-GZ", _("Guizhou")
    HAINAN = "CN-HI", _("Hainan")
    HEBEI = "CN-HE", _("Hebei")
    HEILONGJIANG = "CN-HL", _("Heilongjiang")
    HENAN = "CN-HA", _("Henan")
    HUBEI = "CN-HB", _("Hubei")
    HUNAN = "CN-HN", _("Hunan")
    INNER_MONGOLIA = "CN-NM", _("Inner Mongolia")
    JIANGSU = "CN-JS", _("Jiangsu")
    JIANGXI = "CN-JX", _("Jiangxi")
    JILIN = "CN-JL", _("Jilin")
    LIAONING = "CN-LN", _("Liaoning")
    NINGXIA = "CN-NX", _("Ningxia")
    QINGHAI = "CN-QH", _("Qinghai")
    SHAANXI = "CN-SN", _("Shaanxi")
    SHANDONG = "CN-SD", _("Shandong")
    SHANGHAI = "CN-SH", _("Shanghai")
    SHANXI = "CN-SX", _("Shanxi")
    SICHUAN = "CN-SC", _("Sichuan")
    TIANJIN = "CN-TJ", _("Tianjin")
    TIBET = "CN-XZ", _("Tibet")
    XINJIANG = "CN-XJ", _("Xinjiang")
    YUNNAN = "CN-YN", _("Yunnan")
    ZHEJIANG = "CN-ZJ", _("Zhejiang")


class SupportCenterQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=SupportCenter.Status.OPEN)

    def with_staff_counts(self, day: datetime.date | None = None):
        """`lead_count` and `staff_count`: the people staffing each center on `day` (today)."""
        working = staffing_on(day, "assignments__")
        return self.annotate(
            lead_count=models.Count("assignments", filter=working & Q(assignments__role="lead")),
            staff_count=models.Count("assignments", filter=working),
        )

    def staffed_by(self, user, day: datetime.date | None = None):
        """The centers the user staffs on `day` (today)."""
        return self.filter(
            pk__in=StaffAssignment.objects.active_on(day)
            .filter(official__user=user)
            .values("center")
        )


class SupportCenter(BilingualName, models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province"), max_length=5, choices=ChineseProvince.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    is_headquarters = models.BooleanField(
        _("headquarters"),
        default=False,
        help_text=_("Cases from provinces no other center covers go to the headquarters."),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)

    objects = SupportCenterQuerySet.as_manager()

    class Meta:
        verbose_name = _("support center")
        verbose_name_plural = _("support centers")
        ordering = ["-is_headquarters", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_headquarters"],
                condition=Q(is_headquarters=True),
                name="support_center_single_headquarters",
            ),
        ]


class CenterProvince(models.Model):
    """One province of a center's jurisdiction.

    `is_active` mirrors "the center is open" (centers/services.py keeps them in step), so the
    database itself refuses two open centers covering one province.
    """

    center = models.ForeignKey(
        SupportCenter,
        verbose_name=_("center"),
        on_delete=models.CASCADE,
        related_name="jurisdiction",
    )
    province = models.CharField(_("province"), max_length=5, choices=ChineseProvince.choices)
    is_active = models.BooleanField(_("in force"), default=False)

    class Meta:
        verbose_name = _("province of a jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["center", "province"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "province"], name="center_province_once_per_center"
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(is_active=True),
                name="center_province_one_open_center",
            ),
        ]

    def __str__(self):
        return f"{self.center}: {self.get_province_display()}"


class TradeOfficialQuerySet(models.QuerySet):
    def working_at(self, center_ids, *, day: datetime.date | None = None, role: str | None = None):
        """The officials staffing one of the centers on `day` (today), in `role` if given.

        `center_ids` is a list of ids, or None for any center.
        """
        assignments = StaffAssignment.objects.active_on(day)
        if center_ids is not None:
            assignments = assignments.filter(center_id__in=center_ids)
        if role is not None:
            assignments = assignments.filter(role=role)
        return self.filter(pk__in=assignments.values("official"))


class TradeOfficial(models.Model):
    """The staff profile of a user who works for the program in China."""

    LANGUAGES = [("ko", _("Korean")), ("en", _("English")), ("zh", _("Chinese"))]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="trade_official",
    )
    title = models.CharField(_("title"), max_length=100)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    specialties = models.ManyToManyField(
        "programs.Sector",
        verbose_name=_("sector specialties"),
        blank=True,
        related_name="+",
        help_text=_("Areas or industries; cases of these sectors are suggested to them first."),
    )
    max_open_cases = models.PositiveSmallIntegerField(
        _("maximum open cases"),
        default=200,
        help_text=_("How many open cases this official should carry at most."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = TradeOfficialQuerySet.as_manager()

    class Meta:
        verbose_name = _("trade official")
        verbose_name_plural = _("trade officials")
        ordering = ["user__full_name"]

    def __str__(self):
        return str(self.user)


def staffing_on(day: datetime.date | None = None, prefix: str = "") -> Q:
    """Who staffs a center on `day` (today by default): the one rule, as a condition on
    StaffAssignment rows (or, with `prefix`, on a relation to them).

    An assignment is in force from `starts_on` up to the day before `ends_on`: ending one today
    (a move ends one row and starts another on the same day) means the official works
    elsewhere, or nowhere, from today. And only while the official is active.
    """
    day = day or timezone.localdate()
    return Q(
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": day}),
        **{f"{prefix}starts_on__lte": day, f"{prefix}official__is_active": True},
    )


class StaffAssignmentQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date | None = None):
        """The assignments in force on `day` (today): every page, form, guard and routing
        call that asks "who works at this center" asks here."""
        return self.filter(staffing_on(day))

    def current(self):
        """Not ended: in force, or planned to start later. An official has one such row at a
        time (the database says so); it is the one a move or an end acts on."""
        return self.filter(ends_on__isnull=True)


class StaffAssignment(models.Model):
    """Who works where, from when: the staffing history of the centers."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Center lead")
        OFFICER = "officer", _("Trade officer")

    official = models.ForeignKey(
        TradeOfficial,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    center = models.ForeignKey(
        SupportCenter,
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OFFICER)
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.CharField(_("why it ended"), max_length=300, blank=True)

    objects = StaffAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            # An official works at one center at a time; a move ends one row and starts
            # another in the same transaction.
            models.UniqueConstraint(
                fields=["official"],
                condition=Q(ends_on__isnull=True),
                name="staff_assignment_one_current_per_official",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="staff_assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.official} @ {self.center} ({self.get_role_display()})"

    @property
    def starts_later(self) -> bool:
        return self.starts_on > timezone.localdate()
