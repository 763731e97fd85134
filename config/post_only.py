"""A GET on an address that only takes a form's POST (a refreshed or bookmarked "apply",
"withdraw", "log out") goes back to a page instead of the browser's bare "405".

One mechanism for every view decorated with require_POST: the page it came from when the
browser says so (the Referer, of this site), else the nearest page above its address
(/programs/<code>/apply/ -> /programs/<code>/), else the start page.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def _page_above(path: str) -> str:
    while path not in ("", "/"):
        path = path.rstrip("/").rsplit("/", 1)[0] + "/"
        try:
            resolve(path)
        except Resolver404:
            continue
        return path
    return "/"


def back_from(request) -> str:
    referer = request.headers.get("referer", "")
    if (
        referer
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        and not referer.endswith(request.get_full_path())
    ):
        return referer
    return _page_above(request.path)


class PostOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method in ("GET", "HEAD")
            and "POST" in response.get("Allow", "")
        ):
            messages.info(
                request,
                _("That address only acts on a form sent from a page; opening it changed nothing."),
                fail_silently=True,
            )
            return HttpResponseRedirect(back_from(request))
        return response
