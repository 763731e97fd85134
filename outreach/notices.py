"""The kinds of notification outreach sends."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from cases.notices import center_staff
from notifications.kinds import Kind, register
from notifications.models import Channel
from notifications.services import notify
from outreach.difficulty_models import Difficulty
from outreach.liaison_models import Interest

register(
    Kind(
        "announcement",
        _("Announcements from the support centers"),
        _("%(center)s: %(title)s"),
        "%(body)s",  # the center's own words: nothing to translate
        roles=frozenset({Role.COMPANY_MEMBER}),
        # By e-mail at once, not in the digest: what a center announces (a buyers' meeting,
        # a trade fair's stand, a call of a provincial body) usually has a deadline days
        # away, and the digest would spend one of them. Who prefers fewer e-mails switches
        # this kind to the digest on their preferences page.
        default=Channel.EMAIL,
    ),
)

COMPANY = frozenset({Role.COMPANY_MEMBER})
STAFF = frozenset({Role.TRADE_OFFICIAL, Role.ADMINISTRATOR})

register(
    Kind(
        "difficulty_reported",
        _("A company reports a difficulty in China"),
        _("Difficulty reported: %(company)s"),
        _(
            "%(company)s reports a difficulty with %(authority)s (%(kind)s). The outcome is "
            "due %(due)s."
        ),
        roles=STAFF,
    ),
    Kind(
        "difficulty_answered",
        _("A company answers about its difficulty"),
        _("%(company)s answered about its difficulty"),
        _("%(company)s answered what you asked about its difficulty with %(authority)s."),
        roles=STAFF,
    ),
    Kind(
        "difficulty_updated",
        _("News of a difficulty you reported"),
        _("Your difficulty with %(authority)s: %(status)s"),
        _("%(center)s: %(text)s"),
        roles=COMPANY,
    ),
    Kind(
        "opportunity",
        _("Business opportunities in China"),
        _("%(center)s: %(title)s"),
        _("%(kind)s, %(province)s, until %(deadline)s.\n\n%(description)s"),
        roles=COMPANY,
        default=Channel.EMAIL,
    ),
    Kind(
        "interest_received",
        _("A company is interested in an opportunity"),
        _("%(company)s is interested in “%(title)s”"),
        "%(message)s",  # the company's own words
        roles=STAFF,
    ),
    Kind(
        "interest_status",
        _("News of an opportunity you are interested in"),
        _("“%(title)s”: %(status)s"),
        _("%(center)s moved your interest in “%(title)s” to: %(status)s."),
        roles=COMPANY,
    ),
    Kind(
        "follow_up_due",
        _("A follow-up with a Chinese authority is due"),
        _("Follow-up due %(due)s: %(body)s"),
        _("After the contact of %(held_on)s with %(body)s: %(action)s"),
        roles=STAFF,
    ),
)


def _company_members(company_id) -> list:
    return list(User.objects.filter(company_memberships__company=company_id, is_active=True))


def _difficulty_context(difficulty, **extra) -> dict:
    return {
        "company": difficulty.company,
        "authority": difficulty.authority,
        "kind": Difficulty.Kind(difficulty.kind).label,
        "due": difficulty.due_on,
        "status": Difficulty.Status(difficulty.status).label,
        "center": difficulty.center or _("The support desk"),
        **extra,
    }


def difficulty_reported(difficulty) -> None:
    notify(
        center_staff(difficulty.center_id),
        "difficulty_reported",
        _difficulty_context(difficulty),
        reverse("desk:difficulty", kwargs={"pk": difficulty.pk}),
    )


def difficulty_answered(difficulty) -> None:
    notify(
        center_staff(difficulty.center_id),
        "difficulty_answered",
        _difficulty_context(difficulty),
        reverse("desk:difficulty", kwargs={"pk": difficulty.pk}),
    )


def difficulty_updated(difficulty, text: str) -> None:
    notify(
        _company_members(difficulty.company_id),
        "difficulty_updated",
        _difficulty_context(difficulty, text=text),
        reverse("portal:difficulty", kwargs={"pk": difficulty.pk}),
    )


def interest_received(interest) -> None:
    opportunity = interest.opportunity
    notify(
        center_staff(opportunity.center_id),
        "interest_received",
        {"company": interest.company, "title": opportunity.title, "message": interest.message},
        reverse("desk:opportunity", kwargs={"pk": opportunity.pk}),
    )


def interest_status(interest) -> None:
    opportunity = interest.opportunity
    notify(
        _company_members(interest.company_id),
        "interest_status",
        {
            "title": opportunity.title,
            "center": opportunity.center,
            "status": Interest.Status(interest.status).label,
        },
        reverse("portal:opportunity", kwargs={"pk": opportunity.pk}),
    )
