"""Demo reshoring cases, one at each phase: applied, in relocation (two milestones verified
and paid, one late), fully paid, and in recovery. Made through the services, once."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from applicants.models import Company
from cases import services as case_services
from cases import sla
from cases.demo import DEMO_PDF
from cases.models import Case
from centers.models import StaffAssignment, TradeOfficial
from programs.models import Program
from reshoring import services
from reshoring.models import MILESTONE_ORDER, RecoveryCause, ReshoringSettings

PROGRAM = "reshoring-relocation"

# (company, phase, facility: province, city, KSIC, staff, cut %; site: region, complex,
#  KSIC; investment, jobs, approved amount)
CASES = [
    ("Cheongsol Foods Co., Ltd.", "applied",
     ("CN-SD", "Qingdao", "10711", 85, 40), ("jeonbuk", "Iksan National Food Cluster", "10712"),
     3_200_000_000, 45, None),
    ("Daon Semiconductor Co., Ltd.", "relocating",
     ("CN-JS", "Wuxi", "26110", 310, 70), ("chungbuk", "Ochang Science Industrial Complex", "26120"),
     9_000_000_000, 120, 3_600_000_000),
    ("Hanbit Battery Co., Ltd.", "paid",
     ("CN-GD", "Huizhou", "28202", 140, 100), ("gyeongbuk", "Pohang Blue Valley", "28209"),
     6_000_000_000, 80, 2_400_000_000),
    ("Daehan Steel Co., Ltd.", "recovery",
     ("CN-LN", "Dalian", "24112", 220, 60), ("jeonnam", "Gwangyang Steel Complex", "24119"),
     8_000_000_000, 100, 3_000_000_000),
]  # fmt: skip

# The share of the approved amount tied to each milestone (the last one has none).
SHARES = {"plan": 10, "site": 20, "wind_down": 20, "built": 30, "production": 20, "jobs": 0}
PAID = {"relocating": 2, "paid": 5, "recovery": 3}  # milestones verified and paid, in order


def seed_reshoring() -> list[Case]:
    program = Program.objects.get(code=PROGRAM)
    ReshoringSettings.objects.get_or_create(program=program)
    cases = []
    for company_name, phase, china, korea, investment, jobs, amount in CASES:
        company = Company.objects.get(name_en=company_name)
        existing = Case.objects.filter(company=company, program=program).first()
        if existing:  # idempotent: made once
            cases.append(existing)
            continue
        cases.append(_case(program, company, phase, china, korea, investment, jobs, amount))
    return cases


def _case(program, company, phase, china, korea, investment, jobs, amount):
    owner = company.members.select_related("user").first().user
    today = sla.today()
    case = case_services.case_start(company=company, program=program, by=owner)
    province, city, china_ksic, staff, cut = china
    region, site, korea_ksic = korea
    plan = {
        "china_province": province, "china_city": city, "china_ksic": china_ksic,
        "china_staff": staff, "cut_percent": cut, "korea_region": region, "korea_site": site,
        "korea_ksic": korea_ksic, "relocation": "full" if cut == 100 else "partial",
        "automation": True, "smart_factory": phase != "applied", "new_products": False,
        "research": phase == "relocating", "planned_investment": investment,
        "planned_jobs": jobs, "starts_on": today - datetime.timedelta(days=200),
        "production_on": today + datetime.timedelta(days=300),
    }  # fmt: skip
    services.plan_save(case=case, by=owner, values=plan)
    for document_type in program.required_documents.all():
        upload = SimpleUploadedFile(f"{document_type.code}.pdf", DEMO_PDF, "application/pdf")
        case_services.document_add(case=case, by=owner, document_type=document_type, upload=upload)
    case = case_services.case_submit(case=case, by=owner)
    if phase == "applied" or case.suggested_official is None:
        return case
    officer = case.suggested_official.user
    lead = (
        TradeOfficial.objects.working_at([case.center_id], role=StaffAssignment.Role.LEAD)
        .select_related("user")
        .first()
        .user
    )
    for action, data in [
        ("take", {}),
        ("recommend", {"outcome": "approve", "amount": amount}),
        ("approve", {"amount": amount, "recently_verified": True}),
        ("start_relocation", {}),
    ]:
        case = case_services.transition(
            case=case, action=action, by=lead if action == "approve" else officer, **data
        )
    amounts = {kind: amount * share // 100 for kind, share in SHARES.items() if share}
    amounts["plan"] += amount - sum(amounts.values())  # whole won: the rest goes first
    # The verified ones fell due in the past; in relocation, the next one is 10 days late.
    late = 10 if phase == "relocating" else -50
    due = {
        kind: today + datetime.timedelta(days=60 * (index - PAID[phase]) - late)
        for index, kind in enumerate(MILESTONE_ORDER)
    }
    services.schedule_fix(case=case, by=officer, amounts=amounts, due_dates=due)
    for milestone in list(case.milestones.select_related("tranche"))[: PAID[phase]]:
        upload = SimpleUploadedFile(f"{milestone.kind}.pdf", DEMO_PDF, "application/pdf")
        services.evidence_add(milestone=milestone, by=owner, upload=upload)
        services.milestone_verify(milestone=milestone, by=officer)
        services.payment_record(tranche=milestone.tranche, by=officer, paid_on=today)
    if phase == "recovery":
        services.recovery_open(
            case=case,
            by=officer,
            cause=RecoveryCause.SHORTFALL,
            realised_jobs=jobs * 3 // 5,
            months_operated=60,
            realised_investment=investment // 2,
        )
    return case
