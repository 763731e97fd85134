from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def krw(amount) -> str:
    """Whole won with thousands separators: 50,000,000원 / 50,000,000 won."""
    if amount in (None, ""):
        return ""
    return _("%(amount)s won") % {"amount": intcomma(int(amount))}


@register.simple_tag
def window_state(program) -> str:
    """'open', 'upcoming' or 'closed', for the badge of a program's application window."""
    now = timezone.now()
    if now < program.opens_at:
        return "upcoming"
    return "open" if now < program.closes_at else "closed"
