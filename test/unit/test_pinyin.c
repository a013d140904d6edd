/*
 * test_pinyin.c
 *		Unit tests for Han to pinyin (core/pinyin.c) and Chinese names
 *		against names in Latin letters (core/pinyin_name.c, and the pinyin
 *		routes of core/name_index.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/name_index.h"
#include "core/pinyin.h"
#include "core/pinyin_name.h"
#include "core/similarity.h"

/* The transliteration of a string, in a static buffer */
static const char *
pinyin(const char *s)
{
	static char out[PINYIN_OUT_MAX(256)];
	size_t len = strlen(s);
	size_t out_len;
	size_t bad;

	assert_true(len <= 256);
	assert_int_equal(pinyin_transliterate(s, len, out, &out_len, &bad),
					 TEXT_OK);
	assert_true(out_len <= PINYIN_OUT_MAX(len));
	out[out_len] = '\0';
	return out;
}

/* name_similarity of two names (normalized first) */
static double
name(const char *a, const char *b)
{
	double s;
	double t;
	SimError err;

	assert_int_equal(sim_name_utf8(a, strlen(a), b, strlen(b), &s, &err),
					 SIM_OK);
	assert_int_equal(sim_name_utf8(b, strlen(b), a, strlen(a), &t, &err),
					 SIM_OK);
	assert_true(s == t); /* symmetric */
	assert_true(s >= 0.0 && s <= 1.0);
	return s;
}

/* Syllables: first kMandarin reading, no tones, u-umlaut as v */
static void
test_syllables(void **state)
{
	(void) state;
	assert_string_equal(pinyin_of(0x676D), "hang"); /* 杭 */
	assert_string_equal(pinyin_of(0x5415), "lv");   /* 吕 */
	assert_string_equal(pinyin_of(0x7565), "lve");  /* 略 */
	assert_string_equal(pinyin_of(0x5973), "nv");   /* 女 */
	assert_string_equal(pinyin_of(0x4E2D), "zhong");
	assert_string_equal(pinyin_of(0x3400), "qiu"); /* extension A */
	assert_null(pinyin_of('A'));
	assert_null(pinyin_of(0x30A2));  /* katakana */
	assert_null(pinyin_of(0x20000)); /* extension B: not in the table */
	assert_null(pinyin_of(0x110000));
}

/* Whole text: syllables spaced, everything else kept */
static void
test_transliterate(void **state)
{
	char out[PINYIN_OUT_MAX(8)];
	size_t out_len;
	size_t bad = 99;

	(void) state;
	assert_string_equal(pinyin("杭州瑞丰机械有限公司"),
						"hang zhou rui feng ji xie you xian gong si");
	assert_string_equal(pinyin("西安"), "xi an");
	assert_string_equal(pinyin("ABC杭州"), "ABC hang zhou");
	assert_string_equal(pinyin("杭州 ABC"), "hang zhou ABC");
	assert_string_equal(pinyin("(瑞丰)2"), "( rui feng )2");
	assert_string_equal(pinyin("Müller"), "Müller");
	assert_string_equal(pinyin("タワー上海"), "タワー shang hai");
	assert_string_equal(pinyin(""), "");
	/* not UTF-8: the offset of the first bad byte */
	assert_int_equal(pinyin_transliterate("\xe6\x9d", 2, out, &out_len, &bad),
					 TEXT_INVALID_UTF8);
	assert_int_equal(bad, 0);
	assert_int_equal(pinyin_transliterate("AB\xff", 3, out, &out_len, &bad),
					 TEXT_INVALID_UTF8);
	assert_int_equal(bad, 2);
}

/* Every code point of the table's range: a syllable of letters or none */
static void
test_table(void **state)
{
	uint32_t cp;
	int readings = 0;

	(void) state;
	for (cp = 0x3400; cp <= 0x9FFF; cp++)
	{
		const char *s = pinyin_of(cp);
		size_t i;

		if (s == NULL)
			continue;
		readings++;
		assert_true(strlen(s) >= 1 && strlen(s) <= PINYIN_SYLLABLE_MAX);
		for (i = 0; s[i] != '\0'; i++)
			assert_true(s[i] >= 'a' && s[i] <= 'z');
	}
	assert_true(readings > 25000); /* 25,690 in Unicode 15.0 */
	for (int k = 1; k < pinyin_sparse_count; k++)
		assert_true(pinyin_sparse[k - 1].cp < pinyin_sparse[k].cp);
}

/* A payer writing the Chinese name in pinyin */
static void
test_pinyin_names(void **state)
{
	const char *c = "杭州瑞丰机械有限公司";

	(void) state;
	assert_true(name("HANGZHOU RUIFENG MACHINERY CO LTD", c) == 1.0);
	/* city left out, at the end, in brackets */
	assert_true(name("RUIFENG MACHINERY CO LTD", c) == 1.0);
	assert_true(name("RUIFENG MACHINERY (HANGZHOU) CO LTD", c) == 1.0);
	/* spaces between syllables, hyphens, tones, joined city and brand */
	assert_true(name("HANG ZHOU RUI FENG MACHINERY CO., LTD.", c) == 1.0);
	assert_true(name("Hang-zhou Ruìfēng Machinery Co Ltd", c) == 1.0);
	assert_true(name("HANGZHOURUIFENG MACHINERY", c) == 1.0);
	/* a typo in the brand still sure */
	assert_true(name("HANGZHOU RUIFEN MACHINERY CO LTD", c) >= 0.92);
	/* another brand, same city and industry: clearly lower */
	assert_true(name("HANGZHOU HUAQIANG MACHINERY CO LTD", c) < 0.75);
	assert_true(name("HUAQIANG MACHINERY CO LTD", c) < 0.75);
	/* the industry left out, or another */
	assert_true(name("HANGZHOU RUIFENG CO LTD", c) >= 0.85);
	assert_true(name("HANGZHOU RUIFENG TRADING CO LTD", c) < 0.92);
	/* apostrophes, v for u-umlaut, English industry phrases */
	assert_true(name("XI'AN LVCHENG SCIENCE AND TECHNOLOGY CO LTD",
					 "西安绿城科技有限公司") == 1.0);
	assert_true(name("XIAN LUCHENG TECH CO LTD", "西安绿城科技有限公司") ==
				1.0);
	assert_true(name("ZHEJIANG RUIFENG IMP AND EXP CO LTD",
					 "浙江瑞丰进出口有限公司") == 1.0);
	assert_true(name("NINGBO HUAQIANG IMPORT AND EXPORT CO LTD",
					 "宁波华强进出口有限公司") == 1.0);
	/* legal forms: joint stock, group */
	assert_true(name("HUAQIANG ELECTRONICS JOINT STOCK CO LTD",
					 "华强电子股份有限公司") == 1.0);
	assert_true(
		name("DONGFANG TRADING GROUP CO LTD", "东方贸易集团有限公司") == 1.0);
	/* a place not in the list: the first two of four ideographs may be
	 * left out; a name of a place and an industry */
	assert_true(name("RUIFENG MACHINERY", "临海瑞丰机械有限公司") == 1.0);
	assert_true(name("LINHAI RUIFENG MACHINERY", "临海瑞丰机械有限公司") ==
				1.0);
	assert_true(name("ALIBABA", "阿里巴巴") == 1.0);
	assert_true(name("LINHAI HUAQIANG MACHINERY", "临海瑞丰机械有限公司") <
				0.75);
	assert_true(name("HANGZHOU MACHINERY", "杭州机械") == 1.0);
	/* the place's English name */
	assert_true(name("CHINA HAITIAN FOODS", "中国海天食品有限公司") == 1.0);
	/* group companies told apart by a number */
	assert_true(name("RUIFENG MACHINERY 2", "瑞丰机械有限公司2") == 1.0);
	assert_true(name("RUIFENG MACHINERY", "瑞丰机械有限公司2") < 0.92);
	/* a Chinese payer, a customer in Latin letters: the same either way */
	assert_true(name("杭州瑞丰机械", "Hangzhou Ruifeng Machinery Co., Ltd.") ==
				1.0);
	/* the whole name in pinyin, industry and legal form too; cut by the
	 * bank inside its last word; a word split by a line break */
	assert_true(name("SHANGHAI KAIDA SULIAO YOUXIAN GONGSI",
					 "上海凯达塑料有限公司") == 1.0);
	assert_true(name("SHANGHAI KAIDA SULIAO YOUXIAN GONGS",
					 "上海凯达塑料有限公司") == 1.0);
	assert_true(name("CHANGZHOU SHENGDA JIXIE JITUAN YOUX",
					 "常州盛达机械集团有限公司") == 1.0);
	assert_true(name("HENGTONG TEXTILE (TIANJIN) GROUP LI MITED",
					 "天津恒通纺织集团有限公司") == 1.0);
	assert_true(name("SHANGHAI HUADA SULIAO YOUXIAN GONGSI",
					 "上海凯达塑料有限公司") < 0.75);
	/* a last word cut after the brand is no legal form (HUA is a brand's,
	 * though HUAGONG is an industry) */
	assert_true(name("BEIJING ZHONG HUA", "北京中华有限公司") == 1.0);
	/* the industries of exporters' names: precision, packaging,
	 * furniture, medical devices, auto parts; another industry is
	 * another company */
	assert_true(name("HUAYU PRECISION (SUZHOU)", "苏州华宇精密有限公司") ==
				1.0);
	assert_true(name("YIWU MEIJIA PACKAGING CO", "义乌美佳包装有限公司") ==
				1.0);
	assert_true(name("TIANJIN WANTONG FURNITURE", "天津万通家具有限公司") ==
				1.0);
	assert_true(name("FOSHAN SHENGDA MEDICAL DEVICES CO LTD",
					 "佛山盛达医疗器械有限公司") == 1.0);
	assert_true(name("NINGBO HENGDA AUTO PARTS", "宁波恒达汽车配件有限公司") ==
				1.0);
	assert_true(name("SUZHOU HUAYU PACKAGING", "苏州华宇精密有限公司") < 0.8);
	/* cities whose official spelling is not the first reading */
	assert_true(name("XIAMEN HUAYU TRADING", "厦门华宇贸易有限公司") == 1.0);
	assert_true(name("CHONGQING HUAYU TRADING", "重庆华宇贸易有限公司") ==
				1.0);
	/* nothing in common */
	assert_true(name("ACME TRADING", c) < 0.5);
	assert_true(name("タワー", "TOWER") == 0.0);
	assert_true(name("1234", c) == 0.0);
}

/* Reading a Chinese name: place, brand, industries */
static void
test_read(void **state)
{
	uint32_t s[16];
	PinyinName n;
	char tokens[PINYIN_TOKENS_MAX + 1];
	size_t len;
	/* 杭州瑞丰机械 */
	const uint32_t name_cp[] = {
		0x676D, 0x5DDE, 0x745E, 0x4E30, 0x673A, 0x68B0
	};

	(void) state;
	memcpy(s, name_cp, sizeof(name_cp));
	assert_true(pinyin_name_read(s, 6, &n));
	assert_int_equal(n.place_len, 8); /* HANGZHOU */
	assert_int_equal(n.brand_len, 7); /* RUIFENG */
	len = pinyin_name_tokens(s, 6, &n, tokens);
	tokens[len] = '\0';
	assert_string_equal(tokens, "HANG ZHOU RUI FENG JI XIE HANGZHOU RUIFENG "
								"HANGZHOURUIFENG");
	/* Latin letters are not a Chinese name */
	s[2] = 'A';
	assert_false(pinyin_name_read(s, 6, &n));
}

/* The index finds a Chinese name for a payer in pinyin, and back */
static void
test_index(void **state)
{
	static const char *const names[] = {
		"杭州瑞丰机械",              /* 0 */
		"杭州华强机械",              /* 1 */
		"ATLAS TRADING",             /* 2 */
		"SHANGHAI YUANHANG TRADING", /* 3 */
		"瑞丰",                      /* 4 */
	};
	size_t lens[5];
	NameIndex *index;
	NameHit hits[8];
	int n;
	int i;

	(void) state;
	for (i = 0; i < 5; i++)
		lens[i] = strlen(names[i]);
	index = name_index_build(names, lens, 5);
	assert_non_null(index);
	n = name_index_lookup(index, "HANGZHOU RUIFENG MACHINERY", 26, 8, hits);
	assert_true(n >= 1);
	assert_int_equal(hits[0].name, 0);
	assert_true(hits[0].similarity == 1.0);
	/* spaced syllables, the city at the end, industry words the index
	 * does not hold */
	n = name_index_lookup(index, "RUI FENG SCIENCE AND TECHNOLOGY HANGZHOU",
						  40, 8, hits);
	assert_true(n >= 1);
	assert_int_equal(hits[0].name, 0);
	/* the decoy brand finds its own name first */
	n = name_index_lookup(index, "HANGZHOU HUAQIANG MACHINERY", 27, 8, hits);
	assert_true(n >= 1);
	assert_int_equal(hits[0].name, 1);
	for (i = 0; i < n; i++)
		if (hits[i].name == 0)
			assert_true(hits[i].similarity < 0.75);
	/* a Chinese payer finds the name in Latin letters */
	n = name_index_lookup(index, "上海远航贸易", strlen("上海远航贸易"), 8,
						  hits);
	assert_true(n >= 1);
	assert_int_equal(hits[0].name, 3);
	/* Latin names are not found through pinyin of another word */
	n = name_index_lookup(index, "ATLAS TRADING", 13, 8, hits);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].name, 2);
	name_index_free(index);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syllables), cmocka_unit_test(test_transliterate),
		cmocka_unit_test(test_table),     cmocka_unit_test(test_pinyin_names),
		cmocka_unit_test(test_read),      cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
