from base64 import b32encode
from functools import cached_property
from secrets import token_bytes

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

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

    # Not `is_verified`: django_otp's middleware puts `user.is_verified()` on every request's
    # user for the second factor, and a property of that name would make it fail.
    @property
    def has_confirmed_email(self) -> bool:
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


class SecurityEventQuerySet(models.QuerySet):
    # The log is append-only: the database refuses these too (migration 0006).
    def update(self, **kwargs):
        raise SecurityLogIsAppendOnly

    def delete(self):
        raise SecurityLogIsAppendOnly


class SecurityLogIsAppendOnly(Exception):
    def __init__(self):
        super().__init__("The security log is append-only: its rows are never changed.")


class SecurityEvent(models.Model):
    """One security-relevant act: a sign-in or a failed one, a lockout, a second factor
    enrolled, a CSV export, a staffing change, a decision. Written by
    accounts.security.security_event_log only; never changed or deleted."""

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGN_OUT = "sign_out", _("Signed out")
        LOCKOUT = "lockout", _("Locked out")
        OTP_ENROL = "otp_enrol", _("Second factor enrolled")
        OTP_DISABLE = "otp_disable", _("Second factor turned off")
        CSV_EXPORT = "csv_export", _("Cases exported (CSV)")
        OFFICIAL_ADD = "official_add", _("Trade official added")
        OFFICIAL_DEACTIVATE = "official_deactivate", _("Trade official deactivated")
        STAFF_ASSIGN = "staff_assign", _("Assignment started")
        STAFF_END = "staff_end", _("Assignment ended")
        STAFF_MOVE = "staff_move", _("Trade official moved")
        CASES_HANDED_OVER = "cases_handed_over", _("Cases handed over")
        CENTER_CLOSE = "center_close", _("Center closed")
        CASE_APPROVE = "case_approve", _("Case approved")
        CASE_REJECT = "case_reject", _("Case rejected")

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    # PROTECT: an account with a security history is deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # As typed at a failed sign-in; the account's address otherwise.
    actor_email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=50, blank=True)
    object_id = models.CharField(_("object id"), max_length=50, blank=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security log")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["action", "-id"], name="security_event_action")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.actor_email}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SecurityLogIsAppendOnly
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SecurityLogIsAppendOnly


# Backup codes ------------------------------------------------------------------------------

BACKUP_CODE_SALT = "accounts.BackupCode"


def backup_code_digest(code: str, secret=None) -> str:
    """What is kept of a backup code: HMAC-SHA256 of it, keyed from SECRET_KEY.

    A code is 40 random bits, made by us, never chosen by a person. A plain SHA-256 of it
    would be no protection: all 2**40 codes can be tried offline in hours. Keyed, a copy of
    the database (a backup, a replica, the admin) holds nothing to test guesses against
    without SECRET_KEY, and guesses at the sign-in page are throttled per device. A slow,
    salted password hash would add little over the key, and cost one slow hash per stored
    code at every try. Someone holding the key as well could forge what else it signs
    (password reset links, signed cookies): that key is kept secret anyway.
    """
    return salted_hmac(BACKUP_CODE_SALT, code, secret=secret, algorithm="sha256").hexdigest()


def backup_code_digests(code: str) -> list[str]:
    """The code's digest under the current key and each one being retired
    (SECRET_KEY_FALLBACKS), so rotating the key does not void the codes people hold."""
    return [
        backup_code_digest(code, secret)
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


class BackupCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A person's one-time backup codes, as a django-otp device: django-otp's StaticDevice,
    except that only a hash of each code is stored (BackupCode.digest)."""

    # django-otp's fields, named in our languages for the admin.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=64)
    confirmed = models.BooleanField(_("confirmed"), default=True)
    created_at = models.DateTimeField(_("created"), null=True, blank=True, auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        """Whether `token` is one of the codes left; if so it is used up. A wrong one counts
        towards the throttle, as django-otp's devices do."""
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        digests = backup_code_digests(str(token))
        match = None
        # Every stored digest against every candidate, in constant time: no early exit.
        for pk, stored in self.codes.values_list("pk", "digest"):
            for digest in digests:
                if constant_time_compare(stored, digest):
                    match = pk
        # The database decides who used it: of two requests with one code, one deletes the
        # row, the other deletes nothing.
        used = match is not None and BackupCode.objects.filter(pk=match).delete()[0] == 1
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return used


class BackupCode(models.Model):
    """One unused backup code of a device, as its digest only (backup_code_digest)."""

    device = models.ForeignKey(
        BackupCodeDevice,
        on_delete=models.CASCADE,
        related_name="codes",
        verbose_name=_("backup codes"),
    )
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")

    def __str__(self):
        return str(_("backup code"))

    @staticmethod
    def new_code() -> str:
        """A new code to show the person once: 8 characters of base32, 40 random bits."""
        return b32encode(token_bytes(5)).decode().lower()
