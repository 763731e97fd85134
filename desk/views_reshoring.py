"""The official's part of a reshoring case, on the case page: fix the schedule, verify or
return milestones, record payments, check the obligations and record a repayment."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import workflow
from cases.errors import CaseError
from cases.models import CaseState
from desk.access import desk_required
from desk.reshoring_forms import (
    PaymentForm,
    RecoveryForm,
    RepaymentForm,
    ReturnForm,
    ScheduleForm,
)
from programs.formatting import krw
from reshoring import selectors, services
from reshoring.models import Milestone, Tranche


def relocation_panel(case, roles, bound=None):
    """The panel's data and forms; `bound` is (name, form) just posted, shown with its
    errors. Forms only for staff who may act (not someone barred)."""
    relocation = selectors.relocation_of(case)
    acting = bool(roles & workflow.STAFF) and case.state == CaseState.RELOCATION
    bound_name, bound_form = bound or (None, None)

    def form(name, make):
        return bound_form if bound_name == name else make()

    plan = relocation.plan
    relocation.schedule_form = relocation.recovery_form = relocation.repayment_form = None
    if acting and plan is not None and plan.schedule_fixed_at is None:
        relocation.schedule_form = form(
            "schedule", lambda: ScheduleForm(case=case, milestones=relocation.milestones)
        )
    for milestone in relocation.milestones:
        milestone.can_verify = acting and milestone.state == Milestone.State.SUBMITTED
        milestone.return_form = milestone.pay_form = None
        if milestone.can_verify:
            milestone.return_form = form(
                f"return-{milestone.pk}", lambda m=milestone: ReturnForm(milestone=m)
            )
        tranche = getattr(milestone, "tranche", None)
        payable = tranche and not milestone.payment and milestone.state == Milestone.State.VERIFIED
        if roles & workflow.STAFF and payable:
            milestone.pay_form = form(f"pay-{tranche.pk}", lambda t=tranche: PaymentForm(tranche=t))
    if acting and plan is not None and plan.schedule_fixed_at and relocation.recovery is None:
        relocation.recovery_form = form("recovery", RecoveryForm)
    if roles & workflow.STAFF and relocation.recovery and not relocation.recovery.repaid_on:
        relocation.repayment_form = form("repayment", RepaymentForm)
    return relocation


def _done(request, case, message, anchor="relocation"):
    messages.success(request, message)
    return redirect(f"{case_url(case)}#{anchor}")


def case_url(case) -> str:
    from django.urls import reverse

    return reverse("desk:case", kwargs={"pk": case.pk})


def _refused(request, case, name, form, error=None):
    from desk.views import _case_page

    if error is not None:
        # At the form, and at the top: the form may be gone (the tranche was just paid).
        form.add_error(None, error.reasons)
        for reason in error.reasons:
            messages.error(request, reason)
    return _case_page(request, case, relocation_bound=(name, form), status=400)


def _case(request, pk):
    from desk.views import _desk_case

    return _desk_case(request.user, pk)


@desk_required
@require_POST
def schedule_fix(request, pk):
    case = _case(request, pk)
    milestones = list(case.milestones.all())
    form = ScheduleForm(request.POST, case=case, milestones=milestones)
    if not form.is_valid():
        return _refused(request, case, "schedule", form)
    try:
        services.schedule_fix(
            case=case, by=request.user, amounts=form.amounts(), due_dates=form.due_dates()
        )
    except CaseError as error:
        return _refused(request, case, "schedule", form, error)
    return _done(request, case, _("The tranches and due dates are fixed."))


@desk_required
@require_POST
def milestone_verify(request, pk, milestone_pk):
    case = _case(request, pk)
    milestone = get_object_or_404(case.milestones, pk=milestone_pk)
    try:
        services.milestone_verify(milestone=milestone, by=request.user)
    except CaseError as error:
        for reason in error.reasons:
            messages.error(request, reason)
        return redirect(case_url(case))
    return _done(
        request,
        case,
        _("“%(milestone)s” is verified.") % {"milestone": milestone.get_kind_display()},
        f"milestone-{milestone.kind}",
    )


@desk_required
@require_POST
def milestone_return(request, pk, milestone_pk):
    case = _case(request, pk)
    milestone = get_object_or_404(case.milestones, pk=milestone_pk)
    form = ReturnForm(request.POST, milestone=milestone)
    name = f"return-{milestone.pk}"
    if not form.is_valid():
        return _refused(request, case, name, form)
    try:
        services.milestone_return(
            milestone=milestone, by=request.user, reason=form.cleaned_data["reason"]
        )
    except CaseError as error:
        return _refused(request, case, name, form, error)
    return _done(
        request,
        case,
        _("“%(milestone)s” is returned to the company.")
        % {"milestone": milestone.get_kind_display()},
        f"milestone-{milestone.kind}",
    )


@desk_required
@require_POST
def tranche_pay(request, pk, tranche_pk):
    case = _case(request, pk)
    tranche = get_object_or_404(Tranche.objects.filter(case=case), pk=tranche_pk)
    form = PaymentForm(request.POST, tranche=tranche)
    name = f"pay-{tranche.pk}"
    if not form.is_valid():
        return _refused(request, case, name, form)
    try:
        services.payment_record(tranche=tranche, by=request.user, **form.cleaned_data)
    except CaseError as error:
        return _refused(request, case, name, form, error)
    return _done(
        request,
        case,
        _("The payment of %(amount)s is recorded.") % {"amount": krw(tranche.amount)},
    )


@desk_required
@require_POST
def recovery_open(request, pk):
    case = _case(request, pk)
    form = RecoveryForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, "recovery", form)
    try:
        recovery = services.recovery_open(case=case, by=request.user, **form.cleaned_data)
    except CaseError as error:
        return _refused(request, case, "recovery", form, error)
    if recovery is None:
        return _done(request, case, _("The obligations are met: nothing is to be paid back."))
    return _done(
        request,
        case,
        _("A recovery of %(amount)s is open; the company is told.")
        % {"amount": krw(recovery.amount)},
    )


@desk_required
@require_POST
def repayment_record(request, pk):
    case = _case(request, pk)
    form = RepaymentForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, "repayment", form)
    try:
        services.repayment_record(case=case, by=request.user, **form.cleaned_data)
    except CaseError as error:
        return _refused(request, case, "repayment", form, error)
    return _done(request, case, _("The repayment is recorded."))
