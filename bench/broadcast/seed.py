"""Step 1 of bench_broadcast: N bench recipients (two members per company, every company
in the bench industry of the bench area) and a lead for the bench center; and --clear."""

import datetime
import math
import time

from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applicants.models import Company, CompanyMember, KoreanRegion
from applicants.validators import business_number_check_digit
from centers.models import StaffAssignment, SupportCenter, TradeOfficial
from notifications.models import Notification
from outreach import services as announcements
from outreach.models import Announcement
from programs.models import CompanySize, Sector

DOMAIN = "broadcast.bench.example.com"
MEMBER_EMAIL = "member.{:07d}@" + DOMAIN
COMPANY_EMAIL = "company.{:07d}@" + DOMAIN
LEAD_EMAIL = "lead@" + DOMAIN
# Business numbers 99xxxxxxxc: no other seed (demo, bench_desk) uses that range.
BUSINESS_NUMBER_PREFIX = "99"
CENTER = "bench-broadcast"
AREA = "bench-broadcast"
INDUSTRY = "bench-broadcast-industry"
MEMBERS_PER_COMPANY = 2
SEED_BATCH = 5_000


def _index(email: str) -> int:
    return int(email.split("@", 1)[0].rsplit(".", 1)[1])


def seed(stdout, count: int):
    started = time.perf_counter()
    with transaction.atomic():
        area, _ = Sector.objects.get_or_create(
            code=AREA,
            defaults={"name_ko": "벤치마크 분야", "name_en": "Benchmark area", "position": 999},
        )
        industry, _ = Sector.objects.get_or_create(
            code=INDUSTRY,
            defaults={
                "name_ko": "벤치마크 업종",
                "name_en": "Benchmark industry",
                "parent": area,
                "position": 999,
            },
        )
        center, _ = SupportCenter.objects.update_or_create(
            code=CENTER,
            defaults={
                "name_ko": "벤치마크 지원센터",
                "name_en": "Benchmark Support Center",
                "name_zh": "基准支援中心",
                "city": "Shanghai",
                "province": "CN-SH",
                "status": SupportCenter.Status.OPEN,
            },
        )
        lead = seed_lead(center)
        # The previous run's broadcast: its rows would only slow the polling down.
        Notification.objects.filter(recipient__email__endswith="@" + DOMAIN).delete()
        Announcement.objects.filter(center=center).delete()
        created = seed_members(count, industry)
    companies = Company.objects.filter(contact_email__endswith="@" + DOMAIN).count()
    stdout.write(
        f"Seeding: {count:,} recipients in {companies:,} companies of the bench industry "
        f"({created:,} new) in {time.perf_counter() - started:.1f} s"
    )
    reached = announcements.recipients_of([area.pk]).count()
    if reached != count:
        raise CommandError(f"The bench area reaches {reached:,} people, not {count:,}.")
    return center, lead, area


def seed_lead(center):
    user, created = User.objects.get_or_create(
        email=LEAD_EMAIL, defaults={"full_name": "Bench lead", "password": "!bench"}
    )
    if created:
        group = Group.objects.filter(name=Role.TRADE_OFFICIAL).first()
        if group:
            user.groups.add(group)
    official, _ = TradeOfficial.objects.get_or_create(user=user, defaults={"title": "lead"})
    if not StaffAssignment.objects.current().filter(official=official).exists():
        StaffAssignment.objects.create(
            official=official,
            center=center,
            role=StaffAssignment.Role.LEAD,
            starts_on=datetime.date(2023, 5, 1),
            reason="bench_broadcast",
        )
    return user


def seed_members(count: int, industry) -> int:
    """Members 0..count-1, member i in company i // 2; returns how many were created."""
    wanted_companies = math.ceil(count / MEMBERS_PER_COMPANY)
    companies = {
        _index(email): pk
        for email, pk in Company.objects.filter(contact_email__endswith="@" + DOMAIN).values_list(
            "contact_email", "pk"
        )
    }
    surplus = [pk for index, pk in companies.items() if index >= wanted_companies]
    for start in range(0, len(surplus), SEED_BATCH):
        Company.objects.filter(pk__in=surplus[start : start + SEED_BATCH]).delete()
    missing = [index for index in range(wanted_companies) if index not in companies]
    now = timezone.now()
    for start in range(0, len(missing), SEED_BATCH):
        rows = []
        for index in missing[start : start + SEED_BATCH]:
            nine = f"{BUSINESS_NUMBER_PREFIX}{index:07d}"
            rows.append(
                Company(
                    business_number=nine + str(business_number_check_digit(nine)),
                    name_ko=f"벤치마크 수출기업 {index}",
                    name_en=f"Benchmark Exporter {index}",
                    representative="Bench",
                    size=CompanySize.SME,
                    region=KoreanRegion.SEOUL,
                    sector=industry,
                    contact_email=COMPANY_EMAIL.format(index),
                    created_at=now,
                )
            )
        for company in Company.objects.bulk_create(rows):
            companies[_index(company.contact_email)] = company.pk

    members = User.objects.filter(email__endswith="@" + DOMAIN, email__startswith="member.")
    users = {_index(email): pk for email, pk in members.values_list("email", "pk")}
    surplus = [pk for index, pk in users.items() if index >= count]
    for start in range(0, len(surplus), SEED_BATCH):
        User.objects.filter(pk__in=surplus[start : start + SEED_BATCH]).delete()
    # A member whose membership went missing gets it back below.
    linked = set(CompanyMember.objects.filter(user__in=members).values_list("user_id", flat=True))
    missing = [index for index in range(count) if index not in users]
    group = Group.objects.filter(name=Role.COMPANY_MEMBER).first()
    for start in range(0, len(missing), SEED_BATCH):
        rows = [
            User(
                email=MEMBER_EMAIL.format(index),
                full_name=f"Bench member {index}",
                # One in five reads English: two renderings per notification, as in life.
                language="en" if index % 5 == 4 else "ko",
                password="!bench",  # unusable: nobody logs in as a bench member
                email_verified_at=now,
                date_joined=now,
            )
            for index in missing[start : start + SEED_BATCH]
        ]
        for user in User.objects.bulk_create(rows):
            users[_index(user.email)] = user.pk
        if group:
            User.groups.through.objects.bulk_create(
                User.groups.through(user_id=user.pk, group_id=group.pk) for user in rows
            )
    memberships = [
        CompanyMember(
            company_id=companies[index // MEMBERS_PER_COMPANY],
            user_id=pk,
            role=CompanyMember.Role.OWNER
            if index % MEMBERS_PER_COMPANY == 0
            else CompanyMember.Role.MEMBER,
            joined_at=now,
        )
        for index, pk in users.items()
        if index < count and pk not in linked
    ]
    CompanyMember.objects.bulk_create(memberships, batch_size=SEED_BATCH)
    return len(missing)


def clear(stdout):
    started = time.perf_counter()
    with transaction.atomic():
        Notification.objects.filter(recipient__email__endswith="@" + DOMAIN).delete()
        Announcement.objects.filter(center__code=CENTER).delete()
        companies = Company.objects.filter(contact_email__endswith="@" + DOMAIN)
        company_count = companies.count()
        companies.delete()
        StaffAssignment.objects.filter(official__user__email=LEAD_EMAIL).delete()
        TradeOfficial.objects.filter(user__email=LEAD_EMAIL).delete()
        users = User.objects.filter(email__endswith="@" + DOMAIN)
        user_count = users.count()
        users.delete()
        SupportCenter.objects.filter(code=CENTER).delete()
        Sector.objects.filter(code=INDUSTRY).delete()
        Sector.objects.filter(code=AREA).delete()
    stdout.write(
        f"Removed {user_count:,} bench users and {company_count:,} companies in "
        f"{time.perf_counter() - started:.1f} s."
    )
