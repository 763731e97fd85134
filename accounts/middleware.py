"""Keeps a session that owes the second step on it.

After the password (Django's LoginView, untouched), a staff user or a company user who
turned the second factor on is signed in but not verified: until they enter the code (or
enrol, staff at their first sign-in), every page but the second step's own sends them
there, and then back. django_otp's OTPMiddleware, before this one, tells whether the session
is verified (`request.user.is_verified()`).
"""

from django.shortcuts import redirect

from accounts import otp

# What a session that owes the second step may still open.
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
