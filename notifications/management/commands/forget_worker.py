"""Stop /healthz naming a Celery worker taken out of service for good.

    python manage.py forget_worker worker@mail-2

A worker stopped cleanly forgets itself; one whose machine died keeps its last heartbeat,
and /healthz names it silent until it comes back under the same name or is forgotten here.
"""

from django.core.management.base import BaseCommand, CommandError

from notifications.models import WorkerHeartbeat


class Command(BaseCommand):
    help = "Forget a Celery worker's heartbeat, so that /healthz no longer names it silent."

    def add_arguments(self, parser):
        parser.add_argument("worker", help="its name as /healthz shows it (node@host)")

    def handle(self, *args, worker, **options):
        deleted, _ = WorkerHeartbeat.objects.filter(worker=worker).delete()
        if not deleted:
            known = ", ".join(WorkerHeartbeat.objects.values_list("worker", flat=True)) or "none"
            raise CommandError(f"No worker named {worker!r} (known: {known}).")
        self.stdout.write(f"Forgot {worker}.")
