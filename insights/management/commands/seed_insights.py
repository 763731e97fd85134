from django.core.management.base import BaseCommand
from django.db import transaction

from insights.demo import seed_indicators


class Command(BaseCommand):
    help = "Load the illustrative export series (running it again changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        seed_indicators()
