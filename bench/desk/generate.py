"""Realistic bench rows, as plain values for COPY: companies with their business
numbers, names, sizes and exports, then who applies to what, when, and where each case
stands, scored with the product's own priority and business-day calendar."""

import datetime
import functools
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applicants.models import Company
from applicants.validators import business_number_check_digit
from bench.desk.bulk import reserve_ids
from bench.desk.data import (
    BENCH_COMPANY_DOMAIN,
    CITIES,
    DECIDED_MIX,
    FIRST,
    GENERIC_WORDS,
    GIVEN,
    INDUSTRY_WORDS,
    OPEN_MIX,
    OPEN_SHARE,
    PROGRAM_WEIGHTS,
    PROVINCE_WEIGHTS,
    PURPOSES,
    REGION_WEIGHTS,
    REJECTIONS,
    SECOND,
    SECTOR_WEIGHTS,
    SURNAMES,
)
from cases import priority, sla
from cases.models import CaseState
from centers.models import CenterProvince, StaffAssignment, SupportCenter
from programs.models import CompanySize, Program, PromisingItem, Sector

SEOUL = ZoneInfo("Asia/Seoul")


def _weighted(mapping):
    return list(mapping), list(mapping.values())


class CaseGenerator:
    """Every draw comes from the one random generator it is given (the command's --seed)."""

    def __init__(self, *, rng, today):
        """Reads the catalog, the centers and their staff, once."""
        self.rng = rng
        self.today = today
        self.programs = list(Program.objects.prefetch_related("sectors"))
        self.sectors = {sector.pk: sector for sector in Sector.objects.all()}
        industries = [s for s in self.sectors.values() if s.parent_id is not None]
        self.industries = industries or list(self.sectors.values())
        self.items_by_sector = {}
        for item in PromisingItem.objects.all():
            self.items_by_sector.setdefault(item.sector_id, []).append(item.pk)
        centers = {center.pk: center for center in SupportCenter.objects.all()}
        headquarters = next((c.pk for c in centers.values() if c.is_headquarters), None)
        self.center_of = dict(
            CenterProvince.objects.filter(is_active=True).values_list("province", "center_id")
        )
        self.headquarters = headquarters or next(iter(centers))
        self.staff = {}
        assignments = StaffAssignment.objects.current().filter(official__is_active=True)
        for official_id, user_id, center_id, role in assignments.values_list(
            "official_id", "official__user_id", "center_id", "role"
        ):
            self.staff.setdefault(center_id, []).append((official_id, user_id, role))
        self.administrator_id = (
            User.objects.filter(groups__name=Role.ADMINISTRATOR.value)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        # sla's own deadlines, remembered per (day, days): it walks the calendar, and the
        # cases share a few hundred submission days and a handful of SLAs.
        self.add_business_days = functools.cache(sla.add_business_days)

    def make_companies(self, count: int) -> dict:
        rng = self.rng
        taken = set(Company.objects.values_list("business_number", flat=True))
        first_id = reserve_ids(Company, count)
        regions, region_weights = _weighted(REGION_WEIGHTS)
        industry_weights = [SECTOR_WEIGHTS.get(s.code, 2) for s in self.industries]
        now = timezone.now()
        rows, items, profiles = [], [], []
        for n in range(count):
            while True:
                # Tax office, then the corporation codes (81, 86, 87, 88), then a serial.
                office, kind = rng.randint(101, 899), rng.choice(["81", "86", "87", "88"])
                nine = f"{office}{kind}{rng.randint(0, 9999):04d}"
                number = nine + str(business_number_check_digit(nine))
                if number not in taken:
                    taken.add(number)
                    break
            sector = rng.choices(self.industries, industry_weights)[0]
            (first_ko, first_en), (second_ko, second_en) = rng.choice(FIRST), rng.choice(SECOND)
            word_ko, word_en = rng.choice(INDUSTRY_WORDS.get(sector.code, GENERIC_WORDS))
            brand_ko, brand_en = first_ko + second_ko, first_en + second_en
            form = rng.random()
            if form < 0.7:
                name_ko, name_en = (
                    f"{brand_ko}{word_ko} 주식회사",
                    f"{brand_en} {word_en} Co., Ltd.",
                )
            elif form < 0.9:
                name_ko, name_en = f"(주){brand_ko}{word_ko}", f"{brand_en} {word_en} Inc."
            else:
                name_ko, name_en = f"{brand_ko}{word_ko}", f"{brand_en} {word_en} Corp."
            size = rng.choices(
                [CompanySize.SME, CompanySize.MIDDLE_MARKET, CompanySize.LARGE], [72, 20, 8]
            )[0]
            employees = {
                CompanySize.SME: (5, 300),
                CompanySize.MIDDLE_MARKET: (300, 1000),
                CompanySize.LARGE: (1000, 20000),
            }[size]
            last_year = Decimal(round(rng.lognormvariate(13.5, 1.3), 2)).quantize(Decimal("0.01"))
            pace = Decimal(str(round(rng.uniform(0.35, 1.25), 2)))
            elapsed = Decimal(self.today.timetuple().tm_yday) / Decimal(365)
            this_year = (last_year * pace * elapsed).quantize(Decimal("0.01"))
            pk = first_id + n
            rows.append(
                {
                    "id": pk,
                    "business_number": number,
                    "name_ko": name_ko,
                    "name_en": name_en,
                    "representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "size": size.value,
                    "region": rng.choices(regions, region_weights)[0].value,
                    "sector_id": sector.pk,
                    "exports_to_china_last_year": last_year,
                    "exports_to_china_this_year": this_year,
                    "employees": rng.randint(*employees),
                    "contact_email": f"export{pk}{BENCH_COMPANY_DOMAIN}",
                    "contact_phone": f"0{rng.randint(2, 64)}-{rng.randint(200, 9999)}-"
                    f"{rng.randint(0, 9999):04d}",
                    "created_at": now - datetime.timedelta(days=rng.randint(800, 4000)),
                }
            )
            candidates = self.items_by_sector.get(sector.pk, [])
            chosen = rng.sample(candidates, min(len(candidates), rng.choice([0, 1, 1, 2])))
            items.extend({"company_id": pk, "promisingitem_id": item} for item in chosen)
            parent = self.sectors.get(sector.parent_id) if sector.parent_id else sector
            profiles.append(
                {
                    "items": chosen,
                    # What cases.priority.parts reads of the company.
                    "sector": sector,
                    "fall": priority.export_fall(last_year, this_year, self.today),
                    "is_sme": size == CompanySize.SME,
                    "area": parent.pk if parent else sector.pk,
                }
            )
        return {"rows": rows, "items": items, "profiles": profiles}

    def programs_for(self, area_id: int):
        programs = [
            p
            for p in self.programs
            if not p.sectors.all() or area_id in {s.pk for s in p.sectors.all()}
        ] or self.programs
        return programs, [PROGRAM_WEIGHTS.get(p.code, 5) for p in programs]

    def plan_cases(self, count: int, companies) -> list:
        """Who applies to what, when, and where the case stands, oldest first: ids then
        grow with the submission time, as they do in a real table."""
        rng, now = self.rng, timezone.now()
        open_states, open_weights = _weighted(OPEN_MIX)
        decided_states, decided_weights = _weighted(DECIDED_MIX)
        # Some companies apply much more than others, none absurdly more.
        weights = [rng.lognormvariate(0, 0.6) for _ in companies["rows"]]
        owners = rng.choices(range(len(companies["rows"])), weights, k=count)
        live = set()  # (company, program) with an open case: one live application each
        choices = {}
        plan = []
        for owner in owners:
            area = companies["profiles"][owner]["area"]
            if area not in choices:
                choices[area] = self.programs_for(area)
            programs, program_weights = choices[area]
            program = rng.choices(programs, program_weights)[0]
            is_open = False
            if rng.random() < OPEN_SHARE:
                # Open, in a program the company has no other live application in.
                free = [p for p in programs if (owner, p.pk) not in live]
                if free:
                    program = program if program in free else rng.choice(free)
                    is_open = True
            if is_open:
                live.add((owner, program.pk))
                state = rng.choices(open_states, open_weights)[0]
                # Most open cases arrived in the last weeks; a backlog is older.
                age = rng.uniform(0, 30) if rng.random() < 0.75 else rng.uniform(30, 300)
            else:
                state = rng.choices(decided_states, decided_weights)[0]
                age = rng.uniform(8, 730)
            submitted_on = self.today - datetime.timedelta(days=int(age))
            submitted_at = datetime.datetime.combine(
                submitted_on,
                datetime.time(rng.randint(8, 19), rng.randint(0, 59), rng.randint(0, 59)),
                tzinfo=SEOUL,
            ) + datetime.timedelta(microseconds=rng.randint(0, 999_999))
            plan.append((min(submitted_at, now), owner, program, state, is_open))
        plan.sort(key=lambda entry: entry[0])
        return plan

    def make_cases(self, plan, companies, first_id: int, *, loader_id: int):
        rng, now = self.rng, timezone.now()
        provinces, province_weights = _weighted(PROVINCE_WEIGHTS)
        rows, items = [], []
        for offset, (submitted_at, owner, program, state, is_open) in enumerate(plan):
            pk = first_id + offset
            company = companies["rows"][owner]
            profile = companies["profiles"][owner]
            submitted_on = sla.local_date(submitted_at)
            province = rng.choices(provinces, province_weights)[0]
            center_id = self.center_of.get(province, self.headquarters)
            staff = self.staff.get(center_id) or [(None, self.administrator_id, "lead")]
            suggested = rng.choice(staff)
            lead = next((s for s in staff if s[2] == "lead"), suggested)
            first_due = self.add_business_days(submitted_on, program.sla_first_response_days)
            decision_due = self.add_business_days(submitted_on, program.sla_decision_days)
            taken = state != CaseState.SUBMITTED
            first_response_at = (
                min(now, submitted_at + datetime.timedelta(hours=rng.uniform(2, 96)))
                if taken
                else None
            )
            amount = rng.randint(program.min_amount // 1_000_000, program.max_amount // 1_000_000)
            amount *= 1_000_000
            decided_at = None
            if not is_open:
                decided_at = min(now, submitted_at + datetime.timedelta(days=rng.uniform(3, 60)))
            row = {
                "id": pk,
                # Seven digits: the demo book's references run from 900000 in six, and a
                # million bench cases reach that far.
                "reference": f"{Program.REFERENCE_PREFIXES[program.kind]}-"
                f"{timezone.localtime(submitted_at).year}-{pk:07d}",
                "company_id": company["id"],
                "program_id": program.pk,
                "state": state.value,
                "center_id": center_id,
                "suggested_official_id": suggested[0],
                "assigned_to_id": suggested[0] if taken else None,
                "version": rng.randint(1, 3) if is_open else rng.randint(3, 9),
                "priority": 0,
                "first_response_due": first_due,
                "first_response_at": first_response_at,
                "first_response_days": sla.elapsed(submitted_at, first_response_at),
                "decision_due": decision_due,
                "sla_due": None,
                "sla_paused_at": None,
                "recommended_outcome": "",
                "recommended_amount": None,
                "recommended_by_id": None,
                "approved_amount": None,
                "decision_conditions": "",
                "rejection_reasons": [],
                "decision_explanation": "",
                "decided_by_id": None,
                "decided_at": None,
                "decision_days": None,
                "amount_requested": amount,
                "purpose": rng.choice(PURPOSES).format(city=CITIES.get(province, "중국")),
                "target_province": province,
                "target_city": CITIES.get(province, ""),
                "planned_exports_to_china": Decimal(rng.randint(50, 50_000) * 1000),
                "created_by_id": loader_id,
                "created_at": submitted_at - datetime.timedelta(hours=rng.uniform(1, 240)),
                "updated_at": decided_at or first_response_at or submitted_at,
                "submitted_at": submitted_at,
            }
            case_items = []
            if profile["items"] and rng.random() < 0.7:
                case_items = rng.sample(profile["items"], rng.randint(1, len(profile["items"])))
            items.extend({"case_id": pk, "promisingitem_id": item} for item in case_items)
            if state in (CaseState.RECOMMENDED, CaseState.APPROVED, CaseState.REJECTED):
                outcome = "reject" if state == CaseState.REJECTED else "approve"
                if state == CaseState.RECOMMENDED:
                    outcome = rng.choice(["approve", "approve", "reject"])
                row["recommended_outcome"] = outcome
                row["recommended_amount"] = amount if outcome == "approve" else None
                row["recommended_by_id"] = suggested[1]
            if state == CaseState.APPROVED:
                row["approved_amount"] = amount // 2_000_000 * 1_000_000 + 1_000_000
                row["decision_conditions"] = "분기별 수출 실적을 제출하십시오."
            if state == CaseState.REJECTED:
                row["rejection_reasons"] = rng.sample(REJECTIONS, rng.randint(1, 2))
                row["decision_explanation"] = "제출된 자료로는 지원 요건을 확인할 수 없습니다."
            if state in (CaseState.APPROVED, CaseState.REJECTED):
                row["decided_by_id"] = lead[1]
                row["decided_at"] = decided_at
                row["decision_days"] = sla.elapsed(submitted_at, decided_at)
            if is_open:
                if state == CaseState.INFO_REQUESTED:
                    row["sla_paused_at"] = max(
                        submitted_at, now - datetime.timedelta(days=rng.uniform(0, 12))
                    )
                else:
                    row["sla_due"] = decision_due if taken else first_due
                row["priority"] = sum(
                    part.points
                    for part in priority.parts(
                        sector=profile["sector"],
                        fall=profile["fall"],
                        is_sme=profile["is_sme"],
                        has_items=bool(case_items),
                        submitted_on=submitted_on,
                        sla_due=row["sla_due"],
                        today=self.today,
                    )
                )
            rows.append(row)
        return rows, items
