"""The demo's book of cases: each open center gets 20 to 60, in every state, submitted over
the past twelve months, with decisions, information requests and late ones, so the desk,
the workload chart and the results read like a working program.

Written in bulk (a few queries per table, well under a minute), once: the book's companies
are recognised by their contact address, and a second run adds nothing. Deterministic (a
fixed random seed), with the clocks computed by the product's own calendar (cases.sla).
"""

import datetime
import hashlib
import random

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from applicants.models import Company, CompanyMember, KoreanRegion
from applicants.validators import business_number_check_digit
from cases import priority, rules, sla
from cases.demo import DEMO_PDF
from cases.models import (
    Case,
    CaseEvent,
    CaseState,
    Document,
    InformationRequest,
    Outcome,
    Recommendation,
    RejectionReason,
)
from centers.models import CenterProvince, StaffAssignment, SupportCenter
from programs.models import CompanySize, Program, Sector

BOOK_DOMAIN = "@book.example.com"
# Every state in each center's book, then more of the usual ones.
EVERY_STATE = [
    CaseState.SUBMITTED, CaseState.IN_REVIEW, CaseState.INFO_REQUESTED, CaseState.RECOMMENDED,
    CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.CLOSED,
]  # fmt: skip
STATE_WEIGHTS = [10, 16, 6, 4, 26, 20, 5, 5]
BRANDS = [
    ("한결", "Hangyeol"), ("미래", "Mirae"), ("새롬", "Saerom"), ("동방", "Dongbang"),
    ("대성", "Daeseong"), ("하나", "Hana"), ("태광", "Taegwang"), ("세진", "Sejin"),
    ("우리", "Uri"), ("가온", "Gaon"), ("푸른", "Pureun"), ("늘봄", "Neulbom"),
    ("동해", "Donghae"), ("금강", "Geumgang"), ("한별", "Hanbyeol"), ("새한", "Saehan"),
]  # fmt: skip
FORMS = [("주식회사", "Co., Ltd."), ("산업", "Industries"), ("무역", "Trading Co.")]
PEOPLE = "김민준 이서연 박지훈 최수아 정도윤 강하은 조예준 윤지우 장시우 임서윤 한주원 오지민"
PURPOSES = [
    ("{city} 바이어와 맺은 공급 계약의 생산 운전자금입니다.", "Working capital for a supply "
     "contract with a buyer in {city}."),
    ("{city} 전시회 참가와 현지 온라인몰 입점 비용입니다.", "A fair in {city} and a listing on "
     "a local online mall."),
    ("{city} 유통사 신규 수주에 대한 수출보증이 필요합니다.", "An export guarantee for a new "
     "order from a distributor in {city}."),
]  # fmt: skip


def _book_exists() -> bool:
    return Company.objects.filter(contact_email__endswith=BOOK_DOMAIN).exists()


def seed_case_book(*, today: datetime.date | None = None) -> int:
    """Write the book once; the number of cases written (0 when it is there already)."""
    if _book_exists():
        return 0
    today = today or sla.today()
    rng = random.Random(2023)
    programs = list(
        Program.objects.exclude(kind=Program.Kind.RESHORING)
        .prefetch_related("required_documents")
        .order_by("code")
    )
    sectors = list(Sector.objects.filter(parent__isnull=False).order_by("code"))
    staff = _staff_by_center(today)
    provinces = _provinces_by_center()
    centers = [
        center
        for center in SupportCenter.objects.open().order_by("code")
        if staff.get(center.pk, {}).get("officers") and provinces.get(center.pk)
    ]
    if not programs or not sectors or not centers:
        return 0
    sizes = [rng.randint(20, 56) for _center in centers]
    owners, companies = _companies(rng, sum(sizes), sectors)
    plans = []
    for center, size in zip(centers, sizes, strict=True):
        states = EVERY_STATE + rng.choices(EVERY_STATE, STATE_WEIGHTS, k=size - len(EVERY_STATE))
        for state in states:
            plans.append((center, state))
    cases, events, extras = [], [], []
    committed = {}
    for number, ((center, state), company, owner) in enumerate(
        zip(plans, companies, owners, strict=True), 1
    ):
        program = rng.choice(programs)
        case, timeline, more = _case(
            rng, number, today, center, state, program, company, owner, staff[center.pk],
            provinces[center.pk],
        )  # fmt: skip
        cases.append(case)
        events.append(timeline)
        extras += more
        if case.approved_amount:
            committed[program.pk] = committed.get(program.pk, 0) + case.approved_amount
    for case in cases:
        case.count_days()
    Case.objects.bulk_create(cases)
    for case, timeline in zip(cases, events, strict=True):
        for event in timeline:
            event.case = case
    CaseEvent.objects.bulk_create([event for timeline in events for event in timeline])
    by_reference = {case.reference: case for case in cases}
    for row in extras:
        row.case = by_reference[row.case_reference]
    for model in (InformationRequest, Recommendation):
        model.objects.bulk_create([row for row in extras if isinstance(row, model)])
    Document.objects.bulk_create(_documents(cases))
    for program in programs:
        # Within the budget, as the database requires: what is left caps the book's share.
        add = min(committed.get(program.pk, 0), program.budget - program.committed)
        if add > 0:
            Program.objects.filter(pk=program.pk).update(committed=F("committed") + add)
    return len(cases)


def _documents(cases) -> list[Document]:
    """The program's documents of each case, as the company uploaded them before submitting
    (one small PDF each, stored where the upload would put it)."""
    digest = hashlib.sha256(DEMO_PDF).hexdigest()
    documents = []
    for case in cases:
        for kind in case.program.required_documents.all():
            document = Document(
                case=case,
                document_type=kind,
                original_name=f"{kind.code}.pdf",
                content_type="application/pdf",
                size=len(DEMO_PDF),
                sha256=digest,
                uploaded_by=case.created_by,
                uploaded_at=case.submitted_at - datetime.timedelta(hours=1),
            )
            document.file.save(f"{kind.code}.pdf", ContentFile(DEMO_PDF), save=False)
            documents.append(document)
    return documents


def _staff_by_center(today):
    staff = {}
    for assignment in StaffAssignment.objects.active_on(today).select_related("official__user"):
        roles = staff.setdefault(assignment.center_id, {"officers": [], "leads": []})
        lead = assignment.role == StaffAssignment.Role.LEAD
        roles["leads" if lead else "officers"].append(assignment.official)
    return staff


def _provinces_by_center():
    provinces = {}
    for row in CenterProvince.objects.filter(is_active=True).order_by("province"):
        provinces.setdefault(row.center_id, []).append(row.province)
    return provinces


def _companies(rng, count, sectors):
    """One small company per case, each with its owner (who never signs in: no password)."""
    people = PEOPLE.split()
    users, companies = [], []
    for number in range(count):
        brand_ko, brand_en = BRANDS[number % len(BRANDS)]
        form_ko, form_en = FORMS[(number // len(BRANDS)) % len(FORMS)]
        email = f"owner.{number + 1:03d}{BOOK_DOMAIN}"
        user = User(email=email, full_name=people[number % len(people)], language="ko")
        user.set_unusable_password()
        users.append(user)
        nine = f"{700000001 + number:09d}"
        last = rng.randint(200_000, 9_000_000)
        companies.append(
            Company(
                business_number=nine + str(business_number_check_digit(nine)),
                name_ko=f"{brand_ko}{number // len(BRANDS) + 1} {form_ko}",
                name_en=f"{brand_en} {number // len(BRANDS) + 1} {form_en}",
                representative=people[(number + 3) % len(people)],
                size=rng.choice([CompanySize.SME] * 4 + [CompanySize.MIDDLE_MARKET]),
                region=rng.choice(KoreanRegion.values),
                sector=rng.choice(sectors),
                exports_to_china_last_year=last,
                exports_to_china_this_year=int(last * rng.uniform(0.3, 0.9)),
                employees=rng.randint(8, 400),
                contact_email=email,
            )
        )
    User.objects.bulk_create(users)
    Company.objects.bulk_create(companies)
    CompanyMember.objects.bulk_create(
        CompanyMember(company=company, user=user, role=CompanyMember.Role.OWNER)
        for company, user in zip(companies, users, strict=True)
    )
    return users, companies


def _at(day: datetime.date, rng) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(rng.randint(9, 17), rng.randint(0, 59)))
    return timezone.make_aware(moment)


# How long ago a case in each state was submitted, in days: open ones recently (some past
# their deadline), decided ones over the year.
AGE = {
    CaseState.SUBMITTED: (0, 6),
    CaseState.IN_REVIEW: (3, 35),
    CaseState.INFO_REQUESTED: (8, 40),
    CaseState.RECOMMENDED: (8, 30),
}
DECIDED_AGE = (25, 365)


def _case(rng, number, today, center, state, program, company, owner, staff, provinces):
    officer = rng.choice(staff["officers"])
    lead = (staff["leads"] or staff["officers"])[0]
    low, high = AGE.get(state, DECIDED_AGE)
    submitted = _at(today - datetime.timedelta(days=rng.randint(low, high)), rng)
    submitted_on = sla.local_date(submitted)
    province = rng.choice(provinces)
    city = province.removeprefix("CN-").title()
    purpose_ko, purpose_en = rng.choice(PURPOSES)
    step = program.min_amount // 10 or 1
    amount = min(program.max_amount, program.min_amount + step * rng.randint(0, 30))
    prefix = program.REFERENCE_PREFIXES[program.kind]
    case = Case(
        reference=f"{prefix}-{submitted.year}-{900000 + number:06d}",
        company=company,
        program=program,
        state=state,
        center=center,
        suggested_official=officer,
        amount_requested=amount,
        purpose=f"{purpose_ko.format(city=city)}\n{purpose_en.format(city=city)}",
        target_province=province,
        target_city=city,
        planned_exports_to_china=company.exports_to_china_last_year,
        created_by=owner,
        created_at=submitted - datetime.timedelta(days=rng.randint(1, 6)),
        submitted_at=submitted,
        first_response_due=sla.add_business_days(submitted_on, program.sla_first_response_days),
        decision_due=sla.add_business_days(submitted_on, program.sla_decision_days),
    )
    events = [
        CaseEvent(
            action="start", actor=owner, to_state=CaseState.DRAFT, created_at=case.created_at
        ),
        *(
            CaseEvent(
                action="upload", actor=owner, note=f"{kind.code}: {kind.code}.pdf",
                created_at=submitted - datetime.timedelta(hours=1),
            )
            for kind in program.required_documents.all()
        ),
        CaseEvent(
            action="submit", actor=owner, from_state=CaseState.DRAFT,
            to_state=CaseState.SUBMITTED, note=center.name_ko, created_at=submitted,
        ),
    ]  # fmt: skip
    moment = submitted

    def later(days_low, days_high):
        nonlocal moment
        moment = min(
            moment + datetime.timedelta(days=rng.randint(days_low, days_high), hours=2),
            timezone.now() - datetime.timedelta(hours=1),
        )
        return moment

    def event(action, actor, from_state, to_state, note=""):
        events.append(
            CaseEvent(
                action=action, actor=actor.user, from_state=from_state, to_state=to_state,
                note=note, created_at=moment,
            )
        )  # fmt: skip

    extras = []
    if state != CaseState.SUBMITTED:
        later(1, 4)
        case.assigned_to, case.first_response_at = officer, moment
        event("take", officer, CaseState.SUBMITTED, CaseState.IN_REVIEW)
    if state == CaseState.INFO_REQUESTED or (state in DECIDED and rng.random() < 0.3):
        later(2, 8)
        event("request_info", officer, CaseState.IN_REVIEW, CaseState.INFO_REQUESTED)
        request = InformationRequest(
            message="수출 계약서 사본을 보내 주십시오. / Please send the export contract.",
            due_on=sla.add_business_days(sla.local_date(moment), 10),
            requested_by=officer.user,
            requested_at=moment,
        )
        request.case_reference = case.reference
        extras.append(request)
        if state == CaseState.INFO_REQUESTED:
            case.sla_paused_at = moment
        else:
            later(2, 9)
            request.answered_by, request.answered_at = owner, moment
            events.append(
                CaseEvent(
                    action="answer_info", actor=owner, from_state=CaseState.INFO_REQUESTED,
                    to_state=CaseState.IN_REVIEW, created_at=moment,
                )
            )  # fmt: skip
    approved = rng.randint(1, 10) * (amount // 10) or amount
    if state == CaseState.RECOMMENDED:
        later(3, 10)
        case.recommended_outcome, case.recommended_amount = "approve", approved
        case.recommended_by = officer.user
        event("recommend", officer, CaseState.IN_REVIEW, CaseState.RECOMMENDED)
        proposal = Recommendation(
            outcome=Outcome.APPROVE, amount=approved, recommended_by=officer.user,
            recommended_at=moment, note="수출 실적이 탄탄합니다. / A sound export record.",
        )  # fmt: skip
        proposal.case_reference = case.reference
        extras.append(proposal)
    if state in (CaseState.APPROVED, CaseState.CLOSED):
        later(5, 30)
        case.approved_amount, case.decided_by, case.decided_at = approved, lead.user, moment
        case.decision_conditions = "분기별 수출 실적 보고 / Quarterly export report"
        event("approve", lead, CaseState.IN_REVIEW, CaseState.APPROVED)
    if state == CaseState.REJECTED:
        later(5, 30)
        case.decided_by, case.decided_at = lead.user, moment
        case.rejection_reasons = [rng.choice(RejectionReason.values)]
        event("reject", lead, CaseState.IN_REVIEW, CaseState.REJECTED)
    if state == CaseState.WITHDRAWN:
        later(3, 20)
        events.append(
            CaseEvent(
                action="withdraw", actor=owner, from_state=CaseState.IN_REVIEW,
                to_state=CaseState.WITHDRAWN, note="다른 자금을 확보했습니다.", created_at=moment,
            )
        )  # fmt: skip
    if state == CaseState.CLOSED:
        later(20, 90)
        event("close", lead, CaseState.APPROVED, CaseState.CLOSED, "사후 관리 완료")
    rules.refresh_clock(case)
    if case.is_open:
        case.priority = priority.score(case, today=today, has_items=False)
    for version, entry in enumerate(events, 1):
        entry.version = version
    case.version = len(events)
    return case, events, extras


DECIDED = {CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN, CaseState.CLOSED}
