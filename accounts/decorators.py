from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from accounts import otp


def verified_email_required(view_func):
    """Let through only users who confirmed their e-mail address.

    A visitor who is not logged in goes to the log-in page; a logged-in user who has not
    confirmed goes to a page that says so and offers a new link.
    """

    @wraps(view_func)
    def _wrapped_view(request, *args, **kwargs):
        if not request.user.has_confirmed_email:
            return redirect("accounts:verification_required")
        return view_func(request, *args, **kwargs)

    return login_required(_wrapped_view)


def second_factor_verified(view_func):
    """Staff pages: a session that has not passed the second step (since the password)
    goes to it, enrolment included, and comes back."""

    @wraps(view_func)
    def _wrapped_view(request, *args, **kwargs):
        if not request.user.is_verified():
            return redirect(otp.second_step_url(request))
        return view_func(request, *args, **kwargs)

    return _wrapped_view


def administrator_required(view_func):
    """Only administrators, with the second factor: visitors go to the log-in page, a
    session without the second step to it, everyone else gets 403."""
    verified_view = second_factor_verified(view_func)

    @wraps(view_func)
    def _wrapped_view(request, *args, **kwargs):
        if not request.user.is_administrator:
            raise PermissionDenied
        return verified_view(request, *args, **kwargs)

    return login_required(_wrapped_view)
