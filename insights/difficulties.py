"""The companies' difficulties in China each center closed over the period, and how many
of them it resolved (outreach/): one GROUP BY over the centers of the table."""

import dataclasses

from django.db.models import Count, Q

from outreach.models import Difficulty


def add_difficulties(table, totals, since, until):
    """(the center table, the totals) with the difficulties closed in [since, until) and
    those resolved in full, for the centers the table lists (the reader's scope)."""
    centers = [row.pk for row in table.rows]
    counted = {
        row["center_id"]: row
        for row in Difficulty.objects.filter(
            center_id__in=centers, closed_at__gte=since, closed_at__lt=until
        )
        .values("center_id")
        .annotate(
            closed=Count("id"), resolved=Count("id", filter=Q(status=Difficulty.Status.RESOLVED))
        )
        .order_by()
    }
    rows = []
    for row in table.rows:
        found = counted.get(row.pk, {"closed": 0, "resolved": 0})
        rows.append(
            dataclasses.replace(
                row, difficulties_closed=found["closed"], difficulties_resolved=found["resolved"]
            )
        )
    totals = dataclasses.replace(
        totals,
        difficulties_closed=sum(row.difficulties_closed for row in rows),
        difficulties_resolved=sum(row.difficulties_resolved for row in rows),
    )
    return dataclasses.replace(table, rows=rows), totals
