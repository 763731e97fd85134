"""Two middlewares of the session: how long it lasts, and the second step it may owe.

How long a session lasts, by who holds it.

Staff (trade officials, administrators) decide on money: their session cookie lasts until the
browser closes, the session ends after STAFF_SESSION_IDLE_TIMEOUT without a request, and
STAFF_SESSION_MAX_AGE after signing in whatever happens. Company members keep theirs across
browser restarts, but it ends after COMPANY_SESSION_IDLE_TIMEOUT without a request, and
SESSION_COOKIE_AGE after signing in.

Both clocks are timestamps in the session itself, checked on the server: a copied cookie is
as idle, and as old, as the session it belongs to.

Keeps a session that owes the second step on it.

After the password (Django's LoginView, untouched), a staff user or a company user who
turned the second factor on is signed in but not verified: until they enter the code (or
enrol, staff at their first sign-in), every page but the second step's own sends them
there, and then back. django_otp's OTPMiddleware, before this one, tells whether the session
is verified (`request.user.is_verified()`).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import otp

LAST_SEEN = "_last_seen"
SIGNED_IN_AT = "_signed_in_at"
# The timestamp is rewritten at most once a minute, so that reading pages does not write
# the session on every request; the timeout is counted in minutes anyway.
TOUCH_EVERY = 60


def holds_staff_session(user) -> bool:
    return user.is_staff or user.is_trade_official or user.is_administrator


def limits(user) -> tuple[float, float]:
    """Seconds without a request, and seconds since signing in, that end `user`'s session."""
    if holds_staff_session(user):
        return (
            settings.STAFF_SESSION_IDLE_TIMEOUT.total_seconds(),
            settings.STAFF_SESSION_MAX_AGE.total_seconds(),
        )
    return settings.COMPANY_SESSION_IDLE_TIMEOUT.total_seconds(), settings.SESSION_COOKIE_AGE


def ended_because(session, user) -> str | None:
    """Why the session has ended ("idle" or "too old"); None while it goes on."""
    now = timezone.now().timestamp()
    idle, max_age = limits(user)
    if now - session.get(LAST_SEEN, now) > idle:
        return "idle"
    if now - session.get(SIGNED_IN_AT, now) > max_age:
        return "too old"
    return None


def keep_session(session, user) -> None:
    """Mark the session seen now (at most once a minute) and give its cookie the lifetime of
    the user's role; writes the session only when one of them changes."""
    now = timezone.now().timestamp()
    last_seen = session.get(LAST_SEEN)
    if last_seen is None or now - last_seen >= TOUCH_EVERY:
        session[LAST_SEEN] = int(now)
    if SIGNED_IN_AT not in session:
        session[SIGNED_IN_AT] = int(now)
    until_browser_closes = holds_staff_session(user)
    if session.get_expire_at_browser_close() != until_browser_closes:
        session.set_expiry(0 if until_browser_closes else None)


def session_started(sender, request, user, **kwargs):
    """On sign-in (connected to user_logged_in in AccountsConfig.ready), so that the first
    page after it finds the session already set and does not write it again."""
    if hasattr(request, "session"):
        request.session.pop(LAST_SEEN, None)
        request.session.pop(SIGNED_IN_AT, None)
        keep_session(request.session, user)


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            reason = ended_because(request.session, user)
            if reason is not None:
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were signed out because you had been inactive for a while. "
                        "Sign in again to continue."
                    )
                    if reason == "idle"
                    else _(
                        "You were signed out because your session reached its time limit. "
                        "Sign in again to continue."
                    ),
                )
            else:
                keep_session(request.session, user)
        return self.get_response(request)


# The second step ------------------------------------------------------------------------

OPEN_VIEWS = frozenset(
    {
        "accounts:second_factor",
        "accounts:second_factor_enrol",
        "accounts:second_factor_backup_codes",
        "accounts:logout",
        "set_language",
        "healthz",
    }
)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        if not otp.owes_second_step(request):
            return None
        return redirect(otp.second_step_url(request))
