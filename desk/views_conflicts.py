"""An official's conflicts of interest: the companies they must never act on as staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applicants.selectors import company_search
from cases import declarations
from cases.conflicts import ConflictOfInterest
from desk.access import desk_required
from desk.conflict_forms import ConflictForm, ConflictSearchForm


@desk_required
@require_http_methods(["GET", "POST"])
def conflicts(request):
    search = ConflictSearchForm(request.POST or request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    companies = company_search(q)
    form = ConflictForm(request.POST or None, companies=companies, initial={"q": q})
    if request.method == "POST" and form.is_valid():
        try:
            conflict = declarations.conflict_declare(
                person=request.user,
                company=form.cleaned_data["company"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your conflict of interest with %(company)s is declared.")
                % {"company": conflict.company},
            )
            return redirect("desk:conflicts")
    return render(
        request,
        "desk/conflicts.html",
        {
            "conflicts": ConflictOfInterest.objects.filter(person=request.user).select_related(
                "company"
            ),
            "search": search,
            "q": q,
            "found": bool(q) and companies.exists(),
            "form": form,
        },
    )


@desk_required
@require_POST
def conflict_end(request, pk):
    conflict = get_object_or_404(
        ConflictOfInterest.objects.select_related("company"), pk=pk, person=request.user
    )
    try:
        declarations.conflict_end(conflict=conflict, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Your conflict of interest with %(company)s has ended.")
            % {"company": conflict.company},
        )
    return redirect("desk:conflicts")
