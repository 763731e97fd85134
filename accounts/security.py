"""The security log: one function writes it, for every app (accounts is the bottom layer).

Sign-ins, sign-outs and failed sign-ins are recorded from Django's auth signals (recording
is all they do). The other apps call `security_event_log` from their services, inside the
transaction of the change: a change that rolls back leaves no entry. The client's address
comes from the request being served (SecurityContextMiddleware), so services need not be
handed the request.
"""

import contextvars

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import SecurityEvent
from accounts.otp import second_factor_disabled, second_factor_enrolled
from accounts.signin_guard import client_ip

Action = SecurityEvent.Action

_request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "security_request_ip", default=None
)


class SecurityContextMiddleware:
    """Keeps the client's address for the log while the request is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _request_ip.reset(token)


def _described(obj, label: str) -> dict:
    if obj is None:
        return {"object_label": label[:200]}
    return {
        "object_type": obj._meta.model_name,
        "object_id": str(obj.pk),
        "object_label": (label or str(obj))[:200],
    }


def security_event_log(
    *,
    action: str,
    actor=None,
    actor_email: str = "",
    obj=None,
    label: str = "",
    details: dict | None = None,
    request=None,
) -> SecurityEvent:
    """Append one event to the security log. `obj` is what it is about (an official, a
    case, a center), shown as `label` (by default, as the object prints); `details` plain
    JSON values. The address is the request's (given, or
    the one being served); none for a task or a command."""
    if action not in Action.values:
        raise ValueError(f"Unknown security action: {action}")
    if actor is not None and not actor.is_authenticated:
        actor = None
    return SecurityEvent.objects.create(
        action=action,
        actor=actor,
        actor_email=(actor_email or getattr(actor, "email", "") or "")[:254],
        ip_address=client_ip(request) if request is not None else _request_ip.get(),
        details=details or {},
        **_described(obj, label),
    )


@receiver(user_logged_in, dispatch_uid="security_log_sign_in")
def _signed_in(sender, request, user, **kwargs):
    security_event_log(action=Action.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="security_log_sign_out")
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        security_event_log(action=Action.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="security_log_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    typed = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    # The account the address names, if any, so an attack on it shows in its history.
    account = User.objects.filter(email__iexact=typed[:254]).first() if typed else None
    security_event_log(
        action=Action.SIGN_IN_FAILED, actor=account, actor_email=typed, request=request
    )


@receiver(second_factor_enrolled, dispatch_uid="security_log_otp_enrol")
def _second_factor_enrolled(sender, user, device, **kwargs):
    security_event_log(action=Action.OTP_ENROL, actor=user, obj=device)


@receiver(second_factor_disabled, dispatch_uid="security_log_otp_disable")
def _second_factor_disabled(sender, user, **kwargs):
    security_event_log(action=Action.OTP_DISABLE, actor=user)


@receiver(user_locked_out, dispatch_uid="security_log_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    User = get_user_model()
    account = User.objects.filter(email__iexact=(username or "")[:254]).first()
    security_event_log(
        action=Action.LOCKOUT,
        actor=account,
        actor_email=username or "",
        request=request,
        details={"ip_address": ip_address},
    )
