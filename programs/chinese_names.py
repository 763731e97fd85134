"""The catalog's names in Simplified Chinese, by code: what the demo catalog loads and the
0005 migration wrote into a catalog loaded before the names existed."""

SECTORS = {
    "new-industries": "新兴产业",
    "secondary-batteries": "二次电池",
    "electric-vehicles": "电动汽车",
    "semiconductors": "半导体",
    "displays": "显示器",
    "bio-health": "生物健康",
    "consumer-goods": "消费品",
    "cosmetics": "化妆品",
    "food": "农水产食品",
    "fashion": "时装服饰",
    "household-goods": "生活用品",
    "digital-transition": "数字化转型",
    "games": "游戏",
    "content": "文化内容",
    "software": "软件",
    "green-transition": "绿色转型",
    "solar": "太阳能",
    "wind": "风能",
    "hydrogen": "氢能",
    "established-industries": "主力产业",
    "steel": "钢铁",
    "petrochemicals": "石油化工",
    "machinery": "通用机械",
}

PROMISING_ITEMS = {
    "electric-vehicles": "电动汽车",
    "ev-parts": "电动汽车及汽车零部件",
    "lithium-ion-batteries": "锂离子电池",
    "battery-materials": "电池材料",
    "high-value-memory": "高附加值存储芯片",
    "system-semiconductors": "系统半导体",
    "semiconductor-equipment": "半导体制造设备",
    "oled-panels": "OLED显示面板",
    "biopharmaceuticals": "生物药品",
    "medical-devices": "医疗器械",
    "cosmetics": "护肤及彩妆产品",
    "hair-care": "护发产品",
    "instant-noodles": "方便面",
    "ginseng": "人参制品",
    "laver": "紫菜",
    "infant-formula": "婴幼儿配方奶粉",
    "confectionery": "糖果及休闲食品",
    "fashion-apparel": "时装服饰",
    "kitchen-appliances": "厨房电器",
    "baby-products": "婴幼儿用品",
    "games": "游戏",
    "content-media": "录制内容及媒体",
    "industrial-software": "工业软件",
    "industrial-robots": "工业机器人",
    "drones": "无人机",
    "solar-modules": "太阳能组件",
    "inverters": "光伏逆变器",
    "wind-turbines": "风力发电机组",
    "hydrogen": "氢能及燃料电池",
    "power-transformers": "电力变压器",
}

DOCUMENT_TYPES = {
    "business-plan": "商业计划书",
    "export-contract": "出口合同或订单",
    "financial-statements": "财务报表",
    "export-record": "出口业绩证明",
    "relocation-plan": "生产设施迁移计划书",
    "marketing-plan": "营销计划书",
}

# code: (name, description)
PROGRAMS = {
    "china-export-guarantee": (
        "对华出口担保专项支援",
        "凭与中国买方签订的出口合同，提供贸易保险担保和流动资金。",
    ),
    "new-industry-financing": (
        "新兴产业出口融资",
        "为二次电池、电动汽车、半导体等新兴产业产品的对华出口提供低息贷款。",
    ),
    "consumer-goods-marketing": (
        "消费品对华营销支援",
        "为化妆品、食品和时装企业在华参加展会、入驻线上平台及开展本地宣传提供费用支援。",
    ),
    "digital-green-voucher": (
        "数字化及绿色转型出口代金券",
        "以代金券形式，为游戏、内容、软件以及太阳能、风能、氢能企业进入中国市场的服务费用提供支援。",
    ),
    "reshoring-relocation": (
        "回流企业迁移支援",
        "分阶段支援企业将生产设施从中国迁回韩国并进行业务重组。",
    ),
    "spring-fair-support": (
        "上半年中国展会参展支援",
        "曾为上半年广州和上海展会的参展费及展位费用提供支援。申请已截止。",
    ),
}
