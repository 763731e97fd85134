from django.apps import apps
from django.core.management.base import BaseCommand, no_translations
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, seed_user
from accounts.roles import Role
from applicants.demo import seed_companies
from cases.demo import seed_cases
from cases.demo_book import seed_case_book
from centers.demo import seed_centers
from centers.models import StaffAssignment
from programs.demo import seed_catalog, seed_sectors


class Command(BaseCommand):
    help = "Load realistic demo data (running it again changes nothing); print the logins."

    @no_translations  # the console output is for developers; English like the README
    @transaction.atomic
    def handle(self, *args, **options):
        admin = seed_user("admin@example.com", "관리자 홍길동", Role.ADMINISTRATOR)
        sectors = seed_sectors()
        seed_catalog(sectors, today=timezone.localdate())
        seed_centers()
        companies = seed_companies(sectors)
        cases = seed_cases()
        seed_case_book()
        # The apps above cases (reshoring, outreach, insights) add theirs through their
        # AppConfig, bottom up: insights reads the cases the others made.
        for config in reversed(list(apps.get_app_configs())):
            cases += getattr(config, "seed_demo", lambda: [])()

        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}")
        self.stdout.write(
            "Staff accounts (administrator, trade officials) also need a second factor: at "
            "their first sign-in they set up an authenticator app (scan the QR code or type "
            "the secret) and keep ten backup codes.\n"
        )
        self.stdout.write("Administrator")
        self.stdout.write(f"  {admin.email}")
        self.stdout.write("Company users")
        for company in companies:
            for member in company.members.select_related("user"):
                self.stdout.write(
                    f"  {member.user.email:<32} {member.get_role_display()} · {company.name_en}"
                )
        self.stdout.write("Trade officials")
        assignments = (
            StaffAssignment.objects.current()
            .select_related("official__user", "center")
            .order_by("-center__is_headquarters", "center__code", "role")
        )
        for assignment in assignments:
            self.stdout.write(
                f"  {assignment.official.user.email:<32} "
                f"{assignment.get_role_display()} · {assignment.center.name_en}"
            )
        self.stdout.write("Applications")
        for case in cases:
            self.stdout.write(f"  {case!s:<20} {case.get_state_display()} · {case.company.name_en}")
