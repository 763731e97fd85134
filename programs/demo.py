"""Demo catalog data: the sectors, the 30 promising items and the programs of the package."""

import datetime
from zoneinfo import ZoneInfo

from programs import chinese_names
from programs.models import CompanySize, DocumentType, Program, PromisingItem, Sector

SEOUL = ZoneInfo("Asia/Seoul")

# (code, Korean, English, is_focus, [(code, Korean, English), ...])
SECTORS = [
    (
        "new-industries",
        "신산업",
        "New industries",
        True,
        [
            ("secondary-batteries", "이차전지", "Secondary batteries"),
            ("electric-vehicles", "전기차", "Electric vehicles"),
            ("semiconductors", "반도체", "Semiconductors"),
            ("displays", "디스플레이", "Displays"),
            ("bio-health", "바이오헬스", "Bio-health"),
        ],
    ),
    (
        "consumer-goods",
        "소비재",
        "Consumer goods",
        True,
        [
            ("cosmetics", "화장품", "Cosmetics"),
            ("food", "농수산식품", "Agri-food and seafood"),
            ("fashion", "패션의류", "Fashion and apparel"),
            ("household-goods", "생활용품", "Household goods"),
        ],
    ),
    (
        "digital-transition",
        "디지털 전환",
        "Digital transition",
        True,
        [
            ("games", "게임", "Games"),
            ("content", "콘텐츠", "Content"),
            ("software", "소프트웨어", "Software"),
        ],
    ),
    (
        "green-transition",
        "그린 전환",
        "Green transition",
        True,
        [
            ("solar", "태양광", "Solar power"),
            ("wind", "풍력", "Wind power"),
            ("hydrogen", "수소", "Hydrogen"),
        ],
    ),
    (
        "established-industries",
        "주력 산업",
        "Established industries",
        False,
        [
            ("steel", "철강", "Steel"),
            ("petrochemicals", "석유화학", "Petrochemicals"),
            ("machinery", "일반기계", "Machinery"),
        ],
    ),
]


def seed_sectors() -> dict[str, Sector]:
    sectors = {}
    for position, (code, name_ko, name_en, is_focus, children) in enumerate(SECTORS):
        area, _ = Sector.objects.update_or_create(
            code=code,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "name_zh": chinese_names.SECTORS.get(code, ""),
                "is_focus": is_focus,
                "parent": None,
                "position": position,
            },
        )
        sectors[code] = area
        for child_position, (child_code, child_ko, child_en) in enumerate(children):
            sectors[child_code], _ = Sector.objects.update_or_create(
                code=child_code,
                defaults={
                    "name_ko": child_ko,
                    "name_en": child_en,
                    "name_zh": chinese_names.SECTORS.get(child_code, ""),
                    "is_focus": is_focus,
                    "parent": area,
                    "position": child_position,
                },
            )
    return sectors


# The 30 promising export items: (code, Korean, English, sector code, HS prefixes).
PROMISING_ITEMS = [
    ("electric-vehicles", "전기차", "Electric vehicles", "electric-vehicles", ["870380"]),
    ("ev-parts", "전기차 부품", "EV and automotive parts", "electric-vehicles", ["8708", "850760"]),
    ("lithium-ion-batteries", "리튬이온 이차전지", "Lithium-ion batteries", "secondary-batteries", ["850760"]),
    ("battery-materials", "이차전지 소재", "Battery materials", "secondary-batteries", ["284190", "282520", "3801"]),
    ("high-value-memory", "고부가 메모리 반도체", "High-value memory chips", "semiconductors", ["854232"]),
    ("system-semiconductors", "시스템 반도체", "System semiconductors", "semiconductors", ["854231", "854233", "854239"]),
    ("semiconductor-equipment", "반도체 장비", "Semiconductor manufacturing equipment", "semiconductors", ["8486"]),
    ("oled-panels", "OLED 패널", "OLED display panels", "displays", ["8524"]),
    ("biopharmaceuticals", "바이오의약품", "Biopharmaceuticals", "bio-health", ["3002"]),
    ("medical-devices", "의료기기", "Medical devices", "bio-health", ["9018", "9022"]),
    ("cosmetics", "기초·색조 화장품", "Skin care and make-up", "cosmetics", ["3304"]),
    ("hair-care", "헤어 케어 제품", "Hair care products", "cosmetics", ["3305"]),
    ("instant-noodles", "라면", "Instant noodles", "food", ["190230"]),
    ("ginseng", "인삼 제품", "Ginseng products", "food", ["121120", "210690"]),
    ("laver", "김", "Laver (gim)", "food", ["121221", "200899"]),
    ("infant-formula", "조제분유", "Infant formula", "food", ["190110"]),
    ("confectionery", "제과", "Confectionery and snacks", "food", ["1704", "1905"]),
    ("fashion-apparel", "패션 의류", "Fashion apparel", "fashion", ["61", "62"]),
    ("kitchen-appliances", "주방 가전", "Kitchen appliances", "household-goods", ["8516", "8509"]),
    ("baby-products", "유아용품", "Baby products", "household-goods", ["9503", "961900"]),
    ("games", "게임", "Games", "games", ["9504", "852349"]),
    ("content-media", "콘텐츠 미디어", "Recorded content and media", "content", ["852380", "4901"]),
    ("industrial-software", "산업용 소프트웨어", "Industrial software", "software", ["852349"]),
    ("industrial-robots", "산업용 로봇", "Industrial robots", "machinery", ["847950"]),
    ("drones", "드론", "Drones", "machinery", ["8806"]),
    ("solar-modules", "태양광 모듈", "Solar modules", "solar", ["854143", "854142"]),
    ("inverters", "태양광 인버터", "Solar inverters", "solar", ["850440"]),
    ("wind-turbines", "풍력 발전기", "Wind turbines", "wind", ["850231", "841290"]),
    ("hydrogen", "수소·연료전지", "Hydrogen and fuel cells", "hydrogen", ["280410", "850680"]),
    ("power-transformers", "전력 변압기", "Power transformers", "hydrogen", ["8504"]),
]  # fmt: skip

DOCUMENT_TYPES = [
    ("business-plan", "사업계획서", "Business plan",
     "Your plan for the Chinese market: products, customers, channels and figures for three years.",
     "중국 시장 진출 계획: 제품, 고객, 유통 경로와 3년간의 목표 수치를 적어 주십시오."),
    ("export-contract", "수출계약서 또는 발주서", "Export contract or purchase order",
     "A signed contract, purchase order or letter of intent from the Chinese buyer.",
     "중국 바이어가 서명한 계약서, 발주서 또는 구매의향서."),
    ("financial-statements", "재무제표", "Financial statements",
     "The audited statements of the last two fiscal years.",
     "최근 2개 회계연도의 감사받은 재무제표."),
    ("export-record", "수출실적증명서", "Export performance certificate",
     "The certificate of exports from the Korea International Trade Association.",
     "한국무역협회가 발급한 수출실적증명서."),
    ("relocation-plan", "사업장 이전 계획서", "Relocation plan",
     "The facilities to move from China, the site in Korea, the schedule and the jobs created.",
     "중국에서 옮길 설비, 국내 입지, 일정과 창출할 일자리."),
    ("marketing-plan", "마케팅 계획서", "Marketing plan",
     "The trade fairs, campaigns or online channels the support would pay for.",
     "지원금으로 참가할 박람회, 홍보 활동 또는 온라인 판매 채널."),
]  # fmt: skip


def seed_catalog(sectors: dict[str, Sector], *, today: datetime.date) -> None:
    """The items, document types and programs; windows are placed around `today`."""
    for code, name_ko, name_en, sector, hs_prefixes in PROMISING_ITEMS:
        PromisingItem.objects.update_or_create(
            code=code,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "name_zh": chinese_names.PROMISING_ITEMS.get(code, ""),
                "sector": sectors[sector],
                "hs_prefixes": hs_prefixes,
            },
        )
    documents = {}
    for code, name_ko, name_en, help_en, help_ko in DOCUMENT_TYPES:
        documents[code], _ = DocumentType.objects.update_or_create(
            code=code,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "name_zh": chinese_names.DOCUMENT_TYPES.get(code, ""),
                "help_en": help_en,
                "help_ko": help_ko,
            },
        )

    def seoul(day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SEOUL)

    for spec in _programs(today):
        code, kind, ko, en, desc_ko, desc_en, area_codes, sizes, item_required = spec[:9]
        amounts, budget, window, docs, sla = spec[9:]
        opens, closes = (today + datetime.timedelta(days=offset) for offset in window)
        zh, desc_zh = chinese_names.PROGRAMS.get(code, ("", ""))
        program, _ = Program.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "name_ko": ko,
                "name_en": en,
                "name_zh": zh,
                "description_ko": desc_ko,
                "description_en": desc_en,
                "description_zh": desc_zh,
                "company_sizes": sizes,
                "requires_promising_item": item_required,
                "min_amount": amounts[0],
                "max_amount": amounts[1],
                "budget": budget,
                "opens_at": seoul(opens, 9),
                "closes_at": seoul(closes, 18),
                "sla_first_response_days": sla[0],
                "sla_decision_days": sla[1],
                "is_published": True,
            },
        )
        program.sectors.set([sectors[code] for code in area_codes])
        program.required_documents.set([documents[code] for code in docs])


def _programs(today):
    # Windows in days from today, so the demo has open, upcoming and closed programs
    # whatever the day it is loaded.
    all_year, past, soon = (-30, 335), (-120, -60), (30, 120)
    SME = CompanySize.SME.value
    MID = CompanySize.MIDDLE_MARKET.value
    return [
        ("china-export-guarantee", Program.Kind.FINANCING,
         "대중국 수출 보증 특별 지원", "Special export guarantee for China",
         "중국 바이어와의 수출 계약을 근거로 무역보험 보증과 운전자금을 지원합니다.",
         "Trade insurance guarantees and working capital against an export contract with a "
         "Chinese buyer.",
         [], [SME, MID], False, (10_000_000, 500_000_000), 30_000_000_000, all_year,
         ["business-plan", "export-contract", "financial-statements"], (3, 20)),
        ("new-industry-financing", Program.Kind.FINANCING,
         "신산업 수출 금융", "New-industry export financing",
         "이차전지, 전기차, 반도체 등 신산업 품목의 대중국 수출에 저리 자금을 지원합니다.",
         "Low-interest loans for exports to China of secondary batteries, EVs, semiconductors "
         "and other new industries.",
         ["new-industries"], [], True, (50_000_000, 2_000_000_000), 100_000_000_000, all_year,
         ["business-plan", "export-contract", "financial-statements", "export-record"], (3, 25)),
        ("consumer-goods-marketing", Program.Kind.INCENTIVE,
         "소비재 중국 마케팅 지원", "Consumer goods marketing in China",
         "화장품·식품·패션 기업의 중국 전시회 참가, 온라인 플랫폼 입점, 현지 홍보 비용을 지원합니다.",
         "Trade fairs, online marketplaces and promotion in China for cosmetics, food and "
         "fashion companies.",
         ["consumer-goods"], [SME], False, (5_000_000, 50_000_000), 5_000_000_000, all_year,
         ["marketing-plan", "export-record"], (2, 15)),
        ("digital-green-voucher", Program.Kind.INCENTIVE,
         "디지털·그린 전환 수출 바우처", "Digital and green transition export voucher",
         "게임·콘텐츠·소프트웨어와 태양광·풍력·수소 기업의 중국 진출 서비스 비용을 바우처로 지원합니다.",
         "Vouchers for market-entry services in China for games, content and software, and for "
         "solar, wind and hydrogen companies.",
         ["digital-transition", "green-transition"], [SME, MID], False,
         (10_000_000, 100_000_000), 8_000_000_000, soon, ["business-plan", "marketing-plan"],
         (3, 20)),
        ("reshoring-relocation", Program.Kind.RESHORING,
         "국내 복귀 기업 이전 지원", "Reshoring relocation support",
         "중국 사업장을 국내로 이전하는 기업의 설비 이전과 사업 재편을 단계별로 지원합니다.",
         "Staged support for moving facilities from China back to Korea and restructuring the "
         "business.",
         [], [], False, (100_000_000, 5_000_000_000), 50_000_000_000, all_year,
         ["business-plan", "relocation-plan", "financial-statements"], (5, 30)),
        ("spring-fair-support", Program.Kind.INCENTIVE,
         "상반기 중국 박람회 참가 지원", "Spring trade fair participation in China",
         "상반기 광저우·상하이 박람회 참가비와 부스 비용을 지원했습니다. 접수가 마감되었습니다.",
         "Participation and booth costs for the spring Canton and Shanghai fairs. Applications "
         "have closed.",
         [], [SME], False, (3_000_000, 20_000_000), 2_000_000_000, past, ["marketing-plan"],
         (2, 10)),
    ]  # fmt: skip
