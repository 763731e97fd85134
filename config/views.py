import logging

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from applicants.models import Company
from centers.models import StaffAssignment, SupportCenter
from config import heartbeat
from config.celery import app as celery_app
from programs.models import Sector

logger = logging.getLogger(__name__)


@require_GET
def home(request):
    """The start page: what the program offers, and each role's own starting points."""
    user = request.user
    context = {"focus_areas": Sector.objects.focus_areas().prefetch_related("children")}
    if user.is_authenticated:
        if user.is_company_member:
            context["memberships"] = user.company_memberships.select_related("company__sector")
        if user.is_trade_official:
            context["assignment"] = (
                StaffAssignment.objects.active_on()
                .filter(official__user=user)
                .select_related("center")
                .first()
            )
        if user.is_administrator:
            context["centers"] = SupportCenter.objects.with_staff_counts()
            context["company_count"] = Company.objects.count()
    return render(request, "home.html", context)


def _database_state() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        logger.warning("healthz: database unreachable: %s", exc)
        return "unavailable"
    return "ok"


def _broker_state() -> str:
    if celery_app.conf.task_always_eager:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception as exc:
        logger.warning("healthz: broker unreachable: %s", exc)
        return "unavailable"
    return "ok"


def _worker_states() -> dict[str, str]:
    try:
        return heartbeat.states()
    except Exception as exc:  # the database is down: said under "database" already
        logger.warning("healthz: worker heartbeats unreadable: %s", exc)
        return {}


@never_cache
@require_safe
def healthz(request):
    """For load balancers and operators: 200 when the database and broker answer, else 503.

    "workers" names each Celery worker, "ok" or "silent since ..." (no heartbeat for two
    minutes): for the operator's monitoring; it never fails this web server's own check,
    which the load balancer uses to route requests to it.
    """
    state = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(value in ("ok", "eager") for value in state.values())
    workers = _worker_states() if state["database"] == "ok" else {}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **state, "workers": workers},
        status=200 if healthy else 503,
    )
