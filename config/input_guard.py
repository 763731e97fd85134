"""Refuse, with the 400 page, the input no page of ours can take, before any page sees it.

A NUL byte makes PostgreSQL refuse the whole query, and no other control character
(C0, DEL) belongs in an address or in a field: someone typing cannot make them. Tabs and
line breaks can be typed into a text area, so a form's values may hold those. (Django
already drops unprintable characters from uploaded files' names.) An address longer than
any of ours would be refused by a proxy too; past this length the log-in page could not
even send the visitor back to it.
"""

import re

from django.core.exceptions import BadRequest
from django.urls import get_resolver

# Every C0 control and DEL: none belongs in an address.
IN_ADDRESS = re.compile(r"[\x00-\x1f\x7f]")
# The same but tab, line feed and carriage return, which a text area may send.
IN_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The log-in redirect quotes the address again (up to three characters for one): 4096
# keeps it under the 16384 Django allows a redirect.
MAX_URL_LENGTH = 4096


def _any_control(query_dict) -> bool:
    return any(
        IN_VALUE.search(key) or any(IN_VALUE.search(value) for value in values)
        for key, values in query_dict.lists()
    )


def _refused(request, reason: str):
    """The site's 400 page, from its handler as for Django's own refusals; Django logs it as
    a warning in one line: hostile input is expected, not an error of ours."""
    handler = get_resolver().resolve_error_handler(400)
    return handler(request, exception=BadRequest(reason))


class InputGuardMiddleware:
    """The address and the query of every request; the posted fields once the view is
    known, after the CSRF check (which reads them anyway)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.path) + len(request.META.get("QUERY_STRING", "")) > MAX_URL_LENGTH:
            return _refused(request, "address too long")
        if IN_ADDRESS.search(request.path) or _any_control(request.GET):
            return _refused(request, "control character in the address")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in ("POST", "PUT", "PATCH") and _any_control(request.POST):
            return _refused(request, "control character in a posted field")
        return None
