"""Declared conflicts of interest: a company a staff member holds a stake in, has worked for,
or is otherwise close to. A declaration in force bars them from acting as staff on the
company's cases, as membership of the company does (cases/recusal.py applies the rule).

It lives in cases/, not centers/: it joins a person to a company, and centers/ and
applicants/ never know each other; cases/ sits above both and is where the bar applies.
It names the person (the user), not the trade official, because administrators decide too
and need not have an official's profile.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConflictQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(ended_at__isnull=True)


class ConflictOfInterest(models.Model):
    class Kind(models.TextChoices):
        STAKE = "stake", _("Holds a stake in it")
        FORMER_EMPLOYEE = "former_employee", _("Worked for it")
        OTHER = "other", _("Another tie (say which in the note)")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="conflicts_of_interest",
    )
    company = models.ForeignKey(
        "applicants.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind of conflict"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-declared_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "company"],
                condition=Q(ended_at__isnull=True),
                name="conflict_of_interest_one_in_force",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("declared_at")),
                name="conflict_of_interest_ends_after_declared",
            ),
        ]
        indexes = [models.Index(fields=["company", "person"], name="conflict_company_person")]

    def __str__(self):
        return f"{self.person} · {self.company} ({self.get_kind_display()})"

    @property
    def in_force(self) -> bool:
        return self.ended_at is None
