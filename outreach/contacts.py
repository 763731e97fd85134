"""Contacts with Chinese authorities: a center records each one, links the difficulties it
took up and the opportunities it opened, and plans its follow-ups, of which the owners are
reminded each morning (Celery beat)."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases import sla
from cases.errors import CaseError
from notifications.services import notify
from outreach.difficulties import works_at
from outreach.difficulty_models import Difficulty
from outreach.liaison_models import AuthorityBody, Contact, FollowUp, Level


def authority_body_find_or_add(*, level, name_ko, name_en, name_zh, province="") -> AuthorityBody:
    """The body of that Chinese name, added if it is new (two officials adding one body at
    once get the same row: the name is unique)."""
    name_zh = name_zh.strip()
    if level == Level.CENTRAL:
        province = ""
    elif not province:
        raise CaseError([_("A provincial or municipal body needs its province.")])
    existing = AuthorityBody.objects.filter(name_zh=name_zh).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return AuthorityBody.objects.create(
                level=level,
                name_ko=name_ko.strip(),
                name_en=name_en.strip(),
                name_zh=name_zh,
                province=province,
            )
    except IntegrityError:
        return AuthorityBody.objects.get(name_zh=name_zh)


def contact_record(
    *,
    center,
    by,
    body,
    counterpart: str,
    counterpart_zh: str = "",
    held_on,
    channel: str,
    topics: str,
    outcome: str,
    difficulties=(),
    opportunities=(),
    follow_ups=(),
) -> Contact:
    """Record a contact of `center`; `follow_ups` are (action, due date) pairs, owned by the
    official who records. Difficulties it took up that were only received are now being
    taken up."""
    if not works_at(by, center.pk):
        raise CaseError(
            [_("Only the officials of %(center)s may record its contacts.") % {"center": center}]
        )
    if held_on > sla.today():
        raise CaseError([_("Record a contact once it has taken place.")])
    foreign = [d for d in difficulties if d.center_id != center.pk] + [
        o for o in opportunities if o.center_id != center.pk
    ]
    if foreign:
        raise CaseError([_("Link only the difficulties and opportunities of this center.")])
    with transaction.atomic():
        contact = Contact.objects.create(
            center=center,
            body=body,
            counterpart=counterpart.strip(),
            counterpart_zh=counterpart_zh.strip(),
            held_on=held_on,
            channel=channel,
            topics=topics.strip(),
            outcome=outcome.strip(),
            recorded_by=by,
        )
        contact.difficulties.set(difficulties)
        contact.opportunities.set(opportunities)
        Difficulty.objects.filter(
            pk__in=[d.pk for d in difficulties], status=Difficulty.Status.RECEIVED
        ).update(status=Difficulty.Status.IN_PROGRESS)
        FollowUp.objects.bulk_create(
            FollowUp(contact=contact, action=action.strip(), due_on=due_on, owner=by)
            for action, due_on in follow_ups
        )
    return contact


def follow_up_done(*, follow_up, by) -> FollowUp:
    with transaction.atomic():
        follow_up = (
            FollowUp.objects.select_for_update().select_related("contact").get(pk=follow_up.pk)
        )
        if not works_at(by, follow_up.contact.center_id):
            raise CaseError([_("Only the officials of its center may close this follow-up.")])
        if follow_up.done_at is None:
            follow_up.done_at = timezone.now()
            follow_up.save(update_fields=["done_at"])
    return follow_up


def remind_follow_ups(today=None) -> int:
    """Each morning: the owner of each open follow-up due within two business days, or
    overdue, is told once when it comes due soon and once when it is overdue."""
    today = today or sla.today()
    due = (
        FollowUp.objects.filter(done_at__isnull=True, due_on__lte=sla.due_soon_limit(today))
        .select_related("contact__body", "owner")
        .order_by("pk")
    )
    sent = 0
    for follow_up in due:
        flag = sla.flag(follow_up.due_on, today)
        sent += len(
            notify(
                [follow_up.owner],
                "follow_up_due",
                {
                    "due": follow_up.due_on,
                    "body": follow_up.contact.body,
                    "held_on": follow_up.contact.held_on,
                    "action": follow_up.action,
                },
                reverse("desk:contact", kwargs={"pk": follow_up.contact_id}),
                dedupe_key=f"follow_up:{follow_up.pk}:{follow_up.due_on}:{flag}",
            )
        )
    return sent
