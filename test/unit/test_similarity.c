/*
 * test_similarity.c
 *		Unit tests for the string similarities (core/similarity.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/similarity.h"
#include "core/text_normalize.h"

/* Longest test string, in code points */
#define MAX_TEST 600

/* Decode a UTF-8 C string into code points */
static size_t
decode(const char *s, uint32_t *out)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t len = strlen(s);
	size_t i = 0;
	size_t n = 0;

	while (i < len)
	{
		int bytes = text_utf8_decode(p + i, len - i, &out[n]);

		assert_true(bytes > 0);
		i += bytes;
		n++;
	}
	return n;
}

/* Jaro-Winkler of two C strings */
static double
jw(const char *a, const char *b)
{
	uint32_t ca[MAX_TEST];
	uint32_t cb[MAX_TEST];
	size_t na = decode(a, ca);
	size_t nb = decode(b, cb);

	return sim_jaro_winkler(ca, na, cb, nb);
}

/* Bounded Damerau-Levenshtein of two C strings */
static int
osa(const char *a, const char *b, int bound)
{
	uint32_t ca[MAX_TEST];
	uint32_t cb[MAX_TEST];
	size_t na = decode(a, ca);
	size_t nb = decode(b, cb);

	return sim_damerau_levenshtein(ca, na, cb, nb, bound);
}

/* Name score of two C strings, through the UTF-8 entry point */
static double
name(const char *a, const char *b)
{
	double s = -1;
	SimError err;

	assert_int_equal(sim_name_utf8(a, strlen(a), b, strlen(b), &s, &err),
					 SIM_OK);
	return s;
}

/* Word-set Dice of two C strings, through the UTF-8 entry point */
static double
token_set(const char *a, const char *b)
{
	double s = -1;
	SimError err;

	assert_int_equal(sim_token_set_utf8(a, strlen(a), b, strlen(b), &s, &err),
					 SIM_OK);
	return s;
}

/* Assert two doubles agree to within eps */
static void
assert_near(double got, double expected, double eps)
{
	if (fabs(got - expected) > eps)
		fail_msg("got %.9f, expected %.9f", got, expected);
}

/* Jaro-Winkler by the textbook: scan each window for the first free match */
static double
reference_jw(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	unsigned char a_flag[MAX_TEST] = { 0 };
	unsigned char b_flag[MAX_TEST] = { 0 };
	size_t longer = alen > blen ? alen : blen;
	size_t window = longer / 2 > 0 ? longer / 2 - 1 : 0;
	size_t m = 0;
	size_t t = 0;
	size_t prefix = 0;
	size_t i;
	size_t j;
	double jaro;

	if (alen == 0 && blen == 0)
		return 1.0;
	if (alen == 0 || blen == 0)
		return 0.0;
	for (i = 0; i < alen; i++)
		for (j = i > window ? i - window : 0; j < blen && j <= i + window; j++)
			if (!b_flag[j] && a[i] == b[j])
			{
				a_flag[i] = b_flag[j] = 1;
				m++;
				break;
			}
	if (m == 0)
		return 0.0;
	for (i = 0, j = 0; i < alen; i++)
		if (a_flag[i])
		{
			while (!b_flag[j])
				j++;
			t += a[i] != b[j];
			j++;
		}
	t /= 2;
	jaro =
		((double) m / alen + (double) m / blen + (double) (m - t) / m) / 3.0;
	while (prefix < alen && prefix < blen && prefix < 4 &&
		   a[prefix] == b[prefix])
		prefix++;
	return jaro + prefix * 0.1 * (1.0 - jaro);
}

/* Optimal string alignment over the whole table */
static int
reference_osa(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	static int d[MAX_TEST + 1][MAX_TEST + 1];
	size_t i;
	size_t j;

	for (i = 0; i <= alen; i++)
		d[i][0] = (int) i;
	for (j = 0; j <= blen; j++)
		d[0][j] = (int) j;
	for (i = 1; i <= alen; i++)
		for (j = 1; j <= blen; j++)
		{
			int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
				a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[alen][blen];
}

/* A random string over a small alphabet of ASCII, accented and CJK code
 * points, so that matches, transpositions and hash collisions happen */
static size_t
random_string(uint32_t *out, size_t max_len, int alphabet)
{
	static const uint32_t letters[] = {
		'a',    'b',    'c',     'd',    ' ',    0xE9,   0xFC,
		0x4E0A, 0x6D77, 0x1F600, 0x0100, 0x0180, 0x0200, 0x0280,
	};
	size_t n = (size_t) rand() % (max_len + 1);
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = letters[rand() % alphabet];
	return n;
}

/* Winkler's published values */
static void
test_winkler_published(void **state)
{
	(void) state;
	/* MARTHA/MARHTA: m = 6, t = 1, prefix 3: 0.944 + 0.3 * 0.056 */
	assert_near(jw("MARTHA", "MARHTA"), 0.9611111111, 1e-9);
	assert_near(jw("DWAYNE", "DUANE"), 0.84, 1e-9);
	assert_near(jw("DIXON", "DICKSONX"), 0.8133333333, 1e-9);
	/* as published, to three decimals */
	assert_near(jw("MARTHA", "MARHTA"), 0.961, 0.0005);
	assert_near(jw("DWAYNE", "DUANE"), 0.840, 0.0005);
	assert_near(jw("DIXON", "DICKSONX"), 0.813, 0.0005);
	/* and plain Jaro for the first: 17/18 */
	{
		uint32_t a[6] = { 'M', 'A', 'R', 'T', 'H', 'A' };
		uint32_t b[6] = { 'M', 'A', 'R', 'H', 'T', 'A' };

		assert_near(sim_jaro(a, 6, b, 6), 17.0 / 18.0, 1e-12);
	}
}

/* Edges: empty, one character, nothing in common, the prefix cap */
static void
test_jaro_winkler_edges(void **state)
{
	(void) state;
	assert_true(jw("", "") == 1.0);
	assert_true(jw("abc", "") == 0.0);
	assert_true(jw("", "abc") == 0.0);
	assert_true(jw("a", "a") == 1.0);
	assert_true(jw("a", "b") == 0.0);
	assert_true(jw("abc", "xyz") == 0.0);
	assert_true(jw("Müller", "Müller") == 1.0);
	/* the prefix counts up to 4: ABCDEFGH / ABCDEFXY */
	assert_near(jw("ABCDEFGH", "ABCDEFXY"),
				(6.0 / 8 + 6.0 / 8 + 1.0) / 3 +
					0.4 * (1 - (6.0 / 8 + 6.0 / 8 + 1.0) / 3),
				1e-12);
	/* boosted however low Jaro is (no 0.7 threshold): Jaro 0.4, prefix 1 */
	assert_near(jw("AXXXXXXXXX", "AYYYYYYYYY"),
				(0.1 + 0.1 + 1.0) / 3 + 0.1 * (1 - (0.1 + 0.1 + 1.0) / 3),
				1e-12);
	/* code points, not bytes: 北京/南京 share one character of two */
	assert_near(jw("北京", "南京"), 2.0 / 3.0, 1e-12);
	assert_near(jw("Müller", "Muller"), 0.9, 1e-12);
}

/* The bit-parallel count against the textbook scan, short and long, ASCII
 * and beyond 256 (the hashed pattern table) */
static void
test_jaro_winkler_random(void **state)
{
	uint32_t a[MAX_TEST];
	uint32_t b[MAX_TEST];
	int round;

	(void) state;
	srand(42);
	for (round = 0; round < 20000; round++)
	{
		int alphabet = 1 + rand() % 14;
		size_t max_len = round % 10 == 0 ? 200 : 70;
		size_t na = random_string(a, max_len, alphabet);
		size_t nb = random_string(b, max_len, alphabet);
		double got = sim_jaro_winkler(a, na, b, nb);

		if (got != reference_jw(a, na, b, nb))
			fail_msg("round %d: %zu/%zu code points: %.17g vs %.17g", round,
					 na, nb, got, reference_jw(a, na, b, nb));
		assert_true(got >= 0.0 && got <= 1.0);
		assert_true(got == sim_jaro_winkler(b, nb, a, na));
		if (na > 0)
			assert_true(sim_jaro_winkler(a, na, a, na) == 1.0);
	}
}

/* Many distinct code points of 256 and above: the hashed table fills up */
static void
test_jaro_winkler_wide_alphabet(void **state)
{
	uint32_t a[64];
	uint32_t b[64];
	size_t i;

	(void) state;
	for (i = 0; i < 64; i++)
	{
		a[i] = 0x4E00 + (uint32_t) i * 128; /* the same 7-bit hash stride */
		b[i] = 0x4E00 + (uint32_t) (63 - i) * 128;
	}
	assert_true(sim_jaro_winkler(a, 64, b, 64) == reference_jw(a, 64, b, 64));
	assert_true(sim_jaro_winkler(a, 64, a, 64) == 1.0);
}

/* Damerau-Levenshtein: the classic cases of the restricted distance */
static void
test_osa_classic(void **state)
{
	(void) state;
	/* OSA: CA -> AC -> ABC would edit a substring twice, so 3, not 2 */
	assert_int_equal(osa("CA", "ABC", 100), 3);
	assert_int_equal(osa("abcdef", "abcfed", 100), 2);
	assert_int_equal(osa("ab", "ba", 100), 1);
	assert_int_equal(osa("abc", "acb", 100), 1);
	assert_int_equal(osa("abcd", "badc", 100), 2);
	assert_int_equal(osa("kitten", "sitting", 100), 3);
	assert_int_equal(osa("", "abc", 100), 3);
	assert_int_equal(osa("abc", "", 100), 3);
	assert_int_equal(osa("", "", 0), 0);
	assert_int_equal(osa("same", "same", 0), 0);
	assert_int_equal(osa("INV-2026-0012", "INV-2062-0012", 5), 1);
	/* on code points: one substitution, one transposition */
	assert_int_equal(osa("Müller", "Muller", 5), 1);
	assert_int_equal(osa("上海远航", "上海航远", 5), 1);
}

/* The bound: the distance when within it, the bound + 1 beyond it */
static void
test_osa_bound(void **state)
{
	(void) state;
	assert_int_equal(osa("kitten", "sitting", 3), 3);
	assert_int_equal(osa("kitten", "sitting", 2), 3);
	assert_int_equal(osa("kitten", "sitting", 1), 2);
	assert_int_equal(osa("kitten", "sitting", 0), 1);
	assert_int_equal(osa("abc", "abcdefgh", 4), 5); /* by length alone */
	assert_int_equal(osa("abc", "abcdefgh", 5), 5);
	assert_int_equal(osa("abcdefgh", "hgfedcba", 2), 3);
	assert_int_equal(osa("ab", "ba", 0), 1);
	assert_int_equal(osa("ab", "ba", 1), 1);
	/* a bound of INT_MAX - the largest int - is no bound */
	assert_int_equal(osa("kitten", "sitting", 2147483647), 3);
}

/* The banded, stopping computation against the full table */
static void
test_osa_random(void **state)
{
	uint32_t a[MAX_TEST];
	uint32_t b[MAX_TEST];
	int round;

	(void) state;
	srand(7);
	for (round = 0; round < 20000; round++)
	{
		int alphabet = 1 + rand() % 6;
		size_t max_len = round % 20 == 0 ? 300 : 25;
		size_t na = random_string(a, max_len, alphabet);
		size_t nb = random_string(b, max_len, alphabet);
		int full = reference_osa(a, na, b, nb);
		int bound = rand() % 30;
		int got = sim_damerau_levenshtein(a, na, b, nb, bound);

		if (got != (full <= bound ? full : bound + 1))
			fail_msg("round %d: bound %d: %d, full %d", round, bound, got,
					 full);
		assert_int_equal(sim_damerau_levenshtein(b, nb, a, na, bound), got);
		assert_int_equal(sim_damerau_levenshtein(a, na, b, nb, 1 << 30), full);
	}
}

/* Word-set Dice after normalization */
static void
test_token_set(void **state)
{
	(void) state;
	assert_true(token_set("Hans Müller", "MULLER, Hans") == 1.0);
	assert_true(token_set("ACME Trading Ltd", "Acme Trading") == 1.0);
	/* 2 shared of 2 + 4: 4/6 */
	assert_near(token_set("ACME Trading", "ACME Trading Shanghai Branch"),
				2.0 / 3.0, 1e-12);
	assert_near(token_set("Bank of China", "China Construction Bank"),
				2.0 / 3.0, 1e-12);
	/* repeated words count once */
	assert_true(token_set("ACME ACME", "ACME") == 1.0);
	assert_true(token_set("ACME", "Globex") == 0.0);
	assert_true(token_set("", "ACME") == 0.0);
	assert_true(token_set("", "") == 0.0);
	/* a run of Chinese is one word */
	assert_true(token_set("上海远航贸易有限公司", "上海远航贸易") == 1.0);
}

/* Payer names: what the score is for and how it behaves */
static void
test_name_similarity(void **state)
{
	double typo;
	double subset;
	double unrelated;

	(void) state;
	/* equal after normalization */
	assert_true(name("ACME Trading Co., Ltd.", "ACME TRADING LIMITED") == 1.0);
	assert_true(name("Société Générale S.A.", "SOCIETE GENERALE") == 1.0);
	assert_true(name("上海远航贸易有限公司", "上海远航贸易") == 1.0);
	/* word order does not count */
	assert_true(name("Hans Muller", "MULLER HANS") == 1.0);
	/* a misspelt word: 0.5 * soft Dice + 0.5 * JW, both near 1 */
	typo = name("Acme Tradng", "ACME Trading");
	assert_near(typo,
				0.5 * (2 * (1 + 0.9714285714285714) / 4) +
					0.5 * 0.9833333333333333,
				1e-9);
	assert_true(name("Hans Müller", "MUELLER HANS") == 1.0);
	/* umlauts written as digraphs, as SWIFT payers write them */
	assert_true(name("Schröder & Söhne e.K.", "SCHROEDER + SOEHNE E.K.") ==
				1.0);
	assert_true(name("Schroeder Soehne", "SCHRÖDER SÖHNE") == 1.0);
	assert_true(name("Michael Bauer", "MICHAEL BAUER") == 1.0);
	assert_true(name("Schröder", "SCHRODER") == 1.0);
	/* a legal form written first, before two words or more */
	assert_true(name("SAS Holdings Brabant", "Brabant Holdings SAS") == 1.0);
	assert_true(name("Inc Industries Tessin", "Tessin Industries Inc") == 1.0);
	assert_true(name("SAS Institute", "Institute") < 1.0);
	/* an added word costs, an unrelated name scores low */
	subset = name("ACME Trading", "ACME Trading Shanghai Branch");
	unrelated = name("ACME Trading", "Globex Industries");
	assert_true(subset > 0.7 && subset < 0.8);
	assert_true(unrelated < 0.3);
	/* Chinese by bigram Dice: 上海 海远 远航 航贸 贸易 against seven, 4 shared */
	assert_near(name("上海远航贸易", "上海远航国际贸易"), 8.0 / 12.0, 1e-12);
	assert_near(name("上海远航贸易", "上海长江贸易"), 4.0 / 10.0, 1e-12);
	/* one character alone is its own bigram */
	assert_true(name("李", "李") == 1.0);
	assert_true(name("李 ACME", "王 ACME") < 1.0);
	/* a Chinese name beside its Latin one: the Latin part matches (weight
	 * 23 + 23), the Chinese one only one side has counts half (6 / 2) */
	assert_near(name("上海远航贸易 Shanghai Yuanhang Trading",
					 "SHANGHAI YUANHANG TRADING CO LTD"),
				46.0 / 49.0, 1e-12);
	/* Chinese and Latin letters compare in pinyin (test_pinyin.c); kana
	 * and Latin letters have nothing to compare */
	assert_true(name("上海远航贸易", "Shanghai Yuanhang Trading") == 1.0);
	assert_true(name("タワー", "TOWER") == 0.0);
	/* names that normalize to nothing score 0 */
	assert_true(name("", "") == 0.0);
	assert_true(name("---", "---") == 0.0);
	assert_true(name("ACME", "") == 0.0);
}

/* Symmetry, range and identity of the name scores on random names */
static void
test_name_properties_random(void **state)
{
	static const char *const pool[] = {
		"ACME ", "Acme ", "Trading ", "Tradng ", "Müller ", "Mueller ",
		"GmbH ", "Ltd ",  "上海",     "远航",    "贸易",    "有限公司",
		"S.A. ", "Hans ", "Bank ",    "of ",     "China ",  "-",
	};
	int round;

	(void) state;
	srand(11);
	for (round = 0; round < 5000; round++)
	{
		char a[256] = "";
		char b[256] = "";
		int words_a = rand() % 6;
		int words_b = rand() % 6;
		int w;
		double ab;
		double ba;
		double ts;

		for (w = 0; w < words_a; w++)
			strcat(a, pool[rand() % (sizeof(pool) / sizeof(pool[0]))]);
		for (w = 0; w < words_b; w++)
			strcat(b, pool[rand() % (sizeof(pool) / sizeof(pool[0]))]);
		ab = name(a, b);
		ba = name(b, a);
		if (ab != ba)
			fail_msg("name(\"%s\", \"%s\") = %.17g, reversed %.17g", a, b, ab,
					 ba);
		assert_true(ab >= 0.0 && ab <= 1.0);
		ts = token_set(a, b);
		assert_true(ts == token_set(b, a));
		assert_true(ts >= 0.0 && ts <= 1.0);
		if (token_set(a, a) == 1.0)
			assert_true(name(a, a) == 1.0);
	}
}

/* The UTF-8 entry points: statuses, the failing argument, its offset */
static void
test_utf8_entry_points(void **state)
{
	char *long_a;
	double s = -1;
	int d = -1;
	SimError err;

	(void) state;
	assert_int_equal(sim_jaro_winkler_utf8("ACME", 4, "AC\xFFME", 5, &s, &err),
					 SIM_INVALID_UTF8);
	assert_int_equal(err.argument, 2);
	assert_int_equal(err.offset, 2);
	assert_int_equal(
		sim_damerau_levenshtein_utf8("\xC3", 1, "a", 1, 3, &d, &err),
		SIM_INVALID_UTF8);
	assert_int_equal(err.argument, 1);
	assert_int_equal(err.offset, 0);
	assert_int_equal(
		sim_name_utf8("M\xC3\xBCller", 7, "M\xFCller", 7, &s, &err),
		SIM_INVALID_UTF8);
	assert_int_equal(err.argument, 2);
	assert_int_equal(err.offset, 1);
	assert_int_equal(sim_token_set_utf8("ok", 2, "x\xED\xA0\x80", 4, &s, &err),
					 SIM_INVALID_UTF8);
	assert_int_equal(err.offset, 1);

	/* the length limit counts code points: 10000 é pass, 10001 do not */
	long_a = malloc(2 * (SIM_MAX_CHARS + 1));
	for (int i = 0; i < SIM_MAX_CHARS + 1; i++)
		memcpy(long_a + 2 * i, "\xC3\xA9", 2);
	assert_int_equal(
		sim_jaro_winkler_utf8(long_a, 2 * SIM_MAX_CHARS, "e", 1, &s, &err),
		SIM_OK);
	assert_true(s == 0.0);
	assert_int_equal(sim_jaro_winkler_utf8("e", 1, long_a,
										   2 * (SIM_MAX_CHARS + 1), &s, &err),
					 SIM_TOO_LONG);
	assert_int_equal(err.argument, 2);
	assert_int_equal(err.offset, SIM_MAX_CHARS + 1);
	/* long input goes to the heap and comes back */
	assert_int_equal(
		sim_damerau_levenshtein_utf8(long_a, 2 * SIM_MAX_CHARS, long_a + 2,
									 2 * (SIM_MAX_CHARS - 1), 5, &d, &err),
		SIM_OK);
	assert_int_equal(d, 1);
	assert_int_equal(sim_jaro_winkler_utf8(long_a, 600, long_a, 600, &s, &err),
					 SIM_OK);
	assert_true(s == 1.0);
	free(long_a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_winkler_published),
		cmocka_unit_test(test_jaro_winkler_edges),
		cmocka_unit_test(test_jaro_winkler_random),
		cmocka_unit_test(test_jaro_winkler_wide_alphabet),
		cmocka_unit_test(test_osa_classic),
		cmocka_unit_test(test_osa_bound),
		cmocka_unit_test(test_osa_random),
		cmocka_unit_test(test_token_set),
		cmocka_unit_test(test_name_similarity),
		cmocka_unit_test(test_name_properties_random),
		cmocka_unit_test(test_utf8_entry_points),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
