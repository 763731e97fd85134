"""Demo support centers in China, each with a lead and trade officers."""

import datetime

from accounts.demo import seed_user
from accounts.roles import Role
from centers.models import (
    ChineseProvince,
    StaffAssignment,
    SupportCenter,
    TradeOfficial,
)
from centers.services import center_set_jurisdiction
from programs.models import Sector

# (code, Korean, English, Chinese, city, province, opened, headquarters,
#  lead (e-mail, name), officers [(e-mail, name), ...])
CENTERS = [
    ("beijing", "베이징 수출지원센터", "Beijing Export Support Center", "北京出口支援中心",
     "Beijing", ChineseProvince.BEIJING, datetime.date(2023, 7, 3), True,
     ("lead.beijing@example.com", "김민준"), [("official.beijing@example.com", "이서연")]),
    ("shanghai", "상하이 수출지원센터", "Shanghai Export Support Center", "上海出口支援中心",
     "Shanghai", ChineseProvince.SHANGHAI, datetime.date(2023, 7, 3), False,
     ("lead.shanghai@example.com", "박지훈"), [("official.shanghai@example.com", "최수아")]),
    ("qingdao", "칭다오 수출지원센터", "Qingdao Export Support Center", "青岛出口支援中心",
     "Qingdao", ChineseProvince.SHANDONG, datetime.date(2023, 9, 1), False,
     ("lead.qingdao@example.com", "정도윤"), [("official.qingdao@example.com", "강하은")]),
    ("guangzhou", "광저우 수출지원센터", "Guangzhou Export Support Center", "广州出口支援中心",
     "Guangzhou", ChineseProvince.GUANGDONG, datetime.date(2023, 9, 1), False,
     ("lead.guangzhou@example.com", "조예준"), [("official.guangzhou@example.com", "윤지우")]),
    ("shenyang", "선양 수출지원센터", "Shenyang Export Support Center", "沈阳出口支援中心",
     "Shenyang", ChineseProvince.LIAONING, datetime.date(2023, 11, 1), False,
     ("lead.shenyang@example.com", "장시우"), [("official.shenyang@example.com", "임서윤")]),
    ("chengdu", "청두 수출지원센터", "Chengdu Export Support Center", "成都出口支援中心",
     "Chengdu", ChineseProvince.SICHUAN, datetime.date(2023, 11, 1), False,
     ("lead.chengdu@example.com", "한주원"), [("official.chengdu@example.com", "오지민")]),
    ("wuhan", "우한 수출지원센터", "Wuhan Export Support Center", "武汉出口支援中心",
     "Wuhan", ChineseProvince.HUBEI, datetime.date(2024, 3, 4), False,
     ("lead.wuhan@example.com", "서현우"), [("official.wuhan@example.com", "신채원")]),
    ("xian", "시안 수출지원센터", "Xi'an Export Support Center", "西安出口支援中心",
     "Xi'an", ChineseProvince.SHAANXI, datetime.date(2024, 3, 4), False,
     ("lead.xian@example.com", "권민재"), [("official.xian@example.com", "황다인")]),
]  # fmt: skip


# Every one of the 31 provinces belongs to exactly one demo center.
JURISDICTIONS = {
    "beijing": ["CN-BJ", "CN-TJ", "CN-HE", "CN-SX", "CN-NM"],
    "shanghai": ["CN-SH", "CN-JS", "CN-ZJ", "CN-AH"],
    "qingdao": ["CN-SD", "CN-HA"],
    "guangzhou": ["CN-GD", "CN-GX", "CN-HI", "CN-FJ"],
    "shenyang": ["CN-LN", "CN-JL", "CN-HL"],
    "chengdu": ["CN-SC", "CN-CQ", "CN-YN", "CN-GZ", "CN-XZ"],
    "wuhan": ["CN-HB", "CN-HN", "CN-JX"],
    "xian": ["CN-SN", "CN-GS", "CN-NX", "CN-QH", "CN-XJ"],
}
# The officers' sector specialties (areas), by center.
SPECIALTIES = {
    "beijing": ["digital-transition"],
    "shanghai": ["new-industries", "consumer-goods"],
    "qingdao": ["consumer-goods"],
    "guangzhou": ["consumer-goods", "digital-transition"],
    "shenyang": ["established-industries"],
    "chengdu": ["green-transition"],
    "wuhan": ["new-industries"],
    "xian": ["green-transition", "new-industries"],
}


def _staff(user, center, role, starts_on, title, specialties=()) -> None:
    official, _ = TradeOfficial.objects.update_or_create(
        user=user, defaults={"title": title, "is_active": True, "languages": ["ko", "zh"]}
    )
    official.specialties.set(Sector.objects.filter(code__in=specialties))
    if not StaffAssignment.objects.current().filter(official=official).exists():
        StaffAssignment.objects.create(
            official=official,
            center=center,
            role=role,
            starts_on=starts_on,
            reason="Demo staffing",
        )


def seed_centers() -> list[SupportCenter]:
    centers = []
    for code, ko, en, zh, city, province, opened, hq, lead, officers in CENTERS:
        center, _ = SupportCenter.objects.update_or_create(
            code=code,
            defaults={
                "name_ko": ko,
                "name_en": en,
                "name_zh": zh,
                "city": city,
                "province": province,
                "status": SupportCenter.Status.OPEN,
                "is_headquarters": hq,
                "opened_on": opened,
            },
        )
        centers.append(center)
        lead_user = seed_user(lead[0], lead[1], Role.TRADE_OFFICIAL)
        _staff(lead_user, center, StaffAssignment.Role.LEAD, opened, "센터장")
        for email, name in officers:
            user = seed_user(email, name, Role.TRADE_OFFICIAL)
            _staff(user, center, StaffAssignment.Role.OFFICER, opened, "무역관", SPECIALTIES[code])
        center_set_jurisdiction(center=center, provinces=JURISDICTIONS[code])
    return centers
