"""Information requests: what an official asks the company, item by item, and the answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from programs.models import DocumentType


class InformationRequest(models.Model):
    """What an official asks the company to change or add; the case waits for the answer."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="information_requests",
    )
    message = models.TextField(_("why the information is needed"), max_length=3000)
    due_on = models.DateField(_("answer by"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # At most one request waits for the company at a time.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(answered_at__isnull=True),
                name="information_request_one_open_per_case",
            )
        ]


class InformationItem(models.Model):
    """One thing asked: a field of the application, a document, or a free question."""

    class Kind(models.TextChoices):
        FIELD = "field", _("Change a field of the application")
        DOCUMENT = "document", _("Upload a document")
        QUESTION = "question", _("Answer a question")

    request = models.ForeignKey(
        InformationRequest,
        verbose_name=_("information request"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    kind = models.CharField(
        pgettext_lazy("requested item", "kind"), max_length=10, choices=Kind.choices
    )
    field = models.CharField(_("field"), max_length=40, blank=True)
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("document type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    question = models.TextField(_("question"), blank=True, max_length=2000)
    answer = models.TextField(_("answer"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("requested item")
        verbose_name_plural = _("requested items")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="field") & ~Q(field=""))
                | (Q(kind="document") & Q(document_type__isnull=False))
                | (Q(kind="question") & ~Q(question="")),
                name="information_item_says_what",
            )
        ]
