"""Who may open the desk's pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.decorators import second_factor_verified
from desk import queue


def desk_required(view_func):
    """Trade officials and administrators, with the second factor; visitors go to log in, a
    session without the second step to it, everyone else gets 403."""
    verified_view = second_factor_verified(view_func)

    @wraps(view_func)
    def _wrapped_view(request, *args, **kwargs):
        if not queue.may_use_desk(request.user):
            raise PermissionDenied
        return verified_view(request, *args, **kwargs)

    return login_required(_wrapped_view)
