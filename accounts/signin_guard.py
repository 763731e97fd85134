"""What django-axes needs from us to throttle sign-ins (config/settings.py names these):
whose account a sign-in is for, which address it comes from, and the page it gets when
locked out.

The counting itself, the lockout and the records are django-axes' (AxesDatabaseHandler: in
the database, so every worker process sees the same count).
"""

import ipaddress

from django.conf import settings
from django.db.models import Max, Q
from django.shortcuts import render
from django.utils import timezone

# django-axes' username column.
USERNAME_MAX_LENGTH = 255


def username_of(request, credentials: dict | None) -> str | None:
    """The account a sign-in is for, as one counter: addresses are unique whatever their case,
    so "Owner@X" and "owner@x " are the same account and add up."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    if not isinstance(username, str):
        return None
    return username.strip().lower()[:USERNAME_MAX_LENGTH]


def client_ip(request) -> str | None:
    """The address the request came from, as our own reverse proxies saw it.

    With TRUSTED_PROXY_COUNT = 0 (the default) that is REMOTE_ADDR: any X-Forwarded-For is
    the client's own word and ignored. With N proxies in front, each appends the address it
    received the request from, so the N-th entry from the right of X-Forwarded-For was
    written by the outermost proxy: the client's real address. Whatever stands further left
    the client wrote, and is ignored. (django-ipware's proxy count expects the proxies' own
    addresses in the header, which nginx's $proxy_add_x_forwarded_for does not add: with one
    nginx and an honest client it finds no address at all.)
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            remote = forwarded[-count]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return None


def lockout_response(request, original_response=None, credentials=None):
    """The page of a refused sign-in, in the site's layout, saying when to try again."""
    from axes.models import AccessAttempt

    now = timezone.now()
    cool_off = settings.AXES_COOLOFF_TIME
    username = username_of(request, credentials)
    ip = getattr(request, "axes_ip_address", None) or client_ip(request)
    # The lockout ends once the failures that caused it are a cool-off old; the latest of
    # them is the last to age out.
    last_failure = AccessAttempt.objects.filter(
        Q(username=username) | Q(ip_address=ip), attempt_time__gte=now - cool_off
    ).aggregate(last=Max("attempt_time"))["last"]
    try_again_at = (last_failure or now) + cool_off
    return render(
        request,
        "accounts/lockout.html",
        {"try_again_at": try_again_at, "cool_off_minutes": int(cool_off.total_seconds() // 60)},
        status=429,
    )
