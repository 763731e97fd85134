"""Demo companies: Korean exporters to China, each with an owner and some with members."""

from decimal import Decimal

from accounts.demo import seed_user
from accounts.roles import Role
from applicants.models import Company, CompanyMember, JoinRequest, KoreanRegion
from applicants.validators import business_number_check_digit
from programs.models import CompanySize, PromisingItem

# (first nine digits, Korean name, English name, representative, size, region, sector,
#  [(e-mail, name, language), ...] with the owner first)
COMPANIES = [
    ("124810357", "한빛배터리 주식회사", "Hanbit Battery Co., Ltd.", "이정호",
     CompanySize.SME, KoreanRegion.CHUNGBUK, "secondary-batteries",
     [("company@example.com", "이정호", "ko"), ("export.hanbit@example.com", "문가영", "en")]),
    ("220871946", "서해코스메틱 주식회사", "Seohae Cosmetics Inc.", "박소영",
     CompanySize.SME, KoreanRegion.INCHEON, "cosmetics",
     [("owner.seohae@example.com", "박소영", "ko")]),
    ("305186220", "누리게임즈 주식회사", "Nuri Games Corp.", "김태현",
     CompanySize.SME, KoreanRegion.GYEONGGI, "games",
     [("owner.nuri@example.com", "김태현", "en")]),
    ("409253818", "바람에너지 주식회사", "Baram Energy Co., Ltd.", "최영수",
     CompanySize.MIDDLE_MARKET, KoreanRegion.JEONNAM, "wind",
     [("owner.baram@example.com", "최영수", "ko")]),
    ("514870632", "청솔식품 주식회사", "Cheongsol Foods Co., Ltd.", "한미경",
     CompanySize.SME, KoreanRegion.GYEONGBUK, "food",
     [("owner.cheongsol@example.com", "한미경", "ko")]),
    ("617402985", "다온반도체 주식회사", "Daon Semiconductor Co., Ltd.", "정우성",
     CompanySize.MIDDLE_MARKET, KoreanRegion.GYEONGGI, "semiconductors",
     [("owner.daon@example.com", "정우성", "ko")]),
    ("138570264", "대한철강 주식회사", "Daehan Steel Co., Ltd.", "오상철",
     CompanySize.LARGE, KoreanRegion.GYEONGBUK, "steel",
     [("owner.daehan@example.com", "오상철", "ko")]),
]  # fmt: skip


# Export profile by the first nine digits: (promising items, exports to China last year and
# this year so far in US$, employees). A fall year on year raises a case's priority later.
PROFILES = {
    "124810357": (["lithium-ion-batteries", "battery-materials"], "4820000.00", "2910500.00", 86),
    "220871946": (["cosmetics", "hair-care"], "1275300.50", "1302000.00", 42),
    "305186220": (["games"], "610000.00", "388400.00", 35),
    "409253818": (["wind-turbines"], "9650000.00", "5120000.00", 310),
    "514870632": (["laver", "ginseng"], "830250.75", "512980.00", 57),
    "617402985": (["high-value-memory"], "15420000.00", "8733000.00", 420),
    "138570264": ([], "48200000.00", "31050000.00", 2150),
}


def seed_companies(sectors) -> list[Company]:
    items = {item.code: item for item in PromisingItem.objects.all()}
    companies = []
    for nine, ko, en, rep, size, region, sector, people in COMPANIES:
        company, _ = Company.objects.update_or_create(
            business_number=nine + str(business_number_check_digit(nine)),
            defaults={
                "name_ko": ko,
                "name_en": en,
                "representative": rep,
                "size": size,
                "region": region,
                "sector": sectors[sector],
                "exports_to_china_last_year": Decimal(PROFILES[nine][1]),
                "exports_to_china_this_year": Decimal(PROFILES[nine][2]),
                "employees": PROFILES[nine][3],
                "contact_email": people[0][0],
                "contact_phone": "02-6000-" + nine[-4:],
            },
        )
        company.promising_items.set([items[code] for code in PROFILES[nine][0]])
        companies.append(company)
        for position, (email, name, language) in enumerate(people):
            user = seed_user(email, name, Role.COMPANY_MEMBER, language=language)
            role = CompanyMember.Role.OWNER if position == 0 else CompanyMember.Role.MEMBER
            CompanyMember.objects.update_or_create(
                company=company, user=user, defaults={"role": role}
            )
    seed_join_requests(companies[0])
    return companies


def seed_join_requests(company: Company) -> None:
    """One colleague waiting for the owner's answer, so the demo owner sees the flow.

    Created once: after the owner approves or declines, a rerun leaves it answered.
    """
    user = seed_user("sales.hanbit@example.com", "오세진", Role.COMPANY_MEMBER)
    if not JoinRequest.objects.filter(company=company, user=user).exists():
        JoinRequest.objects.create(
            company=company,
            user=user,
            message="해외영업팀 오세진입니다. 중국 수출 건을 담당합니다.",
        )
