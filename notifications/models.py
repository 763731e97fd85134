from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """How a person wants one kind of notification: always in the app, and maybe by e-mail."""

    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("By e-mail at once")
    DIGEST = "digest", _("In the daily e-mail digest")


class EmailStatus(models.TextChoices):
    NONE = "none", _("No e-mail")
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    DIGEST = "digest", _("Waiting for the digest")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    """One message to one person: shown in the app, and e-mailed as they prefer.

    Written in the transaction of the event it tells of; the e-mail is sent by a Celery task
    enqueued after commit, and by the sweep if that enqueue was lost.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(pgettext_lazy("notification", "kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_sent_at = models.DateTimeField(_("e-mail sent"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_error = models.CharField(_("last e-mail error"), max_length=500, blank=True)
    email_tried_at = models.DateTimeField(_("last e-mail attempt"), null=True, blank=True)
    # When a delivery run claimed the row (status sending); the claim runs out after
    # notifications.delivery.CLAIM_TIMEOUT, and the sweep hands the row to another run.
    email_claimed_at = models.DateTimeField(_("e-mail claimed"), null=True, blank=True)
    # Scheduled jobs name what they notify of (a case's deadline, a day's digest): a second
    # run of the job finds the row there and writes nothing.
    dedupe_key = models.CharField(max_length=120, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_once_per_key",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # What the sweep and the digest read, and nothing else: the rows not yet
            # e-mailed, a handful however many millions were sent long ago.
            models.Index(
                fields=["email", "created_at"],
                condition=Q(email__in=["pending", "sending", "digest"]),
                name="notification_undelivered",
            ),
        ]

    def __str__(self):
        return self.subject


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(pgettext_lazy("notification", "kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]


class WorkerHeartbeat(models.Model):
    """The last sign of life of each Celery worker (by its node name), written every
    HEARTBEAT_EVERY seconds by the worker's main process (config.heartbeat) and removed when
    it shuts down cleanly: /healthz names a worker silent for two minutes."""

    worker = models.CharField(_("worker"), max_length=200, unique=True)
    beat_at = models.DateTimeField(_("last heartbeat"))
    started_at = models.DateTimeField(_("started"))

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.worker
