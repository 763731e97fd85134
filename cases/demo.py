"""Demo applications: drafts and submitted cases of the demo companies."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from applicants.models import Company
from cases import services, sla
from cases.models import Case, InformationItem
from programs.models import Program

# A minimal valid PDF: the demo's uploaded documents.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

# (company's English name, program code, submit?, amount, purpose, province, city, exports)
APPLICATIONS = [
    ("Hanbit Battery Co., Ltd.", "new-industry-financing", True, 800_000_000,
     "상하이 배터리 팩 조립업체 두 곳과 맺은 공급 계약의 생산 운전자금입니다.", "CN-SH", "Shanghai", "3500000.00"),
    ("Hanbit Battery Co., Ltd.", "china-export-guarantee", False, 200_000_000,
     "광저우 전기이륜차 제조사 신규 수주에 대한 수출보증이 필요합니다.", "CN-GD", "Guangzhou", None),
    ("Seohae Cosmetics Inc.", "consumer-goods-marketing", True, 30_000_000,
     "청두 뷰티 박람회 참가와 티몰 입점 마케팅 비용입니다.", "CN-SC", "Chengdu", "900000.00"),
    ("Cheongsol Foods Co., Ltd.", "consumer-goods-marketing", False, 20_000_000,
     "", "CN-SD", "Qingdao", None),
    ("Daon Semiconductor Co., Ltd.", "new-industry-financing", True, 1_500_000_000,
     "우시 메모리 모듈 고객사 증량 주문에 대응하는 자금입니다.", "CN-JS", "Wuxi", "12000000.00"),
]  # fmt: skip


def seed_cases() -> list[Case]:
    cases = []
    for company_name, code, submit, amount, purpose, province, city, exports in APPLICATIONS:
        company = Company.objects.for_eligibility().get(name_en=company_name)
        program = Program.objects.get(code=code)
        existing = Case.objects.filter(company=company, program=program).first()
        if existing:  # idempotent: the demo's cases are made once
            cases.append(existing)
            continue
        owner = company.members.select_related("user").first().user
        case = services.case_start(company=company, program=program, by=owner)
        data = {
            "amount_requested": amount,
            "purpose": purpose,
            "target_province": province,
            "target_city": city,
            "planned_exports_to_china": Decimal(exports) if exports else None,
        }
        data["export_items"] = company.promising_items.all()
        services.case_save_draft(case=case, by=owner, values=data)
        for document_type in program.required_documents.all() if submit else []:
            upload = SimpleUploadedFile(f"{document_type.code}.pdf", DEMO_PDF, "application/pdf")
            services.document_add(case=case, by=owner, document_type=document_type, upload=upload)
        if submit:
            case = services.case_submit(case=case, by=owner)
            case = advance(case, DESK_PROGRESS.get(company_name, []))
        cases.append(case)
    return cases


# How far the desk has taken some demo cases, so a desk shows work under way.
DESK_PROGRESS = {
    "Daon Semiconductor Co., Ltd.": ["take"],
    "Seohae Cosmetics Inc.": ["take", "request_info"],
}


def advance(case, actions):
    official = case.suggested_official
    for action in actions:
        if official is None:
            return case
        data = {}
        if action == "request_info":
            data = {
                "message": "예산 산출 근거가 필요합니다. / We need the basis of the budget.",
                "due_on": sla.add_business_days(sla.today(), 10),
                "items": [
                    {"kind": InformationItem.Kind.FIELD, "field": "purpose"},
                    {
                        "kind": InformationItem.Kind.QUESTION,
                        "question": "박람회 부스 비용의 견적서가 있습니까? / Do you have a quote "
                        "for the fair booth?",
                    },
                ],
            }
        case = services.transition(case=case, action=action, by=official.user, **data)
    return case
