/*
 * pinyin_name.c
 *		A Chinese company name against a name in Latin letters (see
 *		pinyin_name.h)
 */
#include "core/pinyin_name.h"

#include <string.h>

#include "core/pinyin.h"
#include "core/similarity.h"
#include "core/text_normalize.h"

/* Weight of the industry words when both names state some */
#define INDUSTRY_WEIGHT 0.25

/* Names with different numbers (HUAQIANG 2, HUAQIANG 3) */
#define OTHER_NUMBER 0.9

/* A name that states industry words against one that states none */
#define ONE_SIDED_INDUSTRY 0.9

/* Places a company name starts with: provinces, and cities that trade */
typedef struct Place
{
	const char *han;
	const char *alias; /* the English name, where it is not the pinyin of
						* the first readings (佛 fu, 长 zhang) */
} Place;

static const Place places[] = {
	{ "中国", "CHINA" },     { "香港", "HONGKONG" }, { "澳门", "MACAU" },
	{ "北京", NULL },        { "天津", NULL },       { "上海", NULL },
	{ "重庆", "CHONGQING" }, { "河北", NULL },       { "山西", NULL },
	{ "辽宁", NULL },        { "吉林", NULL },       { "黑龙江", NULL },
	{ "江苏", NULL },        { "浙江", NULL },       { "安徽", NULL },
	{ "福建", NULL },        { "江西", NULL },       { "山东", NULL },
	{ "河南", NULL },        { "湖北", NULL },       { "湖南", NULL },
	{ "广东", NULL },        { "海南", NULL },       { "四川", NULL },
	{ "贵州", NULL },        { "云南", NULL },       { "陕西", "SHAANXI" },
	{ "甘肃", NULL },        { "青海", NULL },       { "内蒙古", NULL },
	{ "广西", NULL },        { "宁夏", NULL },       { "新疆", NULL },
	{ "广州", NULL },        { "深圳", NULL },       { "珠海", NULL },
	{ "汕头", NULL },        { "佛山", "FOSHAN" },   { "东莞", NULL },
	{ "中山", NULL },        { "惠州", NULL },       { "江门", NULL },
	{ "杭州", NULL },        { "宁波", NULL },       { "温州", NULL },
	{ "绍兴", NULL },        { "嘉兴", NULL },       { "湖州", NULL },
	{ "金华", NULL },        { "台州", NULL },       { "义乌", NULL },
	{ "南京", NULL },        { "苏州", NULL },       { "无锡", NULL },
	{ "常州", NULL },        { "南通", NULL },       { "扬州", NULL },
	{ "徐州", NULL },        { "昆山", NULL },       { "合肥", NULL },
	{ "福州", NULL },        { "厦门", "XIAMEN" },   { "泉州", NULL },
	{ "南昌", NULL },        { "济南", NULL },       { "青岛", NULL },
	{ "烟台", NULL },        { "潍坊", NULL },       { "郑州", NULL },
	{ "武汉", NULL },        { "长沙", "CHANGSHA" }, { "成都", "CHENGDU" },
	{ "贵阳", NULL },        { "昆明", NULL },       { "西安", NULL },
	{ "兰州", NULL },        { "南宁", NULL },       { "海口", NULL },
	{ "石家庄", NULL },      { "唐山", NULL },       { "太原", NULL },
	{ "沈阳", NULL },        { "大连", NULL },       { "长春", "CHANGCHUN" },
	{ "哈尔滨", NULL },      { "乌鲁木齐", NULL },
};

/* What may follow a place: province, city, district, county */
static const char *const place_suffixes[] = { "省", "市", "区", "县" };

/* Industry words: one bit each */
enum
{
	IND_MACHINERY,
	IND_TRADING,
	IND_TECHNOLOGY,
	IND_ELECTRONICS,
	IND_IMPORT_EXPORT,
	IND_INDUSTRIAL,
	IND_CHEMICAL,
	IND_TEXTILE,
	IND_GARMENT,
	IND_FOOD,
	IND_LOGISTICS,
	IND_BUILDING_MATERIALS,
	IND_PHARMACEUTICAL,
	IND_INTERNATIONAL,
	IND_DEVELOPMENT,
	IND_MANUFACTURING,
	IND_EQUIPMENT,
	IND_ELECTRIC,
	IND_HOLDING,
	IND_INVESTMENT,
	IND_ENGINEERING,
	IND_MATERIALS,
	IND_ENERGY,
	IND_PLASTICS,
	IND_HARDWARE,
	IND_SUPPLY_CHAIN,
	IND_SERVICES,
	IND_TOOLS,
	IND_LIGHTING,
	IND_NEW,
	IND_PACKAGING,
	IND_PRECISION,
	IND_FURNITURE,
	IND_MEDICAL,
	IND_INSTRUMENT,
	IND_AUTO,
	IND_PARTS,
	IND_METAL,
	IND_STEEL,
	IND_CERAMICS,
	IND_TOYS,
	IND_PRINTING,
	IND_BATTERY,
	IND_MOULD,
	IND_ENVIRONMENTAL,
	IND_AUTOMATION,
	IND_INTELLIGENT,
	IND_BIOTECH,
	IND_OPTOELECTRONICS,
	IND_COMMUNICATION,
	IND_SOFTWARE,
	IND_INFORMATION,
	IND_FOOTWEAR,
	IND_LEATHER,
	IND_CRAFTS,
	IND_SANITARY,
	IND_VALVE,
	IND_BEARING,
	IND_MOTOR,
	IND_CABLE,
	IND_AGRICULTURE,
	IND_SOLAR,
	IND_RUBBER
};

#define BIT(i) (UINT64_C(1) << (i))

/* The Chinese industry words, the longest first where they overlap */
typedef struct HanWord
{
	const char *han;
	uint64_t industries;
} HanWord;

static const HanWord han_industries[] = {
	/* legal forms normalize_name leaves where digits follow them */
	{ "股份有限公司", 0 },
	{ "有限责任公司", 0 },
	{ "有限公司", 0 },
	{ "分公司", 0 },
	{ "公司", 0 },
	{ "集团", 0 },
	{ "进出口", BIT(IND_IMPORT_EXPORT) },
	{ "供应链", BIT(IND_SUPPLY_CHAIN) },
	{ "新材料", BIT(IND_NEW) | BIT(IND_MATERIALS) },
	{ "新能源", BIT(IND_NEW) | BIT(IND_ENERGY) },
	{ "机械", BIT(IND_MACHINERY) },
	{ "贸易", BIT(IND_TRADING) },
	{ "商贸", BIT(IND_TRADING) },
	{ "经贸", BIT(IND_TRADING) },
	{ "工贸", BIT(IND_INDUSTRIAL) | BIT(IND_TRADING) },
	{ "科技", BIT(IND_TECHNOLOGY) },
	{ "技术", BIT(IND_TECHNOLOGY) },
	{ "电子", BIT(IND_ELECTRONICS) },
	{ "实业", BIT(IND_INDUSTRIAL) },
	{ "工业", BIT(IND_INDUSTRIAL) },
	{ "化工", BIT(IND_CHEMICAL) },
	{ "纺织", BIT(IND_TEXTILE) },
	{ "服饰", BIT(IND_GARMENT) },
	{ "服装", BIT(IND_GARMENT) },
	{ "食品", BIT(IND_FOOD) },
	{ "物流", BIT(IND_LOGISTICS) },
	{ "建材", BIT(IND_BUILDING_MATERIALS) },
	{ "医药", BIT(IND_PHARMACEUTICAL) },
	{ "制药", BIT(IND_PHARMACEUTICAL) },
	{ "国际", BIT(IND_INTERNATIONAL) },
	{ "发展", BIT(IND_DEVELOPMENT) },
	{ "制造", BIT(IND_MANUFACTURING) },
	{ "设备", BIT(IND_EQUIPMENT) },
	{ "电气", BIT(IND_ELECTRIC) },
	{ "电器", BIT(IND_ELECTRIC) },
	{ "控股", BIT(IND_HOLDING) },
	{ "投资", BIT(IND_INVESTMENT) },
	{ "工程", BIT(IND_ENGINEERING) },
	{ "材料", BIT(IND_MATERIALS) },
	{ "能源", BIT(IND_ENERGY) },
	{ "塑料", BIT(IND_PLASTICS) },
	{ "塑胶", BIT(IND_PLASTICS) },
	{ "五金", BIT(IND_HARDWARE) },
	{ "服务", BIT(IND_SERVICES) },
	{ "工具", BIT(IND_TOOLS) },
	{ "照明", BIT(IND_LIGHTING) },
	{ "零部件", BIT(IND_PARTS) },
	{ "工艺品", BIT(IND_CRAFTS) },
	{ "自动化", BIT(IND_AUTOMATION) },
	{ "不锈钢", BIT(IND_STEEL) },
	{ "包装", BIT(IND_PACKAGING) },
	{ "精密", BIT(IND_PRECISION) },
	{ "家具", BIT(IND_FURNITURE) },
	{ "家居", BIT(IND_FURNITURE) },
	{ "医疗", BIT(IND_MEDICAL) },
	{ "器械", BIT(IND_INSTRUMENT) },
	{ "仪器", BIT(IND_INSTRUMENT) },
	{ "仪表", BIT(IND_INSTRUMENT) },
	{ "汽车", BIT(IND_AUTO) },
	{ "汽配", BIT(IND_AUTO) | BIT(IND_PARTS) },
	{ "配件", BIT(IND_PARTS) },
	{ "金属", BIT(IND_METAL) },
	{ "钢铁", BIT(IND_STEEL) },
	{ "陶瓷", BIT(IND_CERAMICS) },
	{ "玩具", BIT(IND_TOYS) },
	{ "印刷", BIT(IND_PRINTING) },
	{ "电池", BIT(IND_BATTERY) },
	{ "模具", BIT(IND_MOULD) },
	{ "环保", BIT(IND_ENVIRONMENTAL) },
	{ "智能", BIT(IND_INTELLIGENT) },
	{ "生物", BIT(IND_BIOTECH) },
	{ "光电", BIT(IND_OPTOELECTRONICS) },
	{ "通讯", BIT(IND_COMMUNICATION) },
	{ "通信", BIT(IND_COMMUNICATION) },
	{ "网络", BIT(IND_COMMUNICATION) },
	{ "软件", BIT(IND_SOFTWARE) },
	{ "信息", BIT(IND_INFORMATION) },
	{ "鞋业", BIT(IND_FOOTWEAR) },
	{ "皮革", BIT(IND_LEATHER) },
	{ "礼品", BIT(IND_CRAFTS) },
	{ "卫浴", BIT(IND_SANITARY) },
	{ "阀门", BIT(IND_VALVE) },
	{ "轴承", BIT(IND_BEARING) },
	{ "电机", BIT(IND_MOTOR) },
	{ "电缆", BIT(IND_CABLE) },
	{ "线缆", BIT(IND_CABLE) },
	{ "农业", BIT(IND_AGRICULTURE) },
	{ "光伏", BIT(IND_SOLAR) },
	{ "橡胶", BIT(IND_RUBBER) },
	{ "灯饰", BIT(IND_LIGHTING) },
};

/* The English words for them; phrases of several words first */
typedef struct LatinWord
{
	const char *words; /* one or more words, separated by one space */
	uint64_t industries;
} LatinWord;

static const LatinWord latin_industries[] = {
	{ "SCIENCE AND TECHNOLOGY", BIT(IND_TECHNOLOGY) },
	{ "SCIENCE TECHNOLOGY", BIT(IND_TECHNOLOGY) },
	{ "SCI TECH", BIT(IND_TECHNOLOGY) },
	{ "IMPORT AND EXPORT", BIT(IND_IMPORT_EXPORT) },
	{ "IMPORT EXPORT", BIT(IND_IMPORT_EXPORT) },
	{ "IMP AND EXP", BIT(IND_IMPORT_EXPORT) },
	{ "IMP EXP", BIT(IND_IMPORT_EXPORT) },
	{ "INDUSTRY AND TRADE", BIT(IND_INDUSTRIAL) | BIT(IND_TRADING) },
	{ "INDUSTRIAL AND TRADING", BIT(IND_INDUSTRIAL) | BIT(IND_TRADING) },
	{ "BUILDING MATERIALS", BIT(IND_BUILDING_MATERIALS) },
	{ "BUILDING MATERIAL", BIT(IND_BUILDING_MATERIALS) },
	{ "NEW MATERIALS", BIT(IND_NEW) | BIT(IND_MATERIALS) },
	{ "NEW MATERIAL", BIT(IND_NEW) | BIT(IND_MATERIALS) },
	{ "NEW ENERGY", BIT(IND_NEW) | BIT(IND_ENERGY) },
	{ "SUPPLY CHAIN", BIT(IND_SUPPLY_CHAIN) },
	{ "ELECTRICAL APPLIANCE", BIT(IND_ELECTRIC) },
	{ "ELECTRICAL APPLIANCES", BIT(IND_ELECTRIC) },
	{ "IMPEX", BIT(IND_IMPORT_EXPORT) },
	{ "MACHINERY", BIT(IND_MACHINERY) },
	{ "MACHINE", BIT(IND_MACHINERY) },
	{ "MACHINES", BIT(IND_MACHINERY) },
	{ "TRADING", BIT(IND_TRADING) },
	{ "TRADE", BIT(IND_TRADING) },
	{ "TECHNOLOGY", BIT(IND_TECHNOLOGY) },
	{ "TECHNOLOGIES", BIT(IND_TECHNOLOGY) },
	{ "TECH", BIT(IND_TECHNOLOGY) },
	{ "ELECTRONICS", BIT(IND_ELECTRONICS) },
	{ "ELECTRONIC", BIT(IND_ELECTRONICS) },
	{ "INDUSTRIAL", BIT(IND_INDUSTRIAL) },
	{ "INDUSTRY", BIT(IND_INDUSTRIAL) },
	{ "INDUSTRIES", BIT(IND_INDUSTRIAL) },
	{ "CHEMICAL", BIT(IND_CHEMICAL) },
	{ "CHEMICALS", BIT(IND_CHEMICAL) },
	{ "TEXTILE", BIT(IND_TEXTILE) },
	{ "TEXTILES", BIT(IND_TEXTILE) },
	{ "GARMENT", BIT(IND_GARMENT) },
	{ "GARMENTS", BIT(IND_GARMENT) },
	{ "APPAREL", BIT(IND_GARMENT) },
	{ "CLOTHING", BIT(IND_GARMENT) },
	{ "FOOD", BIT(IND_FOOD) },
	{ "FOODS", BIT(IND_FOOD) },
	{ "FOODSTUFF", BIT(IND_FOOD) },
	{ "FOODSTUFFS", BIT(IND_FOOD) },
	{ "LOGISTICS", BIT(IND_LOGISTICS) },
	{ "PHARMACEUTICAL", BIT(IND_PHARMACEUTICAL) },
	{ "PHARMACEUTICALS", BIT(IND_PHARMACEUTICAL) },
	{ "PHARMA", BIT(IND_PHARMACEUTICAL) },
	{ "INTERNATIONAL", BIT(IND_INTERNATIONAL) },
	{ "INTL", BIT(IND_INTERNATIONAL) },
	{ "DEVELOPMENT", BIT(IND_DEVELOPMENT) },
	{ "MANUFACTURING", BIT(IND_MANUFACTURING) },
	{ "MANUFACTURE", BIT(IND_MANUFACTURING) },
	{ "MFG", BIT(IND_MANUFACTURING) },
	{ "EQUIPMENT", BIT(IND_EQUIPMENT) },
	{ "ELECTRIC", BIT(IND_ELECTRIC) },
	{ "ELECTRICAL", BIT(IND_ELECTRIC) },
	{ "HOLDING", BIT(IND_HOLDING) },
	{ "HOLDINGS", BIT(IND_HOLDING) },
	{ "INVESTMENT", BIT(IND_INVESTMENT) },
	{ "ENGINEERING", BIT(IND_ENGINEERING) },
	{ "MATERIALS", BIT(IND_MATERIALS) },
	{ "MATERIAL", BIT(IND_MATERIALS) },
	{ "ENERGY", BIT(IND_ENERGY) },
	{ "PLASTIC", BIT(IND_PLASTICS) },
	{ "PLASTICS", BIT(IND_PLASTICS) },
	{ "HARDWARE", BIT(IND_HARDWARE) },
	{ "SERVICE", BIT(IND_SERVICES) },
	{ "SERVICES", BIT(IND_SERVICES) },
	{ "TOOLS", BIT(IND_TOOLS) },
	{ "TOOL", BIT(IND_TOOLS) },
	{ "LIGHTING", BIT(IND_LIGHTING) },
	{ "MEDICAL DEVICES", BIT(IND_MEDICAL) | BIT(IND_INSTRUMENT) },
	{ "MEDICAL DEVICE", BIT(IND_MEDICAL) | BIT(IND_INSTRUMENT) },
	{ "MEDICAL EQUIPMENT", BIT(IND_MEDICAL) | BIT(IND_INSTRUMENT) },
	{ "MEDICAL INSTRUMENTS", BIT(IND_MEDICAL) | BIT(IND_INSTRUMENT) },
	{ "AUTO PARTS", BIT(IND_AUTO) | BIT(IND_PARTS) },
	{ "AUTO PART", BIT(IND_AUTO) | BIT(IND_PARTS) },
	{ "STAINLESS STEEL", BIT(IND_STEEL) },
	{ "IRON AND STEEL", BIT(IND_STEEL) },
	{ "ARTS AND CRAFTS", BIT(IND_CRAFTS) },
	{ "SANITARY WARE", BIT(IND_SANITARY) },
	{ "WIRE AND CABLE", BIT(IND_CABLE) },
	{ "ENVIRONMENTAL PROTECTION", BIT(IND_ENVIRONMENTAL) },
	{ "PACKAGING", BIT(IND_PACKAGING) },
	{ "PACKING", BIT(IND_PACKAGING) },
	{ "PACKAGE", BIT(IND_PACKAGING) },
	{ "PRECISION", BIT(IND_PRECISION) },
	{ "FURNITURE", BIT(IND_FURNITURE) },
	{ "HOMEWARE", BIT(IND_FURNITURE) },
	{ "HOME", BIT(IND_FURNITURE) },
	{ "MEDICAL", BIT(IND_MEDICAL) },
	{ "INSTRUMENT", BIT(IND_INSTRUMENT) },
	{ "INSTRUMENTS", BIT(IND_INSTRUMENT) },
	{ "DEVICES", BIT(IND_INSTRUMENT) },
	{ "DEVICE", BIT(IND_INSTRUMENT) },
	{ "METER", BIT(IND_INSTRUMENT) },
	{ "AUTOMOTIVE", BIT(IND_AUTO) },
	{ "AUTOMOBILE", BIT(IND_AUTO) },
	{ "AUTO", BIT(IND_AUTO) },
	{ "PARTS", BIT(IND_PARTS) },
	{ "COMPONENTS", BIT(IND_PARTS) },
	{ "ACCESSORIES", BIT(IND_PARTS) },
	{ "METAL", BIT(IND_METAL) },
	{ "METALS", BIT(IND_METAL) },
	{ "STEEL", BIT(IND_STEEL) },
	{ "CERAMIC", BIT(IND_CERAMICS) },
	{ "CERAMICS", BIT(IND_CERAMICS) },
	{ "PORCELAIN", BIT(IND_CERAMICS) },
	{ "TOYS", BIT(IND_TOYS) },
	{ "TOY", BIT(IND_TOYS) },
	{ "PRINTING", BIT(IND_PRINTING) },
	{ "BATTERY", BIT(IND_BATTERY) },
	{ "BATTERIES", BIT(IND_BATTERY) },
	{ "MOULD", BIT(IND_MOULD) },
	{ "MOULDS", BIT(IND_MOULD) },
	{ "MOLD", BIT(IND_MOULD) },
	{ "MOLDS", BIT(IND_MOULD) },
	{ "ENVIRONMENTAL", BIT(IND_ENVIRONMENTAL) },
	{ "AUTOMATION", BIT(IND_AUTOMATION) },
	{ "INTELLIGENT", BIT(IND_INTELLIGENT) },
	{ "SMART", BIT(IND_INTELLIGENT) },
	{ "BIOTECH", BIT(IND_BIOTECH) },
	{ "BIOTECHNOLOGY", BIT(IND_BIOTECH) },
	{ "BIOLOGICAL", BIT(IND_BIOTECH) },
	{ "OPTOELECTRONICS", BIT(IND_OPTOELECTRONICS) },
	{ "OPTOELECTRONIC", BIT(IND_OPTOELECTRONICS) },
	{ "PHOTOELECTRIC", BIT(IND_OPTOELECTRONICS) },
	{ "COMMUNICATION", BIT(IND_COMMUNICATION) },
	{ "COMMUNICATIONS", BIT(IND_COMMUNICATION) },
	{ "TELECOM", BIT(IND_COMMUNICATION) },
	{ "NETWORK", BIT(IND_COMMUNICATION) },
	{ "SOFTWARE", BIT(IND_SOFTWARE) },
	{ "INFORMATION", BIT(IND_INFORMATION) },
	{ "FOOTWEAR", BIT(IND_FOOTWEAR) },
	{ "SHOES", BIT(IND_FOOTWEAR) },
	{ "LEATHER", BIT(IND_LEATHER) },
	{ "CRAFTS", BIT(IND_CRAFTS) },
	{ "HANDICRAFTS", BIT(IND_CRAFTS) },
	{ "GIFTS", BIT(IND_CRAFTS) },
	{ "GIFT", BIT(IND_CRAFTS) },
	{ "SANITARY", BIT(IND_SANITARY) },
	{ "BATHROOM", BIT(IND_SANITARY) },
	{ "VALVE", BIT(IND_VALVE) },
	{ "VALVES", BIT(IND_VALVE) },
	{ "BEARING", BIT(IND_BEARING) },
	{ "BEARINGS", BIT(IND_BEARING) },
	{ "MOTOR", BIT(IND_MOTOR) },
	{ "MOTORS", BIT(IND_MOTOR) },
	{ "CABLE", BIT(IND_CABLE) },
	{ "CABLES", BIT(IND_CABLE) },
	{ "AGRICULTURE", BIT(IND_AGRICULTURE) },
	{ "AGRICULTURAL", BIT(IND_AGRICULTURE) },
	{ "SOLAR", BIT(IND_SOLAR) },
	{ "PHOTOVOLTAIC", BIT(IND_SOLAR) },
	{ "RUBBER", BIT(IND_RUBBER) },
	/* the Chinese words in pinyin, as an official romanized name keeps
	 * them (SHANGHAI KAIDA SULIAO YOUXIAN GONGSI) */
	{ "JINCHUKOU", BIT(IND_IMPORT_EXPORT) },
	{ "GONGYINGLIAN", BIT(IND_SUPPLY_CHAIN) },
	{ "XINCAILIAO", BIT(IND_NEW) | BIT(IND_MATERIALS) },
	{ "XINNENGYUAN", BIT(IND_NEW) | BIT(IND_ENERGY) },
	{ "JIXIE", BIT(IND_MACHINERY) },
	{ "MAOYI", BIT(IND_TRADING) },
	{ "SHANGMAO", BIT(IND_TRADING) },
	{ "JINGMAO", BIT(IND_TRADING) },
	{ "GONGMAO", BIT(IND_INDUSTRIAL) | BIT(IND_TRADING) },
	{ "KEJI", BIT(IND_TECHNOLOGY) },
	{ "JISHU", BIT(IND_TECHNOLOGY) },
	{ "DIANZI", BIT(IND_ELECTRONICS) },
	{ "SHIYE", BIT(IND_INDUSTRIAL) },
	{ "GONGYE", BIT(IND_INDUSTRIAL) },
	{ "HUAGONG", BIT(IND_CHEMICAL) },
	{ "FANGZHI", BIT(IND_TEXTILE) },
	{ "FUSHI", BIT(IND_GARMENT) },
	{ "FUZHUANG", BIT(IND_GARMENT) },
	{ "SHIPIN", BIT(IND_FOOD) },
	{ "WULIU", BIT(IND_LOGISTICS) },
	{ "JIANCAI", BIT(IND_BUILDING_MATERIALS) },
	{ "YIYAO", BIT(IND_PHARMACEUTICAL) },
	{ "ZHIYAO", BIT(IND_PHARMACEUTICAL) },
	{ "GUOJI", BIT(IND_INTERNATIONAL) },
	{ "FAZHAN", BIT(IND_DEVELOPMENT) },
	{ "ZHIZAO", BIT(IND_MANUFACTURING) },
	{ "SHEBEI", BIT(IND_EQUIPMENT) },
	{ "DIANQI", BIT(IND_ELECTRIC) },
	{ "KONGGU", BIT(IND_HOLDING) },
	{ "TOUZI", BIT(IND_INVESTMENT) },
	{ "GONGCHENG", BIT(IND_ENGINEERING) },
	{ "CAILIAO", BIT(IND_MATERIALS) },
	{ "NENGYUAN", BIT(IND_ENERGY) },
	{ "SULIAO", BIT(IND_PLASTICS) },
	{ "SUJIAO", BIT(IND_PLASTICS) },
	{ "WUJIN", BIT(IND_HARDWARE) },
	{ "FUWU", BIT(IND_SERVICES) },
	{ "GONGJU", BIT(IND_TOOLS) },
	{ "ZHAOMING", BIT(IND_LIGHTING) },
	{ "LINGBUJIAN", BIT(IND_PARTS) },
	{ "GONGYIPIN", BIT(IND_CRAFTS) },
	{ "ZIDONGHUA", BIT(IND_AUTOMATION) },
	{ "BUXIUGANG", BIT(IND_STEEL) },
	{ "BAOZHUANG", BIT(IND_PACKAGING) },
	{ "JINGMI", BIT(IND_PRECISION) },
	{ "JIAJU", BIT(IND_FURNITURE) },
	{ "YILIAO", BIT(IND_MEDICAL) },
	{ "QIXIE", BIT(IND_INSTRUMENT) },
	{ "YIQI", BIT(IND_INSTRUMENT) },
	{ "YIBIAO", BIT(IND_INSTRUMENT) },
	{ "QICHE", BIT(IND_AUTO) },
	{ "QIPEI", BIT(IND_AUTO) | BIT(IND_PARTS) },
	{ "PEIJIAN", BIT(IND_PARTS) },
	{ "JINSHU", BIT(IND_METAL) },
	{ "GANGTIE", BIT(IND_STEEL) },
	{ "TAOCI", BIT(IND_CERAMICS) },
	{ "WANJU", BIT(IND_TOYS) },
	{ "YINSHUA", BIT(IND_PRINTING) },
	{ "DIANCHI", BIT(IND_BATTERY) },
	{ "MUJU", BIT(IND_MOULD) },
	{ "HUANBAO", BIT(IND_ENVIRONMENTAL) },
	{ "ZHINENG", BIT(IND_INTELLIGENT) },
	{ "SHENGWU", BIT(IND_BIOTECH) },
	{ "GUANGDIAN", BIT(IND_OPTOELECTRONICS) },
	{ "TONGXUN", BIT(IND_COMMUNICATION) },
	{ "TONGXIN", BIT(IND_COMMUNICATION) },
	{ "WANGLUO", BIT(IND_COMMUNICATION) },
	{ "RUANJIAN", BIT(IND_SOFTWARE) },
	{ "XINXI", BIT(IND_INFORMATION) },
	{ "XIEYE", BIT(IND_FOOTWEAR) },
	{ "PIGE", BIT(IND_LEATHER) },
	{ "LIPIN", BIT(IND_CRAFTS) },
	{ "WEIYU", BIT(IND_SANITARY) },
	{ "FAMEN", BIT(IND_VALVE) },
	{ "ZHOUCHENG", BIT(IND_BEARING) },
	{ "DIANJI", BIT(IND_MOTOR) },
	{ "DIANLAN", BIT(IND_CABLE) },
	{ "XIANLAN", BIT(IND_CABLE) },
	{ "NONGYE", BIT(IND_AGRICULTURE) },
	{ "GUANGFU", BIT(IND_SOLAR) },
	{ "XIANGJIAO", BIT(IND_RUBBER) },
	{ "DENGSHI", BIT(IND_LIGHTING) },
};

/* Words of legal forms and filler, left out of a Latin name */
static const char *const latin_fillers[] = {
	"CO",
	"LTD",
	"LIMITED",
	"COMPANY",
	"CORP",
	"CORPORATION",
	"INC",
	"GROUP",
	"JOINT",
	"STOCK",
	"SHARE",
	"SHARES",
	"AND",
	"OF",
	"THE",
	"BRANCH",
	"LLC",
	/* and in pinyin: 有限(责任)公司, 股份, 集团, 分公司 */
	"YOUXIAN",
	"ZEREN",
	"GONGSI",
	"GUFEN",
	"JITUAN",
	"FEN",
};

/* Whether a word is a proper beginning, two letters or more, of a filler
 * or industry word: a name the bank cut in the middle of its last word
 * (YOUXIAN GONGS, CO LT, TEXTILE GRO) */
static bool
cut_form(const uint32_t *word, size_t len)
{
	size_t k;
	size_t j;

	if (len < 2)
		return false;
	for (k = 0; k < sizeof(latin_fillers) / sizeof(latin_fillers[0]); k++)
	{
		const char *f = latin_fillers[k];

		for (j = 0; j < len && f[j] != '\0' && word[j] == (unsigned char) f[j];
			 j++)
			;
		if (j == len && f[j] != '\0')
			return true;
	}
	for (k = 0; k < sizeof(latin_industries) / sizeof(latin_industries[0]);
		 k++)
	{
		const char *f = latin_industries[k].words;

		for (j = 0; j < len && f[j] != '\0' && f[j] != ' ' &&
					word[j] == (unsigned char) f[j];
			 j++)
			;
		if (j == len && f[j] != '\0' && f[j] != ' ')
			return true;
	}
	return false;
}

/* Whether two words are one filler a line break split (LI MITED) */
static bool
split_filler(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	size_t k;
	size_t j;

	for (k = 0; k < sizeof(latin_fillers) / sizeof(latin_fillers[0]); k++)
	{
		const char *f = latin_fillers[k];

		if (strlen(f) != alen + blen)
			continue;
		for (j = 0; j < alen && a[j] == (unsigned char) f[j]; j++)
			;
		if (j < alen)
			continue;
		for (j = 0; j < blen && b[j] == (unsigned char) f[alen + j]; j++)
			;
		if (j == blen)
			return true;
	}
	return false;
}

/* Legal forms and what they stand for in the other script */
typedef struct FormEquivalent
{
	const char *form;
	const char *equivalents;
} FormEquivalent;

static const FormEquivalent form_equivalents[] = {
	{ "有限公司", "CO LTD LIMITED COMPANY" },
	{ "有限责任公司", "CO LTD LIMITED COMPANY LLC" },
	{ "有限責任公司", "CO LTD LIMITED COMPANY LLC" },
	{ "股份有限公司", "CO LTD LIMITED COMPANY CORP CORPORATION" },
	{ "公司", "CO COMPANY CORP CORPORATION" },
	{ "分公司", "CO COMPANY" },
	{ "LTD", "有限公司" },
	{ "LIMITED", "有限公司" },
	{ "LLC", "有限责任公司" },
	{ "CO", "公司" },
	{ "COMPANY", "公司" },
	{ "CORP", "股份有限公司 公司" },
	{ "CORPORATION", "股份有限公司 公司" },
};

/* What a legal form stands for in the other script; see pinyin_name.h */
const char *
pinyin_form_equivalents(const char *form, size_t len)
{
	size_t k;

	for (k = 0; k < sizeof(form_equivalents) / sizeof(form_equivalents[0]);
		 k++)
		if (strlen(form_equivalents[k].form) == len &&
			memcmp(form_equivalents[k].form, form, len) == 0)
			return form_equivalents[k].equivalents;
	return "";
}

/* Length in code points of the UTF-8 word w if s (at i, of len) starts with
 * it; 0 otherwise */
static size_t
han_at(const uint32_t *s, size_t len, size_t i, const char *w)
{
	const unsigned char *p = (const unsigned char *) w;
	size_t wl = strlen(w);
	size_t b = 0;
	size_t n = 0;

	while (b < wl)
	{
		uint32_t c;
		int step = text_utf8_decode(p + b, wl - b, &c);

		if (step == 0 || i + n >= len || s[i + n] != c)
			return 0;
		b += step;
		n++;
	}
	return n;
}

/* Code points of the UTF-8 word w, if s[0, len) ends with it; 0 otherwise */
static size_t
han_ends(const uint32_t *s, size_t len, const char *w)
{
	size_t n = 0;
	size_t b;

	for (b = 0; w[b] != '\0'; b++)
		n += ((unsigned char) w[b] & 0xC0) != 0x80;
	if (n > len)
		return 0;
	return han_at(s, len, len - n, w) == n ? n : 0;
}

/* Append the ASCII letters of text, upper case, v as u, to out */
static void
append_ascii(uint32_t *out, size_t *len, size_t cap, const char *text)
{
	size_t i;

	for (i = 0; text[i] != '\0' && *len < cap; i++)
	{
		uint32_t c = (unsigned char) text[i];

		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		out[(*len)++] = c == 'V' ? 'U' : c;
	}
}

/* The place a run of ideographs starts with (with its suffix): its length
 * in code points, 0 if none */
static size_t
place_at(const uint32_t *s, size_t len, const Place **place)
{
	size_t k;

	for (k = 0; k < sizeof(places) / sizeof(places[0]); k++)
	{
		size_t n = han_at(s, len, 0, places[k].han);
		size_t j;

		if (n == 0)
			continue;
		for (j = 0; j < sizeof(place_suffixes) / sizeof(place_suffixes[0]);
			 j++)
		{
			size_t m = han_at(s, len, n, place_suffixes[j]);

			if (m > 0)
			{
				n += m;
				break;
			}
		}
		*place = &places[k];
		return n;
	}
	return 0;
}

/* Pinyin of the ideographs s[0, len) into out */
static void
spell(const uint32_t *s, size_t len, uint32_t *out, size_t *out_len,
	  size_t cap)
{
	size_t i;

	*out_len = 0;
	for (i = 0; i < len; i++)
	{
		const char *syllable = pinyin_of(s[i]);

		if (syllable != NULL)
			append_ascii(out, out_len, cap, syllable);
	}
}

/* Read a normalized name as a Chinese one; see pinyin_name.h */
bool
pinyin_name_read(const uint32_t *s, size_t len, PinyinName *out)
{
	uint32_t han[PINYIN_NAME_MAX];
	size_t nhan = 0;
	uint32_t digits[PINYIN_DIGITS_MAX];
	size_t ndigits = 0;
	size_t word_start = 0;
	size_t first_word_end = 0;
	bool first_word = true;
	bool readable = false;
	const Place *place = NULL;
	size_t place_start = 0;
	size_t place_len = 0;
	size_t body_start;
	size_t body_end;
	size_t i;

	out->place_len = 0;
	out->place_alias = NULL;
	out->brand_len = 0;
	out->ndigits = 0;
	out->industries = 0;
	/* the ideographs and digits, one after another; a place is the first
	 * word's start, or a word of its own */
	for (i = 0; i <= len; i++)
	{
		if (i == len || s[i] == ' ')
		{
			if (nhan > word_start)
			{
				const Place *p = NULL;
				size_t n = place_at(han + word_start, nhan - word_start, &p);

				if (first_word)
					first_word_end = nhan;
				if (n == nhan - word_start && place == NULL && !first_word)
				{
					place = p;
					place_start = word_start;
					place_len = n;
				}
				first_word = false;
			}
			word_start = nhan;
			continue;
		}
		if (s[i] >= '0' && s[i] <= '9')
		{
			/* a number: after the brand, wherever it stands */
			if (ndigits < PINYIN_DIGITS_MAX)
				digits[ndigits++] = s[i];
			continue;
		}
		if (pinyin_of(s[i]) != NULL)
			readable = true;
		else if (!text_is_cjk(s[i]) || (s[i] >= 0x3040 && s[i] <= 0x30FF))
			return false; /* not Chinese: Latin letters, kana */
		if (nhan < PINYIN_NAME_MAX)
			han[nhan++] = s[i];
	}
	if (!readable)
		return false;
	if (place == NULL)
	{
		size_t n = place_at(han, first_word_end, &place);

		if (n > 0 && n < nhan)
		{
			place_start = 0;
			place_len = n;
		}
		else
			place = NULL;
	}
	/* the industry words at the end, longest first, while a brand is left */
	body_start = place != NULL && place_start == 0 ? place_len : 0;
	body_end = nhan;
	if (place != NULL && place_start > 0)
	{
		/* a place standing alone after the name: cut it out */
		memmove(han + place_start, han + place_start + place_len,
				(nhan - place_start - place_len) * sizeof(uint32_t));
		body_end = nhan - place_len;
	}
	for (;;)
	{
		size_t k;
		size_t best = 0;
		uint64_t bits = 0;

		for (k = 0; k < sizeof(han_industries) / sizeof(han_industries[0]);
			 k++)
		{
			size_t n = han_ends(han + body_start, body_end - body_start,
								han_industries[k].han);

			if (n > best)
			{
				best = n;
				bits = han_industries[k].industries;
			}
		}
		if (best == 0 || (best == body_end - body_start && place == NULL))
			break; /* a brand is left, or the place is one */
		out->industries |= bits;
		body_end -= best;
	}
	if (place != NULL)
	{
		uint32_t pc[8];
		size_t pn = 0;
		const unsigned char *p = (const unsigned char *) place->han;
		size_t b = 0;
		size_t pl = strlen(place->han);

		while (b < pl && pn < 8)
		{
			int step = text_utf8_decode(p + b, pl - b, &pc[pn]);

			b += step;
			pn++;
		}
		spell(pc, pn, out->place, &out->place_len, PINYIN_NAME_MAX);
		out->place_alias = place->alias;
	}
	else if (body_end - body_start >= 4)
	{
		/* no place known: the first two of four or more ideographs may be
		 * one (a county, a district), left out by some payers */
		spell(han + body_start, 2, out->place, &out->place_len,
			  PINYIN_NAME_MAX);
		body_start += 2;
	}
	spell(han + body_start, body_end - body_start, out->brand, &out->brand_len,
		  PINYIN_NAME_MAX);
	if (out->brand_len == 0)
	{
		/* a place and industry words (杭州机械): the place is the brand */
		memcpy(out->brand, out->place, out->place_len * sizeof(uint32_t));
		out->brand_len = out->place_len;
		out->place_len = 0;
		out->place_alias = NULL;
	}
	memcpy(out->digits, digits, ndigits * sizeof(uint32_t));
	out->ndigits = ndigits;
	return true;
}

/* Append n code points (ASCII) and a space to out */
static size_t
put_word(char *out, size_t o, const uint32_t *w, size_t n)
{
	size_t i;

	if (n == 0)
		return o;
	for (i = 0; i < n; i++)
		out[o++] = (char) w[i];
	out[o++] = ' ';
	return o;
}

/* The words a Chinese name is found by; see pinyin_name.h */
size_t
pinyin_name_tokens(const uint32_t *s, size_t len, const PinyinName *name,
				   char *out)
{
	uint32_t word[PINYIN_NAME_MAX];
	size_t o = 0;
	size_t i;

	/* each syllable: at most 6 letters and a space for each of 64 */
	for (i = 0; i < len && o + 8 <= 7 * PINYIN_NAME_MAX / 2; i++)
	{
		const char *syllable = pinyin_of(s[i]);
		size_t n = 0;

		if (syllable == NULL)
			continue;
		append_ascii(word, &n, PINYIN_NAME_MAX, syllable);
		o = put_word(out, o, word, n);
	}
	o = put_word(out, o, name->place, name->place_len);
	o = put_word(out, o, name->brand, name->brand_len);
	if (name->place_len > 0 && name->brand_len > 0)
	{
		/* the place and the brand as one word */
		o = put_word(out, o, name->place, name->place_len) - 1;
		o = put_word(out, o, name->brand, name->brand_len);
	}
	if (name->place_len > 0)
	{
		if (name->place_alias != NULL)
		{
			size_t k = strlen(name->place_alias);

			memcpy(out + o, name->place_alias, k);
			o += k + 1;
			out[o - 1] = ' ';
		}
	}
	return o > 0 ? o - 1 : 0;
}

/* True if the words from word i on (of n) spell the phrase; *used gets
 * how many words it takes */
static bool
phrase_at(const uint32_t *const *words, const size_t *lens, int n, int i,
		  const char *phrase, int *used)
{
	int w = i;
	size_t k = 0;

	while (phrase[k] != '\0')
	{
		size_t m = 0;

		if (w >= n)
			return false;
		while (phrase[k + m] != '\0' && phrase[k + m] != ' ')
			m++;
		if (lens[w] != m)
			return false;
		for (size_t j = 0; j < m; j++)
			if (words[w][j] != (unsigned char) phrase[k + j])
				return false;
		k += m;
		if (phrase[k] == ' ')
			k++;
		w++;
	}
	*used = w - i;
	return true;
}

/* True if the word is all digits */
static bool
number(const uint32_t *w, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (w[i] < '0' || w[i] > '9')
			return false;
	return true;
}

/* Read a normalized name as one in Latin letters; see pinyin_name.h */
bool
pinyin_latin_read(const uint32_t *s, size_t len, PinyinLatin *out)
{
	const uint32_t *words[4 * PINYIN_WORDS_MAX];
	size_t lens[4 * PINYIN_WORDS_MAX];
	int n = 0;
	bool letters = false;
	bool after_form = false;
	size_t at = 0;
	size_t i = 0;
	int w;

	out->nwords = 0;
	out->ndigits = 0;
	out->industries = 0;
	out->start[0] = 0;
	while (i < len)
	{
		size_t start;

		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && s[i] != ' ')
		{
			if (text_is_cjk(s[i]))
				return false;
			if (!(s[i] >= '0' && s[i] <= '9'))
				letters = true;
			i++;
		}
		if (n < 4 * PINYIN_WORDS_MAX)
		{
			words[n] = s + start;
			lens[n] = i - start;
			n++;
		}
	}
	if (!letters)
		return false;
	for (w = 0; w < n;)
	{
		int used = 0;
		size_t k;
		bool filler = false;

		for (k = 0; k < sizeof(latin_industries) / sizeof(latin_industries[0]);
			 k++)
			if (phrase_at(words, lens, n, w, latin_industries[k].words, &used))
			{
				out->industries |= latin_industries[k].industries;
				break;
			}
		if (used > 0)
		{
			w += used;
			after_form = true;
			continue;
		}
		for (k = 0; k < sizeof(latin_fillers) / sizeof(latin_fillers[0]); k++)
			if (phrase_at(words, lens, n, w, latin_fillers[k], &used))
				filler = true;
		if (!filler && w + 1 < n &&
			split_filler(words[w], lens[w], words[w + 1], lens[w + 1]))
		{
			w += 2;
			after_form = true;
			continue;
		}
		/* the last word cut short, after a legal form or industry word */
		if (!filler && w == n - 1 && after_form && cut_form(words[w], lens[w]))
			filler = true;
		after_form = filler;
		if (!filler && number(words[w], lens[w]))
		{
			for (k = 0; k < lens[w] && out->ndigits < PINYIN_DIGITS_MAX; k++)
				out->digits[out->ndigits++] = words[w][k];
		}
		else if (!filler && out->nwords < PINYIN_WORDS_MAX)
		{
			for (k = 0;
				 k < lens[w] && at < sizeof(out->text) / sizeof(uint32_t); k++)
				out->text[at++] = words[w][k] == 'V' ? 'U' : words[w][k];
			out->start[++out->nwords] = at;
		}
		w++;
	}
	return true;
}

/*
 * Two spellings of a brand: the mean of their Jaro-Winkler and of one less
 * their edit distance share, so that a brand of other syllables sharing
 * letters (HUAQIANG, RUIFENG) scores low and a typo still high
 */
static double
spelling_similarity(const uint32_t *a, size_t alen, const uint32_t *b,
					size_t blen)
{
	size_t longest = alen > blen ? alen : blen;
	int distance;

	if (longest == 0)
		return 0.0;
	distance = sim_damerau_levenshtein(a, alen, b, blen, (int) longest);
	if (distance < 0 || (size_t) distance > longest)
		distance = (int) longest;
	return 0.5 * sim_jaro_winkler(a, alen, b, blen) +
		   0.5 * (1.0 - (double) distance / (double) longest);
}

/* Count of bits set */
static int
bits(uint64_t x)
{
	int n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

/* True if the words [i, j) of the Latin name spell the letters of p */
static bool
words_spell(const PinyinLatin *latin, int i, int j, const uint32_t *p,
			size_t plen)
{
	size_t from = latin->start[i];
	size_t to = latin->start[j];

	return to - from == plen &&
		   memcmp(latin->text + from, p, plen * sizeof(uint32_t)) == 0;
}

/* The run of words [*i, *j) that spells the place (or its English name) */
static bool
find_place(const PinyinLatin *latin, const PinyinName *chinese, int *i, int *j)
{
	uint32_t alias[16];
	size_t alias_len = 0;
	int a;
	int b;

	if (chinese->place_alias != NULL)
		append_ascii(alias, &alias_len, 16, chinese->place_alias);
	for (a = 0; a < latin->nwords; a++)
		for (b = a + 1; b <= latin->nwords; b++)
		{
			size_t spelled = latin->start[b] - latin->start[a];

			if (spelled > chinese->place_len && spelled > alias_len)
				break;
			if (words_spell(latin, a, b, chinese->place, chinese->place_len) ||
				(alias_len > 0 && words_spell(latin, a, b, alias, alias_len)))
			{
				*i = a;
				*j = b;
				return true;
			}
		}
	return false;
}

/* Similarity of a Chinese name and one in Latin letters */
double
pinyin_similarity(const PinyinName *chinese, const PinyinLatin *latin)
{
	uint32_t rest[sizeof(latin->text) / sizeof(uint32_t)];
	size_t rest_len = 0;
	double name;
	double score;
	int pi = 0;
	int pj = 0;
	size_t all = latin->start[latin->nwords];

	if (chinese->brand_len == 0 || latin->nwords == 0)
		return 0.0;
	if (chinese->place_len > 0 && find_place(latin, chinese, &pi, &pj) &&
		latin->start[pj] - latin->start[pi] < all)
	{
		/* the payer wrote the place, wherever: compare the rest */
		memcpy(rest, latin->text, latin->start[pi] * sizeof(uint32_t));
		rest_len = latin->start[pi];
		memcpy(rest + rest_len, latin->text + latin->start[pj],
			   (all - latin->start[pj]) * sizeof(uint32_t));
		rest_len += all - latin->start[pj];
		name = spelling_similarity(rest, rest_len, chinese->brand,
								   chinese->brand_len);
	}
	else
	{
		name = spelling_similarity(latin->text, all, chinese->brand,
								   chinese->brand_len);
		if (chinese->place_len > 0)
		{
			/* a place spelled otherwise, or misspelt: place and brand */
			uint32_t both[2 * PINYIN_NAME_MAX];
			double s;

			memcpy(both, chinese->place,
				   chinese->place_len * sizeof(uint32_t));
			memcpy(both + chinese->place_len, chinese->brand,
				   chinese->brand_len * sizeof(uint32_t));
			s = spelling_similarity(latin->text, all, both,
									chinese->place_len + chinese->brand_len);
			if (s > name)
				name = s;
		}
	}
	if (chinese->industries != 0 && latin->industries != 0)
	{
		double dice = 2.0 * bits(chinese->industries & latin->industries) /
					  (bits(chinese->industries) + bits(latin->industries));

		score = (1.0 - INDUSTRY_WEIGHT) * name + INDUSTRY_WEIGHT * dice;
	}
	else if (chinese->industries != 0 || latin->industries != 0)
		score = ONE_SIDED_INDUSTRY * name;
	else
		score = name;
	if (chinese->ndigits != latin->ndigits ||
		memcmp(chinese->digits, latin->digits,
			   chinese->ndigits * sizeof(uint32_t)) != 0)
		score *= OTHER_NUMBER; /* group companies told apart by a number */
	return score;
}

/* True if s holds a Han ideograph or kana */
static bool
has_cjk(const uint32_t *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] >= 0x3000 && text_is_cjk(s[i]))
			return true;
	return false;
}

/* The similarity of a Chinese name and one in Latin letters, either way */
bool
pinyin_cross_script(const uint32_t *a, size_t alen, const uint32_t *b,
					size_t blen, double *score)
{
	PinyinName chinese;
	PinyinLatin latin;
	bool cjk_a = has_cjk(a, alen);

	if (cjk_a == has_cjk(b, blen))
		return false;
	if (pinyin_name_read(a, alen, &chinese) &&
		pinyin_latin_read(b, blen, &latin))
	{
		*score = pinyin_similarity(&chinese, &latin);
		return true;
	}
	if (pinyin_name_read(b, blen, &chinese) &&
		pinyin_latin_read(a, alen, &latin))
	{
		*score = pinyin_similarity(&chinese, &latin);
		return true;
	}
	return false;
}
