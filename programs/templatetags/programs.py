from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def window_state(program) -> str:
    """'open', 'upcoming' or 'closed', for the badge of a program's application window."""
    now = timezone.now()
    if now < program.opens_at:
        return "upcoming"
    return "open" if now < program.closes_at else "closed"
