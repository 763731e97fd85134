"""Demo catalog data: the sectors of the 2023 support package."""

from programs.models import Sector

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
                    "is_focus": is_focus,
                    "parent": area,
                    "position": child_position,
                },
            )
    return sectors
