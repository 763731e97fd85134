"""The kinds of notification outreach sends."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from notifications.kinds import Kind, register
from notifications.models import Channel

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
