"""Announcements: a center tells the companies of chosen sectors of an opportunity.

Posting writes one row and enqueues the fan-out after commit; the fan-out notifies the
members of the matching companies in batches, each batch in its own transaction and under
the dedupe key of the announcement, so a fan-out that dies half-way (a killed worker, a time
limit) is completed by the next run (the sweep's) without telling anyone twice.
"""

import datetime
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.mail import enqueue
from accounts.models import User
from applicants.models import CompanyMember
from cases import sla
from cases.errors import CaseError
from centers.models import StaffAssignment, SupportCenter
from notifications.services import notify
from outreach.models import Announcement

KIND = "announcement"
# People per notify() call, each call in its own transaction: short enough that a crash
# loses little work, long enough that the rows go in with few round trips.
FAN_OUT_BATCH = 2_000
# The sweep leaves alone what was just posted: its fan-out task is surely on its way.
RESUME_AFTER = datetime.timedelta(minutes=2)


def led_center_ids(user) -> list[int] | None:
    """The centers the user leads now; None means every center (administrators)."""
    if user.is_administrator:
        return None
    return list(
        StaffAssignment.objects.active_on(sla.today())
        .filter(official__user=user, role=StaffAssignment.Role.LEAD)
        .values_list("center_id", flat=True)
    )


def may_announce(user) -> bool:
    """Whether the user may post announcements for some center (to show the button)."""
    return user.is_authenticated and (user.is_administrator or bool(led_center_ids(user)))


def postable_centers(user):
    """The centers the user may post for: those they lead; administrators any open one."""
    ids = led_center_ids(user)
    centers = SupportCenter.objects.open()
    return centers if ids is None else centers.filter(pk__in=ids)


def announcement_post(*, center, by, title: str, body: str, sectors) -> Announcement:
    """Post an announcement of `center` to the companies of `sectors` (none: every company).

    Only a lead of the center or an administrator may; the fan-out runs in a task enqueued
    after commit (and by the sweep if that enqueue is lost).
    """
    ids = led_center_ids(by)
    if ids is not None and center.pk not in ids:
        raise CaseError(
            [
                _("Only a lead of %(center)s or an administrator may post its announcements.")
                % {"center": center.name}
            ]
        )
    if center.status != SupportCenter.Status.OPEN:
        raise CaseError([_("%(center)s is not open.") % {"center": center.name}])
    with transaction.atomic():
        announcement = Announcement.objects.create(
            center=center, title=title, body=body, created_by=by
        )
        announcement.sectors.set(sectors)
        transaction.on_commit(partial(_enqueue_fan_out, announcement.pk))
    return announcement


def _enqueue_fan_out(announcement_id: int) -> bool:
    from outreach.tasks import fan_out_announcement

    return enqueue(fan_out_announcement, announcement_id)


def recipients(announcement):
    """The active members of the companies of the announcement's sectors, each once."""
    return recipients_of(list(announcement.sectors.values_list("pk", flat=True)))


def recipients_of(sector_ids):
    """The active members of the companies of these sectors (none: of every company)."""
    memberships = CompanyMember.objects.filter(user=OuterRef("pk"))
    if sector_ids:
        # An area covers its industries.
        memberships = memberships.filter(
            Q(company__sector__in=sector_ids) | Q(company__sector__parent__in=sector_ids)
        )
    # EXISTS rather than a join: a member of two matching companies is one row.
    return User.objects.filter(Exists(memberships), is_active=True)


def _context(announcement) -> dict:
    return {
        # The object, not its name: notify() renders each copy in the reader's language.
        "center": announcement.center,
        "title": announcement.title,
        "body": announcement.body,
    }


def dedupe_key(announcement_id: int) -> str:
    return f"announcement:{announcement_id}"


def fan_out(announcement_id: int) -> int:
    """Notify everyone the announcement is for who has not been notified of it yet.

    Returns how many were notified by this run. Idempotent: a second run, or one that
    overlaps with this one, notifies nobody twice.
    """
    announcement = Announcement.objects.select_related("center").filter(pk=announcement_id).first()
    if announcement is None or announcement.fanned_out_at is not None:
        return 0
    return broadcast(
        rows=Announcement.objects.filter(pk=announcement.pk),
        people=recipients(announcement),
        kind=KIND,
        context=_context(announcement),
        key=dedupe_key(announcement.pk),
    )


def broadcast(*, rows, people, kind: str, context: dict, key: str, link: str = "") -> int:
    """The broadcast: notify `people` in batches under the dedupe `key`, then mark the one
    row of `rows` (an announcement, an opportunity) fanned out with how many it reached."""
    people = people.order_by("pk").only("pk", "language")
    notified, reached, after = 0, 0, 0
    while True:
        with transaction.atomic():
            # Two runs at once (the task and the sweep's) take turns batch by batch: the
            # second finds the first's notifications under the key and writes nothing.
            locked = rows.select_for_update()
            if locked.values_list("fanned_out_at", flat=True).first() is not None:
                return notified
            batch = list(people.filter(pk__gt=after)[:FAN_OUT_BATCH])
            if not batch:
                break
            notified += len(notify(batch, kind, context, link, dedupe_key=key))
        # Counted as they go by, those an earlier run notified included: no scan of the
        # notifications table for the key.
        reached += len(batch)
        after = batch[-1].pk
    rows.filter(fanned_out_at__isnull=True).update(fanned_out_at=timezone.now(), recipients=reached)
    return notified


def unfinished(*, now=None) -> list[int]:
    """The announcements whose fan-out should have finished by now and has not."""
    now = now or timezone.now()
    return list(
        Announcement.objects.filter(fanned_out_at__isnull=True, created_at__lt=now - RESUME_AFTER)
        .order_by("created_at")
        .values_list("pk", flat=True)
    )


def resume(*, now=None) -> int:
    """Enqueue again the fan-outs that never ran or did not finish (announcements' and
    opportunities'); returns how many."""
    from outreach import opportunities

    return sum(_enqueue_fan_out(pk) for pk in unfinished(now=now)) + opportunities.resume(now=now)
