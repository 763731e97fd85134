"""The kinds of notification, registered by the apps that send them.

This app knows nothing of cases or companies: each app registers its kinds (label, subject
and body as format strings, the default channel, who receives them) in its AppConfig.ready,
and calls `notify()` with the values the texts need.
"""

from dataclasses import dataclass

from notifications.models import Channel


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # lazy: the preferences page names the kind with it
    subject: str  # lazy format string, filled with the context
    body: str  # lazy format string, filled with the context
    roles: frozenset  # the roles (accounts.roles.Role values) who may receive it
    default: str = Channel.EMAIL


KINDS: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        KINDS[kind.code] = kind


def kinds_for(user) -> list[Kind]:
    """The kinds a user may receive, by their roles, for their preferences page."""
    roles = set(user.roles)
    if user.is_administrator:
        roles.add("administrator")
    return [kind for kind in KINDS.values() if kind.roles & roles]
