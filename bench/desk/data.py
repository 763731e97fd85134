"""The bench data of bench_desk: how it is recognised, and what it looks like."""

from applicants.models import KoreanRegion
from cases.models import CaseState

# Recognised by these: the cases the loader created, the companies' e-mail domain, the
# load test's officials.
BENCH_LOADER = "bench.loader@example.com"
BENCH_COMPANY_DOMAIN = "@bench.example.com"
BENCH_OFFICIAL = "bench.official.{:02d}@example.com"
BENCH_OFFICIAL_PREFIX = "bench.official."
CASES_PER_COMPANY = 10

# Company names: a two-syllable brand, a word of the company's industry, a legal form.
FIRST = [
    ("한", "Han"), ("서", "Seo"), ("누", "Nu"), ("바", "Ba"), ("청", "Cheong"), ("다", "Da"),
    ("대", "Dae"), ("미", "Mi"), ("세", "Se"), ("동", "Dong"), ("태", "Tae"), ("푸", "Pu"),
    ("새", "Sae"), ("가", "Ga"), ("아", "A"), ("하", "Ha"), ("으", "Eu"), ("온", "On"),
    ("금", "Geum"), ("은", "Eun"), ("해", "Hae"), ("달", "Dal"), ("별", "Byeol"), ("솔", "Sol"),
    ("빛", "Bit"), ("길", "Gil"), ("늘", "Neul"), ("찬", "Chan"), ("큰", "Keun"), ("참", "Cham"),
    ("우", "U"), ("진", "Jin"), ("성", "Seong"), ("신", "Sin"), ("일", "Il"), ("정", "Jeong"),
]  # fmt: skip
SECOND = [
    ("빛", "bit"), ("해", "hae"), ("리", "ri"), ("람", "ram"), ("솔", "sol"), ("온", "on"),
    ("한", "han"), ("래", "rae"), ("종", "jong"), ("방", "bang"), ("양", "yang"), ("른", "reun"),
    ("롬", "rom"), ("름", "reum"), ("늘", "neul"), ("뜸", "tteum"), ("강", "gang"), ("성", "seong"),
    ("진", "jin"), ("우", "u"), ("결", "gyeol"), ("담", "dam"), ("샘", "saem"), ("숲", "sup"),
    ("별", "byeol"), ("나", "na"), ("마", "ma"), ("원", "won"), ("산", "san"), ("아", "a"),
]  # fmt: skip
INDUSTRY_WORDS = {
    "secondary-batteries": [("배터리", "Battery"), ("셀텍", "Celltech"), ("에너지", "Energy")],
    "electric-vehicles": [("모빌리티", "Mobility"), ("모터스", "Motors"), ("이브이", "EV")],
    "semiconductors": [("반도체", "Semiconductor"), ("실리콘", "Silicon"), ("칩스", "Chips")],
    "displays": [("디스플레이", "Display"), ("옵틱스", "Optics")],
    "bio-health": [("바이오", "Bio"), ("제약", "Pharmaceutical"), ("메디칼", "Medical")],
    "cosmetics": [("코스메틱", "Cosmetics"), ("뷰티", "Beauty")],
    "food": [("식품", "Foods"), ("푸드", "Food"), ("수산", "Fisheries")],
    "fashion": [("패션", "Fashion"), ("어패럴", "Apparel")],
    "household-goods": [("리빙", "Living"), ("생활건강", "Household")],
    "games": [("게임즈", "Games"), ("엔터테인먼트", "Entertainment")],
    "content": [("미디어", "Media"), ("콘텐츠", "Contents")],
    "software": [("소프트", "Soft"), ("시스템즈", "Systems"), ("테크", "Tech")],
    "solar": [("솔라", "Solar"), ("태양광", "Solar Power")],
    "wind": [("풍력", "Wind Power"), ("윈드", "Wind")],
    "hydrogen": [("수소", "Hydrogen"), ("퓨얼셀", "Fuel Cell")],
    "steel": [("철강", "Steel"), ("스틸", "Steel"), ("금속", "Metal")],
    "petrochemicals": [("화학", "Chemical"), ("케미칼", "Chemical")],
    "machinery": [("기계", "Machinery"), ("로보틱스", "Robotics"), ("정밀", "Precision")],
}  # fmt: skip
GENERIC_WORDS = [("산업", "Industries"), ("무역", "Trading"), ("상사", "Trading")]
SECTOR_WEIGHTS = {
    "secondary-batteries": 6, "electric-vehicles": 5, "semiconductors": 6, "displays": 3,
    "bio-health": 4, "cosmetics": 9, "food": 10, "fashion": 6, "household-goods": 6,
    "games": 5, "content": 4, "software": 5, "solar": 3, "wind": 2, "hydrogen": 2,
    "steel": 4, "petrochemicals": 4, "machinery": 6,
}  # fmt: skip
SURNAMES = "김이박최정강조윤장임한오서신권황안송류전"
GIVEN = [
    "민준", "서연", "지훈", "수아", "도윤", "하은", "예준", "지우", "시우", "서윤", "주원",
    "지민", "현우", "채원", "민재", "다인", "정호", "소영", "태현", "영수", "미경", "우성",
    "상철", "가영", "성민", "은지", "재현", "혜진",
]  # fmt: skip
REGION_WEIGHTS = {
    KoreanRegion.GYEONGGI: 25, KoreanRegion.SEOUL: 20, KoreanRegion.INCHEON: 6,
    KoreanRegion.BUSAN: 6, KoreanRegion.GYEONGNAM: 7, KoreanRegion.GYEONGBUK: 6,
    KoreanRegion.CHUNGNAM: 6, KoreanRegion.CHUNGBUK: 5, KoreanRegion.DAEGU: 4,
    KoreanRegion.ULSAN: 4, KoreanRegion.DAEJEON: 3, KoreanRegion.GWANGJU: 2,
    KoreanRegion.JEONBUK: 2, KoreanRegion.JEONNAM: 2, KoreanRegion.GANGWON: 1,
    KoreanRegion.SEJONG: 1, KoreanRegion.JEJU: 1,
}  # fmt: skip
# Where in China the cases aim: the big export markets first.
PROVINCE_WEIGHTS = {
    "CN-SH": 14, "CN-GD": 13, "CN-JS": 10, "CN-ZJ": 8, "CN-SD": 8, "CN-BJ": 8, "CN-TJ": 3,
    "CN-LN": 4, "CN-SC": 5, "CN-CQ": 3, "CN-HB": 4, "CN-FJ": 3, "CN-HE": 2, "CN-AH": 2,
    "CN-HA": 2, "CN-HN": 2, "CN-SN": 2, "CN-JL": 1, "CN-HL": 1, "CN-GX": 1, "CN-YN": 1,
    "CN-JX": 1, "CN-SX": 1,
}  # fmt: skip
CITIES = {
    "CN-SH": "Shanghai", "CN-GD": "Guangzhou", "CN-JS": "Suzhou", "CN-ZJ": "Hangzhou",
    "CN-SD": "Qingdao", "CN-BJ": "Beijing", "CN-TJ": "Tianjin", "CN-LN": "Shenyang",
    "CN-SC": "Chengdu", "CN-CQ": "Chongqing", "CN-HB": "Wuhan", "CN-FJ": "Xiamen",
    "CN-HE": "Shijiazhuang", "CN-AH": "Hefei", "CN-HA": "Zhengzhou", "CN-HN": "Changsha",
    "CN-SN": "Xi'an", "CN-JL": "Changchun", "CN-HL": "Harbin", "CN-GX": "Nanning",
    "CN-YN": "Kunming", "CN-JX": "Nanchang", "CN-SX": "Taiyuan",
}  # fmt: skip
PROGRAM_WEIGHTS = {
    "china-export-guarantee": 30, "new-industry-financing": 20, "consumer-goods-marketing": 20,
    "digital-green-voucher": 10, "reshoring-relocation": 6, "spring-fair-support": 14,
}  # fmt: skip
PURPOSES = [
    "{city} 바이어와 맺은 공급 계약의 생산 운전자금입니다.",
    "{city} 전시회 참가와 현지 온라인 플랫폼 입점 비용입니다.",
    "{city} 유통사 신규 수주에 대한 수출보증이 필요합니다.",
    "{city} 공장 설비를 국내로 옮기는 이전 비용입니다.",
    "{city} 고객사 증량 주문에 대응하는 원자재 구매 자금입니다.",
]
# Of the cases, the share still open, and how the open and the decided ones divide.
OPEN_SHARE = 0.2
OPEN_MIX = {
    CaseState.SUBMITTED: 30,
    CaseState.IN_REVIEW: 40,
    CaseState.INFO_REQUESTED: 18,
    CaseState.RECOMMENDED: 12,
}
DECIDED_MIX = {
    CaseState.APPROVED: 45,
    CaseState.REJECTED: 35,
    CaseState.WITHDRAWN: 10,
    CaseState.CLOSED: 10,
}
REJECTIONS = ["not_eligible", "incomplete", "not_viable", "budget", "duplicate"]
