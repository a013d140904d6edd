/*
 * test_allocate.c
 *		Unit tests for the largest-remainder split (core/allocate.c)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/allocate.h"

#define MAX_PARTS 64

/* Split and compare with the expected parts */
static void
assert_split(int64_t units, const int *ratios, size_t n,
			 const int64_t *expected)
{
	ar2c_int128 r[MAX_PARTS];
	int64_t parts[MAX_PARTS];
	AllocateSlot scratch[MAX_PARTS];
	size_t bad = 0;
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = ratios[i];
	assert_int_equal(money_allocate(units, r, n, parts, scratch, &bad),
					 ALLOCATE_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(parts[i], expected[i]);
}

/* Worked examples, including negatives and zero ratios */
static void
test_examples(void **state)
{
	(void) state;
	assert_split(10000, (int[]){ 1, 1, 1 }, 3,
				 (int64_t[]){ 3334, 3333, 3333 });
	assert_split(-5, (int[]){ 1, 1, 1 }, 3, (int64_t[]){ -2, -2, -1 });
	assert_split(10, (int[]){ 50, 0, 25 }, 3, (int64_t[]){ 7, 0, 3 });
	assert_split(100, (int[]){ 70, 20, 10 }, 3, (int64_t[]){ 70, 20, 10 });
	assert_split(0, (int[]){ 1, 2 }, 2, (int64_t[]){ 0, 0 });
	assert_split(1, (int[]){ 1, 1, 1, 1 }, 4, (int64_t[]){ 1, 0, 0, 0 });
	/* remainders .4, .6 -> the larger remainder gets the unit */
	assert_split(3, (int[]){ 4, 6 }, 2, (int64_t[]){ 1, 2 });
	assert_split(INT64_MAX, (int[]){ 1, 1 }, 2,
				 (int64_t[]){ INT64_MAX / 2 + 1, INT64_MAX / 2 });
}

/* Refusals */
static void
test_errors(void **state)
{
	ar2c_int128 r[3] = { 1, -1, 2 };
	ar2c_int128 zeros[2] = { 0, 0 };
	ar2c_int128 huge[2] = { ((ar2c_int128) 1) << 100, ((ar2c_int128) 1)
														  << 100 };
	int64_t parts[3];
	AllocateSlot scratch[3];
	size_t bad = 99;

	(void) state;
	assert_int_equal(money_allocate(100, r, 0, parts, scratch, &bad),
					 ALLOCATE_NO_RATIOS);
	assert_int_equal(money_allocate(100, r, 3, parts, scratch, &bad),
					 ALLOCATE_NEGATIVE_RATIO);
	assert_int_equal(bad, 1);
	assert_int_equal(money_allocate(100, zeros, 2, parts, scratch, &bad),
					 ALLOCATE_ZERO_TOTAL);
	assert_int_equal(money_allocate(INT64_MAX, huge, 2, parts, scratch, &bad),
					 ALLOCATE_OVERFLOW);
}

/* On random inputs the parts sum exactly and each is within one unit of its share */
static void
test_random_properties(void **state)
{
	int round;

	(void) state;
	srand(20261123);
	for (round = 0; round < 20000; round++)
	{
		size_t n = 1 + (size_t) (rand() % MAX_PARTS);
		int64_t units =
			((int64_t) rand() << 20 ^ rand()) * (rand() % 2 ? 1 : -1);
		ar2c_int128 r[MAX_PARTS];
		ar2c_int128 total = 0;
		ar2c_int128 sum = 0;
		int64_t parts[MAX_PARTS];
		AllocateSlot scratch[MAX_PARTS];
		size_t bad;
		size_t i;

		for (i = 0; i < n; i++)
		{
			r[i] = rand() % 4 == 0 ? 0 : rand() % 100000;
			total += r[i];
		}
		if (total == 0)
			r[0] = total = 1;
		assert_int_equal(money_allocate(units, r, n, parts, scratch, &bad),
						 ALLOCATE_OK);
		for (i = 0; i < n; i++)
		{
			/* exact share = units * r / total; the part is floor or ceil of it */
			ar2c_int128 exact_num = (ar2c_int128) units * r[i];
			ar2c_int128 diff = (ar2c_int128) parts[i] * total - exact_num;

			assert_true(diff > -total && diff < total);
			if (r[i] == 0)
				assert_int_equal(parts[i], 0);
			sum += parts[i];
		}
		assert_true(sum == units);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_random_properties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
