"""Reads of the centers app for the administrators' pages, with their queries spelled out."""

from django.db.models import Prefetch

from centers.models import StaffAssignment, TradeOfficial


def staffing_history(**filters):
    """Every assignment matching `filters` (a center, an official), newest first, with the
    people named on it: one query however long the history."""
    return (
        StaffAssignment.objects.filter(**filters)
        .select_related("official__user", "center", "assigned_by", "ended_by")
        .order_by("-starts_on", "-pk")
    )


def officials_overview():
    """Every trade official, active ones first, each with `posts`: their assignment that is
    not ended (in force or planned), if any. Two queries."""
    posts = StaffAssignment.objects.current().select_related("center")
    return (
        TradeOfficial.objects.select_related("user")
        .prefetch_related(Prefetch("assignments", queryset=posts, to_attr="posts"))
        .order_by("-is_active", "user__full_name", "pk")
    )
