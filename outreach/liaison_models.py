"""Contacts with Chinese authorities, their follow-ups, and the opportunities the centers
publish with the interest companies express in them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models import ChineseProvince, SupportCenter
from programs.models import BilingualName


class Level(models.TextChoices):
    CENTRAL = "central", _("Central ministry or agency")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")


class AuthorityBody(BilingualName, models.Model):
    """A Chinese government body a center deals with (the General Administration of Customs,
    Shanghai Customs, the Suzhou commerce bureau)."""

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    # Central bodies have none.
    province = models.CharField(
        _("province"), max_length=5, choices=ChineseProvince.choices, blank=True
    )

    class Meta:
        verbose_name = _("Chinese authority")
        verbose_name_plural = _("Chinese authorities")
        ordering = ["level", "province", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["name_zh"], name="authority_body_unique_name_zh"),
            models.CheckConstraint(
                condition=Q(level="central", province="") | (~Q(level="central") & ~Q(province="")),
                name="authority_body_province_unless_central",
            ),
        ]


class ContactQuerySet(models.QuerySet):
    def of_centers(self, center_ids):
        return self if center_ids is None else self.filter(center_id__in=center_ids)


class Contact(models.Model):
    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        LETTER = "letter", _("Letter")
        CALL = "call", _("Call")

    center = models.ForeignKey(
        SupportCenter,
        verbose_name=_("support center"),
        on_delete=models.PROTECT,
        related_name="authority_contacts",
    )
    body = models.ForeignKey(
        AuthorityBody, verbose_name=_("body"), on_delete=models.PROTECT, related_name="contacts"
    )
    counterpart = models.CharField(_("counterpart"), max_length=200)
    counterpart_zh = models.CharField(_("counterpart (Chinese)"), max_length=200, blank=True)
    held_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    topics = models.TextField(_("topics"), max_length=3000)
    outcome = models.TextField(_("outcome"), max_length=3000)
    difficulties = models.ManyToManyField(
        "outreach.Difficulty",
        verbose_name=_("difficulties taken up"),
        blank=True,
        related_name="contacts",
    )
    opportunities = models.ManyToManyField(
        "outreach.Opportunity",
        verbose_name=_("opportunities opened"),
        blank=True,
        related_name="contacts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact with an authority")
        verbose_name_plural = _("contacts with authorities")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"], name="contact_held_on")]

    def __str__(self):
        return f"{self.body} ({self.held_on})"


class FollowUp(models.Model):
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    action = models.CharField(_("follow-up"), max_length=300)
    due_on = models.DateField(_("due"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who follows up"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(done_at__isnull=True), name="follow_up_pending"
            )
        ]

    def __str__(self):
        return self.action


class OpportunityQuerySet(models.QuerySet):
    def of_centers(self, center_ids):
        return self if center_ids is None else self.filter(center_id__in=center_ids)


class Opportunity(models.Model):
    class Kind(models.TextChoices):
        BUYER = "buyer", _("Buyer's request")
        TENDER = "tender", _("Tender")
        FAIR = "fair", _("Trade fair")
        PROJECT = "project", _("Local government project")
        # A center's message to the companies of chosen sectors (none: every company),
        # with neither province nor deadline: what the announcements were before.
        ANNOUNCEMENT = "announcement", _("Announcement")

    center = models.ForeignKey(
        SupportCenter,
        verbose_name=_("support center"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    province = models.CharField(
        _("province"), max_length=5, choices=ChineseProvince.choices, blank=True
    )
    sectors = models.ManyToManyField(
        "programs.Sector", verbose_name=_("sectors"), blank=True, related_name="+"
    )
    items = models.ManyToManyField(
        "programs.PromisingItem",
        verbose_name=_("promising export items"),
        blank=True,
        related_name="+",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    fanned_out_at = models.DateTimeField(_("sent to everyone"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(fanned_out_at__isnull=True),
                name="opportunity_not_fanned_out",
            ),
            models.Index(fields=["center", "-created_at"], name="opportunity_center_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="announcement") | (~Q(province="") & Q(deadline__isnull=False)),
                name="opportunity_province_and_deadline_unless_announcement",
            ),
        ]

    def __str__(self):
        return self.title


class AnnouncementQuerySet(OpportunityQuerySet):
    pass


class AnnouncementManager(models.Manager.from_queryset(AnnouncementQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Opportunity.Kind.ANNOUNCEMENT)


class Announcement(Opportunity):
    """The opportunities of the kind "announcement", under their old name: a center tells
    the companies of chosen sectors (none: every company); its message is `body`."""

    objects = AnnouncementManager()

    class Meta:
        proxy = True
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made here, or read (all of them are announcements) with `kind` deferred.
        if not self.__dict__.get("kind"):
            self.kind = Opportunity.Kind.ANNOUNCEMENT

    @property
    def body(self) -> str:
        return self.description

    @body.setter
    def body(self, value: str) -> None:
        self.description = value


class Interest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        INTRODUCED = "introduced", _("Introduced")
        MEETING = "meeting", _("Meeting held")
        DEAL = "deal", _("Deal")
        CLOSED = "closed", _("Closed")

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    company = models.ForeignKey(
        "applicants.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="opportunity_interests",
    )
    message = models.CharField(_("message"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    expressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expressed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expressed_at = models.DateTimeField(_("expressed"), default=timezone.now)
    updated_at = models.DateTimeField(_("status changed"), default=timezone.now)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-expressed_at", "-pk"]
        constraints = [
            # A company is interested once: a second click, or two members at once, add nothing.
            models.UniqueConstraint(
                fields=["opportunity", "company"], name="interest_once_per_company"
            ),
        ]

    def __str__(self):
        return f"{self.company} → {self.opportunity}"
