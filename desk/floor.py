"""The floor bench_desk measures the desk against: the same request (session, second
factor, the desk's access check), the same query (the desk's filter with its defaults) for
the same 50 rows, the same values per row (desk.queue.rows), printed by a minimal template,
with no filter form rendered, no bulk assignment form and no page layout. What the desk
costs above it is its presentation.

Served only while bench_desk times it: bench_desk makes this module the URL configuration
(the product's URLs plus the floor's) for the time of its run, so the product's URLs are
untouched. It lives with the desk because it uses the desk's own query code, which the
bench may not import (import-linter's layers).
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from django.utils import translation

from cases import sla
from desk import queue
from desk.access import desk_required

NAME = "bench-desk-floor"

_TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="{{ LANGUAGE_CODE }}"><head><meta charset="utf-8">'
    "<title>Desk floor</title></head><body><table>\n"
    '{% for row in rows %}<tr data-case="{{ row.reference }}">'
    '<td><a href="{{ row.url }}">{{ row.reference }}</a></td><td>{{ row.company }}</td>'
    "<td>{{ row.business_number }}</td><td>{{ row.program }}</td><td>{{ row.state }}</td>"
    "<td>{{ row.center }}</td><td>{{ row.assigned_to }}</td><td>{{ row.priority }}</td>"
    "<td>{{ row.waited }}</td><td>{{ row.due }}</td><td>{{ row.flag }}</td></tr>\n"
    "{% endfor %}</table>{% if page.next_cursor %}"
    '<a rel="next" href="?after={{ page.next_cursor }}">next</a>{% endif %}</body></html>'
)


@desk_required
def floor(request):
    center_ids = queue.staffed_center_ids(request.user)
    # The desk's own filter decides the query (its defaults: the open cases); its form is
    # never rendered.
    filterset = queue.DeskFilter(
        request.GET,
        queryset=queue.desk_cases(request.user, center_ids),
        user=request.user,
        center_ids=center_ids,
    )
    page = queue.page(filterset.qs, after=request.GET.get("after", ""))
    rows = queue.rows(page.cases, sla.today(), names=filterset.names)
    # No request: the project's context processors belong to the page layout, not the floor.
    context = {"rows": rows, "page": page, "LANGUAGE_CODE": translation.get_language()}
    return HttpResponse(_TEMPLATE.render(context))


urlpatterns = [
    path("bench/desk-floor/", floor, name=NAME),
    path("", include("config.urls")),
]
