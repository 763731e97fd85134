"""Throwing a draft away: a page that says what goes, and the button that does it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import verified_email_required
from cases import services
from portal.views import get_own_case


@verified_email_required
@require_http_methods(["GET", "POST"])
def discard(request, pk):
    case = get_own_case(request.user, pk)
    if not case.is_draft:
        return redirect("portal:detail", pk=case.pk)
    if request.method == "POST":
        try:
            services.case_discard_draft(case=case, by=request.user)
        except services.CaseError as error:  # submitted by a colleague in the meantime
            for reason in error.reasons:
                messages.error(request, reason)
            return redirect("portal:detail", pk=case.pk)
        messages.success(
            request,
            _("The draft for “%(program)s” is discarded.") % {"program": case.program.name},
        )
        return redirect("portal:my_cases")
    return render(
        request,
        "portal/discard.html",
        {"case": case, "documents": case.documents.select_related("document_type")},
    )
