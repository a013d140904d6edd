"""Chinese company names and how a bank abroad spells them.

A registered name is city + brand + industry + legal form
(杭州瑞丰机械有限公司). Abroad, the ordering bank writes it in pinyin,
upper case, with the industry and the legal form in English
(HANGZHOU RUIFENG MACHINERY CO LTD); some banks transliterate everything
(HANGZHOU RUIFENG JIXIE YOUXIAN GONGSI) or put the city last
(RUIFENG MACHINERY (HANGZHOU) CO LTD).
"""

CITIES = ["杭州", "上海", "深圳", "宁波", "苏州", "广州", "青岛", "厦门", "无锡",
          "东莞", "佛山", "温州", "天津", "北京", "常州", "台州", "义乌", "南京"]

BRANDS = ["瑞丰", "华盛", "鑫达", "恒通", "永昌", "宏远", "金龙", "天成", "新亚", "嘉禾",
          "正泰", "德力", "海达", "明珠", "安顺", "长城", "东方", "利华", "美佳", "盛达",
          "博远", "凯达", "富强", "华宇", "同力", "信诚", "万通", "兴业", "立信", "中恒",
          "星光", "欧亚", "宝丰", "汇通", "顺发", "广源", "华泰", "振华", "龙腾", "鸿运"]

# industry word: its English rendering
INDUSTRIES = {
    "机械": "MACHINERY", "电子": "ELECTRONICS", "化工": "CHEMICAL", "纺织": "TEXTILE",
    "科技": "TECHNOLOGY", "贸易": "TRADING", "物流": "LOGISTICS", "五金": "HARDWARE",
    "塑料": "PLASTICS", "照明": "LIGHTING", "汽车配件": "AUTO PARTS",
    "医疗器械": "MEDICAL EQUIPMENT", "家具": "FURNITURE", "包装": "PACKAGING",
    "进出口": "IMPORT AND EXPORT", "精密": "PRECISION", "新材料": "NEW MATERIAL",
}

# legal form: the English renderings banks use
LEGAL_FORMS = {
    "有限公司": ["CO LTD", "CO., LTD.", "CO.,LTD", "LIMITED", "CO. LTD"],
    "股份有限公司": ["CO LTD", "CO., LTD.", "JOINT STOCK CO LTD", "CORP"],
    "集团有限公司": ["GROUP CO LTD", "GROUP CO., LTD.", "GROUP LIMITED"],
}

# the readings of exactly the characters above (a name's characters take
# their usual reading in a company name: 长 is chang in 长城)
READING = {
    "杭": "hang", "州": "zhou", "上": "shang", "海": "hai", "深": "shen", "圳": "zhen",
    "宁": "ning", "波": "bo", "苏": "su", "广": "guang", "青": "qing", "岛": "dao",
    "厦": "xia", "门": "men", "无": "wu", "锡": "xi", "东": "dong", "莞": "guan",
    "佛": "fo", "山": "shan", "温": "wen", "天": "tian", "津": "jin", "北": "bei",
    "京": "jing", "常": "chang", "台": "tai", "义": "yi", "乌": "wu", "南": "nan",
    "瑞": "rui", "丰": "feng", "华": "hua", "盛": "sheng", "鑫": "xin", "达": "da",
    "恒": "heng", "通": "tong", "永": "yong", "昌": "chang", "宏": "hong", "远": "yuan",
    "金": "jin", "龙": "long", "成": "cheng", "新": "xin", "亚": "ya", "嘉": "jia",
    "禾": "he", "正": "zheng", "泰": "tai", "德": "de", "力": "li", "明": "ming",
    "珠": "zhu", "安": "an", "顺": "shun", "长": "chang", "城": "cheng", "方": "fang",
    "利": "li", "美": "mei", "佳": "jia", "博": "bo", "凯": "kai", "富": "fu",
    "强": "qiang", "宇": "yu", "同": "tong", "信": "xin", "诚": "cheng", "万": "wan",
    "兴": "xing", "业": "ye", "立": "li", "中": "zhong", "星": "xing", "光": "guang",
    "欧": "ou", "宝": "bao", "汇": "hui", "发": "fa", "源": "yuan", "泰": "tai",
    "振": "zhen", "腾": "teng", "鸿": "hong", "运": "yun",
    "机": "ji", "械": "xie", "电": "dian", "子": "zi", "化": "hua", "工": "gong",
    "纺": "fang", "织": "zhi", "科": "ke", "技": "ji", "贸": "mao", "易": "yi",
    "物": "wu", "流": "liu", "五": "wu", "塑": "su", "料": "liao", "照": "zhao",
    "汽": "qi", "车": "che", "配": "pei", "件": "jian", "医": "yi", "疗": "liao",
    "器": "qi", "家": "jia", "具": "ju", "包": "bao", "装": "zhuang", "进": "jin",
    "出": "chu", "口": "kou", "精": "jing", "密": "mi", "材": "cai",
    "有": "you", "限": "xian", "公": "gong", "司": "si", "股": "gu", "份": "fen",
    "集": "ji", "团": "tuan",
}


def pinyin_word(hanzi):
    """One word in pinyin without tones, syllables run together: 瑞丰 -> RUIFENG."""
    return "".join(READING[ch] for ch in hanzi).upper()


class ChineseName:
    def __init__(self, city, brand, industry, form):
        self.city, self.brand, self.industry, self.form = city, brand, industry, form

    @property
    def registered(self):
        return self.city + self.brand + self.industry + self.form

    @property
    def short(self):
        """What people call it: brand and industry (瑞丰机械)."""
        return self.brand + self.industry

    def english(self):
        """The registered English name in the customer master data."""
        form = "Group Co., Ltd." if self.form == "集团有限公司" else "Co., Ltd."
        return "%s %s %s %s" % (self.city_pinyin().title(), pinyin_word(self.brand).title(),
                                INDUSTRIES[self.industry].title(), form)

    def city_pinyin(self):
        return pinyin_word(self.city)

    def abroad(self, rng, hard):
        """As an ordering bank outside China writes it."""
        brand = pinyin_word(self.brand)
        style = rng.random()
        form = rng.choice(LEGAL_FORMS[self.form])
        if style < (0.12 if hard else 0.05):
            # everything transliterated, syllable words as the bank splits them
            words = [self.industry] if len(self.industry) == 3 else \
                [self.industry[i:i + 2] for i in range(0, len(self.industry), 2)]
            industry = " ".join(pinyin_word(w) for w in words)
            form = " ".join(pinyin_word(w) for w in _split_form(self.form))
            return "%s %s %s %s" % (self.city_pinyin(), brand, industry, form)
        industry = INDUSTRIES[self.industry]
        if style < (0.25 if hard else 0.12):
            return "%s %s (%s) %s" % (brand, industry, self.city_pinyin(), form)
        if style < (0.35 if hard else 0.18):
            # syllables of the brand written apart
            brand = " ".join(READING[ch].upper() for ch in self.brand)
        return "%s %s %s %s" % (self.city_pinyin(), brand, industry, form)


def _split_form(form):
    return {"有限公司": ["有限", "公司"], "股份有限公司": ["股份", "有限", "公司"],
            "集团有限公司": ["集团", "有限", "公司"]}[form]


def chinese_names(rng, count):
    """count distinct registered names."""
    forms = ["有限公司"] * 6 + ["股份有限公司"] * 2 + ["集团有限公司"]
    seen, names = set(), []
    industries = list(INDUSTRIES)
    while len(names) < count:
        name = ChineseName(rng.choice(CITIES), rng.choice(BRANDS), rng.choice(industries), rng.choice(forms))
        if name.registered not in seen:
            seen.add(name.registered)
            names.append(name)
    return names
