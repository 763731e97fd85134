"""Proposals and decisions become rows. Existing cases get theirs from the case's own fields:
the proposal a case holds (waiting, or followed by the decision or the withdrawal) and the
decision of each decided case. Proposals sent back before this migration left only their
timeline entry (their outcome was not kept), so they stay there."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

BATCH = 1000


def _time_of(CaseEvent, case, action):
    event = (
        CaseEvent.objects.filter(case=case, action=action)
        .order_by("-created_at", "-pk")
        .values_list("actor_id", "created_at")
        .first()
    )
    return event or (None, None)


def _recommendation(Recommendation, CaseEvent, case):
    approving = case.recommended_outcome == "approve"
    if approving and case.recommended_amount is None:
        return None
    _actor, proposed_at = _time_of(CaseEvent, case, "recommend")
    row = Recommendation(
        case_id=case.pk,
        outcome=case.recommended_outcome,
        amount=case.recommended_amount if approving else None,
        conditions=case.decision_conditions if approving else "",
        reasons=[] if approving else list(case.rejection_reasons or []),
        explanation="" if approving else case.decision_explanation,
        recommended_by_id=case.recommended_by_id,
        recommended_at=proposed_at or case.updated_at,
    )
    if case.decided_at is not None:
        row.status = "approved" if case.approved_amount is not None else "rejected"
        row.resolved_by_id, row.resolved_at = case.decided_by_id, case.decided_at
    elif case.state in ("withdrawn", "closed"):  # withdrawn while the proposal waited
        actor, withdrawn_at = _time_of(CaseEvent, case, "withdraw")
        row.status = "withdrawn"
        row.resolved_by_id, row.resolved_at = actor, withdrawn_at or case.updated_at
    elif case.state != "recommended":
        return None
    return row


def record(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    Recommendation = apps.get_model("cases", "Recommendation")
    Decision = apps.get_model("cases", "Decision")

    proposed = Case.objects.exclude(recommended_outcome="").filter(recommended_by__isnull=False)
    rows = []
    for case in proposed.order_by("pk").iterator(chunk_size=BATCH):
        row = _recommendation(Recommendation, CaseEvent, case)
        if row is not None:
            rows.append(row)
    Recommendation.objects.bulk_create(rows, batch_size=BATCH)

    followed = dict(
        Recommendation.objects.exclude(status__in=["pending", "withdrawn"]).values_list(
            "case_id", "pk"
        )
    )
    decided = Case.objects.filter(decided_at__isnull=False, decided_by__isnull=False)
    decisions = []
    for case in decided.order_by("pk").iterator(chunk_size=BATCH):
        approved = case.approved_amount is not None
        decisions.append(
            Decision(
                case_id=case.pk,
                outcome="approve" if approved else "reject",
                amount=case.approved_amount,
                conditions=case.decision_conditions if approved else "",
                reasons=[] if approved else list(case.rejection_reasons or []),
                explanation="" if approved else case.decision_explanation,
                decided_by_id=case.decided_by_id,
                decided_at=case.decided_at,
                recommendation_id=followed.get(case.pk),
            )
        )
    Decision.objects.bulk_create(decisions, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_announcement_moves_to_outreach"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Recommendation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[("approve", "Approve"), ("reject", "Reject")],
                        max_length=10,
                        verbose_name="proposed decision",
                    ),
                ),
                (
                    "amount",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="proposed amount (KRW)"
                    ),
                ),
                ("conditions", models.TextField(blank=True, verbose_name="conditions")),
                (
                    "reasons",
                    models.JSONField(
                        blank=True, default=list, verbose_name="reasons for rejection"
                    ),
                ),
                ("explanation", models.TextField(blank=True, verbose_name="explanation")),
                ("note", models.TextField(blank=True, verbose_name="note for the decider")),
                (
                    "recommended_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="proposed"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "Waiting for the decision"),
                            ("sent_back", "Sent back"),
                            ("approved", "The case was approved"),
                            ("rejected", "The case was rejected"),
                            ("withdrawn", "The application was withdrawn"),
                        ],
                        default="pending",
                        max_length=10,
                        verbose_name="what became of it",
                    ),
                ),
                (
                    "resolved_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="settled"),
                ),
                (
                    "sent_back_reason",
                    models.TextField(blank=True, verbose_name="why it was sent back"),
                ),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="recommendations",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "recommended_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="proposed by",
                    ),
                ),
                (
                    "resolved_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="settled by",
                    ),
                ),
            ],
            options={
                "verbose_name": "proposed decision",
                "verbose_name_plural": "proposed decisions",
                "ordering": ["recommended_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Decision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "outcome",
                    models.CharField(
                        choices=[("approve", "Approve"), ("reject", "Reject")],
                        max_length=10,
                        verbose_name="decision",
                    ),
                ),
                (
                    "amount",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="approved amount (KRW)"
                    ),
                ),
                ("conditions", models.TextField(blank=True, verbose_name="conditions")),
                (
                    "reasons",
                    models.JSONField(
                        blank=True, default=list, verbose_name="reasons for rejection"
                    ),
                ),
                ("explanation", models.TextField(blank=True, verbose_name="explanation")),
                (
                    "decided_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="decided"),
                ),
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="decision",
                        to="cases.case",
                        verbose_name="case",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "recommendation",
                    models.OneToOneField(
                        blank=True,
                        help_text="The proposal the decision followed, if there was one.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="decision",
                        to="cases.recommendation",
                        verbose_name="proposed decision",
                    ),
                ),
            ],
            options={
                "verbose_name": "decision",
                "verbose_name_plural": "decisions",
            },
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "pending")),
                fields=("case",),
                name="recommendation_one_pending_per_case",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("resolved_at__isnull", True), ("status", "pending")),
                    models.Q(
                        models.Q(("status", "pending"), _negated=True),
                        ("resolved_at__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="recommendation_settled_has_a_time",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "sent_back"), _negated=True),
                    models.Q(("sent_back_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="recommendation_sent_back_says_why",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("outcome", "approve"), _negated=True),
                    ("amount__isnull", False),
                    _connector="OR",
                ),
                name="recommendation_approval_has_amount",
            ),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("amount__isnull", False), ("outcome", "approve")),
                    models.Q(("amount__isnull", True), ("outcome", "reject")),
                    _connector="OR",
                ),
                name="decision_amount_when_approved",
            ),
        ),
        migrations.RunPython(record, migrations.RunPython.noop),
    ]
