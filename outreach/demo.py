"""Demo liaison with Chinese authorities: difficulties at each status, contacts with central,
provincial and municipal bodies, and opportunities with the interest companies expressed.

Everything goes through the services, as the pages would do it; run once (the bodies mark
that it ran)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from applicants.models import Company
from cases import sla
from outreach import contacts, difficulties, opportunities
from outreach.models import AuthorityBody, Difficulty, Opportunity
from programs.models import PromisingItem, Sector

# A minimal valid PDF: the demo's attachments.
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

# key: (level, province, Korean, English, Chinese)
BODIES = {
    "gacc": ("central", "", "해관총서", "General Administration of Customs", "海关总署"),
    "mofcom": ("central", "", "상무부", "Ministry of Commerce", "商务部"),
    "samr": ("central", "", "국가시장감독관리총국", "State Administration for Market Regulation", "国家市场监督管理总局"),
    "shanghai-customs": ("provincial", "CN-SH", "상하이 세관", "Shanghai Customs", "上海海关"),
    "jiangsu-commerce": ("provincial", "CN-JS", "장쑤성 상무청", "Jiangsu Department of Commerce", "江苏省商务厅"),
    "sichuan-mpa": ("provincial", "CN-SC", "쓰촨성 약품감독관리국", "Sichuan Medical Products Administration", "四川省药品监督管理局"),
    "suzhou-commerce": ("municipal", "CN-JS", "쑤저우시 상무국", "Suzhou Municipal Bureau of Commerce", "苏州市商务局"),
    "guangzhou-amr": ("municipal", "CN-GD", "광저우시 시장감독관리국", "Guangzhou Administration for Market Regulation", "广州市市场监督管理局"),
    "baotou-development": ("municipal", "CN-NM", "바오터우시 발전개혁위원회", "Baotou Development and Reform Commission", "包头市发展和改革委员会"),
}  # fmt: skip

# key: (company, kind, province, authority, description, what becomes of it)
DIFFICULTIES = {
    "hold": ("Hanbit Battery Co., Ltd.", "customs", "CN-SH", "양산항 세관 (상하이 세관)",
             "리튬이온 셀 40팔레트가 11월 초부터 위험물 분류 문제로 통관 보류 중입니다. 납기 지연 위약금이 발생하고 있습니다.",
             "resolved"),
    "registration": ("Seohae Cosmetics Inc.", "certification", "CN-SC", "쓰촨성 약품감독관리국",
                     "기능성 선크림 신규 원료 등록 서류가 두 차례 반려되었습니다.", "awaiting_company"),
    "receivable": ("Daon Semiconductor Co., Ltd.", "receivable", "CN-JS", "우시시 법원 및 상무국",
                   "우시 모듈 고객사가 9월분 대금 USD 1.2백만을 지급하지 않고 있습니다.", "in_progress"),
    "labels": ("Cheongsol Foods Co., Ltd.", "regulation", "CN-SD", "칭다오 세관",
               "김 스낵 중문 라벨 영양성분 표기 기준이 바뀌어 통관이 지연될 우려가 있습니다.", "received"),
    "copies": ("Nuri Games Corp.", "ip", "CN-GD", "광저우시 시장감독관리국",
               "광저우 업체가 저희 게임의 캐릭터를 무단 사용한 모바일 게임을 출시했습니다.", "partly_resolved"),
    "grid": ("Baram Energy Co., Ltd.", "other", "CN-NM", "바오터우시 발전개혁위원회",
             "풍력 터빈 납품 후 현지 계통 연계 승인이 6개월째 나지 않고 있습니다.", "not_resolved"),
}  # fmt: skip

OUTCOMES = {
    "resolved": "상하이 세관과 면담 후 위험물 분류가 정정되어 11월 20일 전량 통관되었습니다.",
    "partly_resolved": "시장감독관리국이 해당 게임의 판매를 중지시켰으나 손해배상은 별도 소송이 필요합니다.",
    "not_resolved": "발전개혁위원회는 전력망 증설 계획 확정 전에는 승인할 수 없다는 입장입니다. 내년 1분기에 다시 협의합니다.",
}


def _official(center: str) -> User:
    return User.objects.get(email=f"official.{center}@example.com")


def _company(name_en: str) -> Company:
    return Company.objects.get(name_en=name_en)


def _owner(company: Company) -> User:
    return company.members.order_by("pk").first().user


def _bodies() -> dict[str, AuthorityBody]:
    return {
        key: contacts.authority_body_find_or_add(
            level=level, province=province, name_ko=ko, name_en=en, name_zh=zh
        )
        for key, (level, province, ko, en, zh) in BODIES.items()
    }


def _difficulties() -> dict[str, Difficulty]:
    made = {}
    for key, (company_name, kind, province, authority, text, _end) in DIFFICULTIES.items():
        company = _company(company_name)
        made[key] = difficulties.difficulty_report(
            company=company,
            by=_owner(company),
            kind=kind,
            province=province,
            authority=authority,
            description=text,
            attachments=[SimpleUploadedFile("notice.pdf", DEMO_PDF)] if key == "hold" else [],
        )
    return made


def _work_on(made: dict[str, Difficulty]) -> None:
    """Take each difficulty to the status its row names."""
    for key, (_company_name, _kind, _province, _authority, _text, end) in DIFFICULTIES.items():
        difficulty = made[key]
        if end == "received":
            continue
        by = _official(difficulty.center.code)
        difficulties.difficulty_record(
            difficulty=difficulty,
            by=by,
            kind="action",
            text="관할 기관에 공문을 보내 사실관계를 확인했습니다.",
        )
        difficulties.difficulty_record(
            difficulty=difficulty,
            by=by,
            kind="note",
            text="기업 측 현지 대리인 연락처를 확보할 것 (내부 메모).",
        )
        if end == "awaiting_company":
            difficulties.difficulty_record(
                difficulty=difficulty,
                by=by,
                kind="asked",
                text="반려 통지서 원본과 원료 성분표를 보내 주십시오.",
            )
        elif end in OUTCOMES:
            difficulties.difficulty_close(
                difficulty=difficulty, by=by, outcome=end, reason=OUTCOMES[end]
            )


def _opportunities() -> dict[str, Opportunity]:
    today = sla.today()
    rows = {
        "cells": ("shanghai", "buyer", "쑤저우 배터리팩 업체의 LFP 셀 공급사 모집", "CN-JS",
                  ["secondary-batteries"], ["lithium-ion-batteries"], 30,
                  "쑤저우 공업원구의 배터리팩 조립업체가 연 2GWh 규모 LFP 셀 공급사를 찾습니다."),
        "beauty": ("chengdu", "fair", "청두 뷰티 엑스포 한국관 참가사 모집", "CN-SC",
                   ["cosmetics"], ["cosmetics"], 45, "청두 뷰티 엑스포 한국관 부스 20개를 무료로 제공합니다."),
        "wind": ("beijing", "project", "바오터우시 풍력단지 2단계 터빈 입찰", "CN-NM",
                 ["wind"], ["wind-turbines"], 60, "바오터우시가 500MW 풍력단지 2단계 터빈 공급 입찰을 공고합니다."),
        "games": ("guangzhou", "tender", "선전 퍼블리셔의 한국 게임 판권 구매", "CN-GD",
                  ["games"], ["games"], 20, "선전의 모바일 게임 퍼블리셔가 한국 캐주얼 게임 판권을 찾습니다."),
    }  # fmt: skip
    made = {}
    for key, (center, kind, title, province, sectors, items, days, text) in rows.items():
        by = _official(center)
        made[key] = opportunities.opportunity_publish(
            center=by.trade_official.assignments.get(ends_on__isnull=True).center,
            by=by,
            kind=kind,
            title=title,
            description=text,
            province=province,
            deadline=today + datetime.timedelta(days=days),
            sectors=Sector.objects.filter(code__in=sectors),
            items=PromisingItem.objects.filter(code__in=items),
        )
    interests = [
        ("cells", "Hanbit Battery Co., Ltd.", "LFP 셀 월 20MWh 공급 가능합니다.", "introduced"),
        (
            "beauty",
            "Seohae Cosmetics Inc.",
            "기능성 선크림과 헤어 제품으로 참가하고 싶습니다.",
            "meeting",
        ),
        ("wind", "Baram Energy Co., Ltd.", "5MW급 터빈으로 입찰 참여를 검토합니다.", "received"),
        ("games", "Nuri Games Corp.", "캐주얼 퍼즐 게임 3종의 판권을 제안합니다.", "deal"),
    ]
    for key, company_name, message, status in interests:
        company = _company(company_name)
        interest, _created = opportunities.interest_express(
            opportunity=made[key], company=company, by=_owner(company), message=message
        )
        if status != "received":
            opportunities.interest_set_status(
                interest=interest, by=_official(made[key].center.code), status=status
            )
    return made


def _contacts(bodies, made, opened) -> None:
    today = sla.today()
    # (center, body, days ago, channel, counterpart, Chinese, topics, outcome, difficulty,
    #  opportunity, follow-up and days to it)
    rows = [
        ("shanghai", "shanghai-customs", 12, "meeting", "Director Zhou, Yangshan clearance", "周处长",
         "리튬이온 셀 위험물 분류 오류", "분류 정정 약속, 재검사 없이 통관", "hold", None, None),
        ("beijing", "gacc", 20, "meeting", "Deputy Director-General Liu", "刘副司长",
         "한국산 이차전지 통관 기간 단축", "위험물 사전 분류 제도 안내, 실무 협의체 구성 합의", None, None,
         ("실무 협의체 첫 회의 일정 확정", 10)),
        ("beijing", "mofcom", 35, "meeting", "Director Chen, Asia Department", "陈司长",
         "한중 공급망 협력, 지방정부 프로젝트 정보 공유", "분기별 프로젝트 목록 공유 합의", None, "wind",
         ("프로젝트 목록 수령 확인", -3)),
        ("beijing", "samr", 40, "letter", "Division of Cosmetics Supervision", "化妆品监管司",
         "화장품 신규 원료 등록 지연", "검토 기준 회신 대기", None, None, None),
        ("shanghai", "jiangsu-commerce", 8, "letter", "Ms Xu, Foreign Investment Division", "徐女士",
         "우시 고객사 대금 미지급", "중재 기관 안내 및 기업 면담 주선 약속", "receivable", None,
         ("기업 면담 결과 확인", 5)),
        ("shanghai", "suzhou-commerce", 25, "meeting", "Vice Director Wu", "吴副局长",
         "공업원구 배터리 수요 기업 소개", "LFP 셀 구매 수요 확인, 바이어 소개 합의", None, "cells", None),
        ("chengdu", "sichuan-mpa", 6, "call", "Registration office", "注册处",
         "선크림 원료 등록 반려 사유", "성분표 보완 시 재심사 가능", "registration", "beauty", None),
        ("guangzhou", "guangzhou-amr", 15, "meeting", "Director Lin, IP enforcement", "林科长",
         "게임 캐릭터 무단 사용", "판매 중지 명령, 손해배상은 소송 필요", "copies", "games", None),
        ("beijing", "baotou-development", 18, "call", "Mr Zhao, Energy Section", "赵科长",
         "풍력 계통 연계 승인 지연", "전력망 증설 계획 확정 전 승인 불가", "grid", None, None),
    ]  # fmt: skip
    for (
        center,
        body,
        ago,
        channel,
        who,
        who_zh,
        topics,
        outcome,
        difficulty,
        opportunity,
        follow,
    ) in rows:
        by = _official(center)
        contacts.contact_record(
            center=by.trade_official.assignments.get(ends_on__isnull=True).center,
            by=by,
            body=bodies[body],
            counterpart=who,
            counterpart_zh=who_zh,
            held_on=today - datetime.timedelta(days=ago),
            channel=channel,
            topics=topics,
            outcome=outcome,
            difficulties=[made[difficulty]] if difficulty else [],
            opportunities=[opened[opportunity]] if opportunity else [],
            follow_ups=[(follow[0], today + datetime.timedelta(days=follow[1]))] if follow else [],
        )


def seed_liaison() -> None:
    if AuthorityBody.objects.filter(name_zh=BODIES["gacc"][4]).exists():
        return  # idempotent: made once
    bodies = _bodies()
    made = _difficulties()
    opened = _opportunities()
    # The contacts first take the difficulties up, then the officials record the rest.
    _contacts(bodies, {key: made[key] for key in made}, opened)
    for difficulty in made.values():
        difficulty.refresh_from_db()
    _work_on(made)
