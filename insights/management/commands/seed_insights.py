from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from insights.demo import seed_indicators, seed_outcome_reports


class Command(BaseCommand):
    help = (
        "Load the illustrative export series and answer the demo's due outcome reports "
        "(running it again changes nothing)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        seed_indicators()
        seed_outcome_reports(timezone.localdate())
