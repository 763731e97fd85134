from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from cases import sla
from insights.models import OutcomeReport
from insights.outcomes import renewables_progress


@pytest.mark.django_db
def test_the_demo_answers_its_due_outcome_reports_once():
    call_command("seed_demo", stdout=StringIO())
    reports = list(OutcomeReport.objects.values_list("pk", "exports_to_china_usd"))
    assert reports, "the demo book has cases approved more than six months ago"
    call_command("seed_demo", stdout=StringIO())
    assert list(OutcomeReport.objects.values_list("pk", "exports_to_china_usd")) == reports
    # Its solar, wind and hydrogen companies report towards the goal.
    assert OutcomeReport.objects.filter(renewable_exports_krw__gt=0).exists()
    total = OutcomeReport.objects.aggregate(total=Sum("renewable_exports_krw"))["total"] or 0
    assert renewables_progress(sla.today())["total"] == total
