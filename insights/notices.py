"""The kinds of notification insights sends."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from notifications.kinds import Kind, register

register(
    Kind(
        "outcome_report_due",
        _("Requests for your exports after support"),
        _("%(reference)s: please report your exports, %(after)s"),
        _(
            "Your application %(reference)s to %(program)s was approved. Please report your "
            "exports to China since your last report (or the decision) on the application's "
            "page: %(after)s. "
            "The ministry uses these figures to judge whether the support works."
        ),
        roles=frozenset({Role.COMPANY_MEMBER}),
    ),
)
