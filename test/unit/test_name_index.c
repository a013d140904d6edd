/*
 * test_name_index.c
 *		Unit tests for name tokens and the in-memory name index
 *		(core/name_index.c)
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
#include "core/similarity.h"

/* The tokens of a normalized name, space-separated, in a static buffer */
static const char *
tokens_of(const char *name)
{
	static char out[512];
	NameToken *tokens;
	int n = name_tokenize(name, strlen(name), &tokens);
	size_t o = 0;
	int i;

	assert_true(n >= 0);
	out[0] = '\0';
	for (i = 0; i < n; i++)
		o += snprintf(out + o, sizeof(out) - o, "%s%.*s", i ? " " : "",
					  (int) tokens[i].len, name + tokens[i].offset);
	free(tokens);
	return out;
}

/* Words of two characters or more; CJK words by bigrams; distinct, sorted */
static void
test_tokens(void **state)
{
	(void) state;
	assert_string_equal(tokens_of("MULLER MASCHINENBAU"),
						"MASCHINENBAU MULLER");
	assert_string_equal(tokens_of("A B2 B2"), "B2");
	assert_string_equal(tokens_of("华强电子"), "华强 强电 电子");
	assert_string_equal(tokens_of("上"), "上");
	assert_string_equal(tokens_of("X中Y 上海"), "X中 上海 中Y");
	/* kana are not in U+3400..U+9FFF: a word like any other */
	assert_string_equal(tokens_of("タワー"), "タワー");
	assert_string_equal(tokens_of(""), "");
}

static const char *const names[] = {
	"NORDWIND TRADING",   /* 0 */
	"NORDWIND TRADING 2", /* 1 */
	"NORDWIND FOODS",     /* 2 */
	"ALPEN TRADING",      /* 3 */
	"华强电子",           /* 4 */
	"华强电子有限公司3",  /* 5 */
	"NORDWIND TRADING",   /* 6: the same name again */
	"SCHRODER SOHNE",     /* 7: Schröder & Söhne */
};
#define NAMES ((int) (sizeof(names) / sizeof(names[0])))

static NameIndex *
build(void)
{
	size_t lens[NAMES];
	NameIndex *index;
	int i;

	for (i = 0; i < NAMES; i++)
		lens[i] = strlen(names[i]);
	index = name_index_build(names, lens, NAMES);
	assert_non_null(index);
	return index;
}

static double
score(const char *a, const char *b)
{
	double s;
	SimError err;

	assert_int_equal(sim_name_keys_utf8(a, strlen(a), b, strlen(b), &s, &err),
					 SIM_OK);
	return s;
}

/* Names holding every known token, best first, ties by position */
static void
test_lookup(void **state)
{
	NameIndex *index = build();
	NameHit hits[8];
	int n;

	(void) state;
	n = name_index_lookup(index, "NORDWIND TRADING", 16, 8, hits);
	assert_int_equal(n, 3);
	assert_int_equal(hits[0].name, 0);
	assert_int_equal(hits[1].name, 6);
	assert_int_equal(hits[2].name, 1);
	assert_true(hits[0].similarity == 1.0);
	assert_true(hits[2].similarity ==
				score("NORDWIND TRADING", "NORDWIND TRADING 2"));
	/* a word no name holds is left out: TRADNG finds the NORDWIND names */
	n = name_index_lookup(index, "NORDWIND TRADNG", 15, 8, hits);
	assert_int_equal(n, 4);
	/* at most max_hits */
	assert_int_equal(name_index_lookup(index, "NORDWIND", 8, 2, hits), 2);
	/* Chinese by bigrams */
	n = name_index_lookup(index, "华强电子", strlen("华强电子"), 8, hits);
	assert_int_equal(n, 2);
	assert_int_equal(hits[0].name, 4);
	assert_int_equal(hits[1].name, 5);
	/* umlauts written as digraphs find the name normalization folded */
	n = name_index_lookup(index, "SCHROEDER SOEHNE", 16, 8, hits);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].name, 7);
	assert_true(hits[0].similarity == 1.0);
	/* and so does a legal form written first */
	n = name_index_lookup(index, "SAS SCHROEDER SOEHNE", 20, 8, hits);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].name, 7);
	assert_true(hits[0].similarity == 1.0);
	/* nothing known, nothing found */
	assert_int_equal(name_index_lookup(index, "ZEPHYR", 6, 8, hits), 0);
	assert_int_equal(name_index_lookup(index, "", 0, 8, hits), 0);
	name_index_free(index);
}

/* An empty index finds nothing */
static void
test_empty(void **state)
{
	NameIndex *index = name_index_build(NULL, NULL, 0);
	NameHit hits[1];

	(void) state;
	assert_non_null(index);
	assert_int_equal(name_index_lookup(index, "ACME", 4, 1, hits), 0);
	name_index_free(index);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
