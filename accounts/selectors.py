"""Reads of the accounts app for the pages above."""

from dataclasses import dataclass

from accounts.models import SecurityEvent

SECURITY_LOG_PAGE = 50


@dataclass(frozen=True)
class SecurityLogPage:
    events: list
    # The cursor of the next (older) page, None on the last one.
    older: int | None


def security_log(
    *, person: str = "", action: str = "", before: int | None = None, size: int = SECURITY_LOG_PAGE
) -> SecurityLogPage:
    """The log newest first, `size` entries older than the entry `before` (a keyset, so a
    page deep in a long log costs what the first does), for an e-mail address containing
    `person` and one action."""
    events = SecurityEvent.objects.select_related("actor").order_by("-pk")
    if person:
        events = events.filter(actor_email__icontains=person)
    if action:
        events = events.filter(action=action)
    if before is not None:
        events = events.filter(pk__lt=before)
    rows = list(events[: size + 1])
    return SecurityLogPage(rows[:size], rows[size - 1].pk if len(rows) > size else None)
