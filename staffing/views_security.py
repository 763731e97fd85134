"""The security log, for administrators: who signed in (or failed to), exported cases,
changed the staffing or decided, newest first."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import selectors
from accounts.decorators import administrator_required
from staffing.forms import SecurityLogFilterForm


@administrator_required
@require_GET
def security_log(request):
    form = SecurityLogFilterForm(request.GET)
    form.is_valid()  # a malformed filter is named at its field; the valid ones still apply
    filters = {key: value for key, value in form.cleaned_data.items() if value}
    page = selectors.security_log(**filters)
    older = request.GET.copy()
    older["before"] = str(page.older)
    return render(
        request,
        "staffing/security_log.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters.keys() - {"before"}),
            "first_page": "before" not in filters,
            "older_query": older.urlencode() if page.older else "",
        },
    )
