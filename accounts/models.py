from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class UserQuerySet(models.QuerySet):
    def with_role(self, role: Role):
        return self.filter(groups__name=role.value)

    def active(self):
        return self.filter(is_active=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # E-mail addresses are unique regardless of case; people type them both ways.
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails we send you."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log into the administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    email_verified_at = models.DateTimeField(
        _("e-mail address confirmed at"),
        null=True,
        blank=True,
        help_text=_("When the user opened the confirmation link we sent to this address."),
    )
    # The resend throttle lives on the row, not in the cache: see accounts.services.
    verification_email_sent_at = models.DateTimeField(
        _("confirmation e-mail sent at"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return role.value in self.roles

    @property
    def is_verified(self) -> bool:
        """Whether the user has confirmed their e-mail address (by opening our link)."""
        return self.email_verified_at is not None

    @property
    def is_company_member(self) -> bool:
        return self.has_role(Role.COMPANY_MEMBER)

    @property
    def is_trade_official(self) -> bool:
        return self.has_role(Role.TRADE_OFFICIAL)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.has_role(Role.ADMINISTRATOR)


class OutgoingEmail(models.Model):
    """One account e-mail (confirm an address, reset a password, an invitation) to one address,
    whether or not an account has it: the outbox's row, as a notification is for people.

    Written in the transaction of the event it is about; sent by accounts.tasks.deliver_email
    after commit, and by the sweep when that enqueue was lost. It keeps ids and plain values
    only: the link, and the security token in it, is made when the e-mail is sent, so no
    live token sits in the database (see accounts.outbox).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Nothing left to send by the time it was due: the address was confirmed meanwhile,
        # the account closed, the invitation accepted or expired.
        DROPPED = "dropped", _("No longer needed")

    kind = models.CharField(_("kind of e-mail"), max_length=60)
    to = models.EmailField(_("recipient's address"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    context = models.JSONField(_("template values"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    error = models.CharField(_("last e-mail error"), max_length=500, blank=True)
    tried_at = models.DateTimeField(_("last e-mail attempt"), null=True, blank=True)
    # The same on every attempt: a mail system that gets the message twice can tell.
    message_id = models.CharField("Message-ID", max_length=200, blank=True)

    class Meta:
        verbose_name = _("account e-mail")
        verbose_name_plural = _("account e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="outgoing_email_pending",
            ),
            # The hourly limit per address and kind (accounts.outbox.email_queue_within_limit).
            models.Index(fields=["to", "kind", "created_at"], name="outgoing_email_recent"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.to}"
