/*
 * credit_score.c
 *		Payment behaviour state and the credit score formula (plain C).
 */
#include "core/credit_score.h"

#include <string.h>

_Static_assert(sizeof(PaymentBehaviour) == PAYMENT_BEHAVIOUR_SIZE,
			   "payment_behaviour_state is 112 bytes");

static const CreditFactorInfo factor_table[CREDIT_FACTOR_COUNT] = {
	{ "days_beyond_terms", CREDIT_C_CHARACTER, 200,
	  "1 - d/60 for an amount-weighted average of d days beyond terms (0 from 60 days)" },
	{ "paid_late_share", CREDIT_C_CHARACTER, 150,
	  "1 - the share of the amount paid late" },
	{ "over_90_share", CREDIT_C_CHARACTER, 100,
	  "1 - the share of the amount paid or open more than 90 days late" },
	{ "disputed_share", CREDIT_C_CHARACTER, 50,
	  "1 - the share of the amount disputed" },
	{ "written_off_share", CREDIT_C_CHARACTER, 100,
	  "1 - 10 x the share of the amount written off (0 from 10%)" },
	{ "revenue", CREDIT_C_CAPACITY, 100,
	  "annual revenue / (20 x credit limit), at most 1" },
	{ "equity", CREDIT_C_CAPITAL, 100,
	  "equity / (10 x credit limit), at most 1; 0 for negative equity" },
	{ "collateral", CREDIT_C_COLLATERAL, 50,
	  "collateral held / credit limit, at most 1" },
	{ "external_rating", CREDIT_C_CONDITIONS, 100, "external rating / 100" },
	{ "years_trading", CREDIT_C_CONDITIONS, 50,
	  "years trading / 10, at most 1" },
};

static const char *const c_names[CREDIT_C_COUNT] = { "character", "capacity",
													 "capital", "collateral",
													 "conditions" };

const char credit_grade_letter[CREDIT_GRADE_COUNT] = { 'A', 'B', 'C', 'D' };
const int32_t credit_default_floor[CREDIT_GRADE_COUNT] = { 800, 650, 450, 0 };

/* Describe a factor */
const CreditFactorInfo *
credit_factor_info(CreditFactor f)
{
	if ((int) f < 0 || f >= CREDIT_FACTOR_COUNT)
		return NULL;
	return &factor_table[f];
}

/* Find a factor by its exact name */
int
credit_factor_lookup(const char *name, size_t len)
{
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
		if (strlen(factor_table[f].name) == len &&
			memcmp(factor_table[f].name, name, len) == 0)
			return f;
	return -1;
}

/* Name a C */
const char *
credit_c_name(CreditC c)
{
	if ((int) c < 0 || c >= CREDIT_C_COUNT)
		return NULL;
	return c_names[c];
}

/* Start empty */
void
behaviour_init(PaymentBehaviour *s)
{
	memset(s, 0, sizeof(*s));
}

/* Adopt a currency, or refuse a second one */
static BehaviourStatus
behaviour_currency(PaymentBehaviour *s, ar2c_currency cur)
{
	if (s->currency != AR2C_CURRENCY_NONE && s->currency != cur)
		return BEHAVIOUR_CURRENCY_MISMATCH;
	s->currency = cur;
	return BEHAVIOUR_OK;
}

/* Count one item; a refused item leaves the state as it was */
BehaviourStatus
behaviour_add(PaymentBehaviour *s, const BehaviourItem *item, bool has_as_of,
			  int32_t as_of)
{
	int64_t days;
	bool open;
	ar2c_int128 amount;
	ar2c_int128 weighted;
	ar2c_int128 late_amount = s->late_amount;
	ar2c_int128 over_90_amount = s->over_90_amount;
	ar2c_int128 open_amount = s->open_amount;
	int64_t count;
	int64_t late_count = s->late_count;
	int64_t open_count = s->open_count;

	if (item->amount < 0)
		return BEHAVIOUR_NEGATIVE_AMOUNT;
	open = !item->paid_known || (has_as_of && item->paid_date > as_of);
	if (open && (!has_as_of || item->due_date >= as_of))
		return BEHAVIOUR_SKIPPED;
	/* int64: two day numbers are at most 2^31.1 apart */
	days = (int64_t) (open ? as_of : item->paid_date) - item->due_date;
	if (days < 0)
		days = 0;
	if (s->currency != item->currency && s->currency != AR2C_CURRENCY_NONE)
		return BEHAVIOUR_CURRENCY_MISMATCH;

	/* the sums grow by at most 2^94 per item; check them all the same */
	if (__builtin_add_overflow(s->amount, item->amount, &amount) ||
		__builtin_add_overflow(s->weighted_days,
							   (ar2c_int128) item->amount * days, &weighted) ||
		__builtin_add_overflow(s->count, 1, &count))
		return BEHAVIOUR_OUT_OF_RANGE;
	if (days > 0 &&
		(days > INT32_MAX ||
		 __builtin_add_overflow(late_amount, item->amount, &late_amount) ||
		 __builtin_add_overflow(late_count, 1, &late_count)))
		return BEHAVIOUR_OUT_OF_RANGE;
	if (days > 90 &&
		__builtin_add_overflow(over_90_amount, item->amount, &over_90_amount))
		return BEHAVIOUR_OUT_OF_RANGE;
	if (open &&
		(__builtin_add_overflow(open_amount, item->amount, &open_amount) ||
		 __builtin_add_overflow(open_count, 1, &open_count)))
		return BEHAVIOUR_OUT_OF_RANGE;

	s->currency = item->currency;
	s->amount = amount;
	s->weighted_days = weighted;
	s->count = count;
	s->late_amount = late_amount;
	s->late_count = late_count;
	s->over_90_amount = over_90_amount;
	s->open_amount = open_amount;
	s->open_count = open_count;
	if (days > s->max_days_late)
		s->max_days_late = (int32_t) days;
	return BEHAVIOUR_OK;
}

/* Fold o into s */
BehaviourStatus
behaviour_combine(PaymentBehaviour *s, const PaymentBehaviour *o)
{
	PaymentBehaviour next;

	if (o->count == 0)
		return BEHAVIOUR_OK;
	next = *s;
	if (behaviour_currency(&next, o->currency) != BEHAVIOUR_OK)
		return BEHAVIOUR_CURRENCY_MISMATCH;
	if (__builtin_add_overflow(next.amount, o->amount, &next.amount) ||
		__builtin_add_overflow(next.late_amount, o->late_amount,
							   &next.late_amount) ||
		__builtin_add_overflow(next.over_90_amount, o->over_90_amount,
							   &next.over_90_amount) ||
		__builtin_add_overflow(next.weighted_days, o->weighted_days,
							   &next.weighted_days) ||
		__builtin_add_overflow(next.open_amount, o->open_amount,
							   &next.open_amount) ||
		__builtin_add_overflow(next.count, o->count, &next.count) ||
		__builtin_add_overflow(next.late_count, o->late_count,
							   &next.late_count) ||
		__builtin_add_overflow(next.open_count, o->open_count,
							   &next.open_count))
		return BEHAVIOUR_OUT_OF_RANGE;
	if (o->max_days_late > next.max_days_late)
		next.max_days_late = o->max_days_late;
	*s = next;
	return BEHAVIOUR_OK;
}

/* Write a non-negative 128-bit integer in decimal; returns its length */
static size_t
format_u128(ar2c_int128 v, char *out)
{
	char digits[48];
	size_t n = 0;
	size_t len = 0;
	unsigned __int128 mag = (unsigned __int128) v;

	do
	{
		digits[n++] = (char) ('0' + (int) (mag % 10));
		mag /= 10;
	} while (mag > 0);
	while (n > 0)
		out[len++] = digits[--n];
	return len;
}

/* The text form */
size_t
behaviour_format(const PaymentBehaviour *s, char *buf)
{
	const ar2c_int128 fields[9] = { s->count,          s->amount,
									s->late_count,     s->late_amount,
									s->over_90_amount, s->weighted_days,
									s->max_days_late,  s->open_count,
									s->open_amount };
	size_t len = 0;

	buf[len++] = '(';
	for (int i = 0; i < 9; i++)
	{
		len += format_u128(fields[i], buf + len);
		buf[len++] = ',';
	}
	if (s->currency != AR2C_CURRENCY_NONE)
	{
		currency_unpack(s->currency, buf + len);
		len += 3;
	}
	buf[len++] = ')';
	buf[len] = '\0';
	return len;
}

/* Read one non-negative integer field of at most max */
static bool
parse_count(const char *text, size_t len, ar2c_int128 max, ar2c_int128 *out)
{
	int scale;

	/* decimal_parse accepts a sign and a point; a state has neither */
	for (size_t i = 0; i < len; i++)
		if (text[i] < '0' || text[i] > '9')
			return false;
	return decimal_parse(text, len, out, &scale) && scale == 0 && *out <= max;
}

/* Read the text form */
BehaviourStatus
behaviour_parse(const char *text, size_t len, PaymentBehaviour *out)
{
	const char *field[10];
	size_t field_len[10];
	ar2c_int128 v[9];
	const ar2c_int128 i64max = INT64_MAX;
	const ar2c_int128 i128max = ~((unsigned __int128) 1 << 127);
	size_t n = 0;
	const char *p;
	const char *end;

	behaviour_init(out);
	if (len < 2 || text[0] != '(' || text[len - 1] != ')')
		return BEHAVIOUR_SYNTAX;
	p = text + 1;
	end = text + len - 1;
	for (;;)
	{
		const char *comma = memchr(p, ',', end - p);

		if (n == 10)
			return BEHAVIOUR_SYNTAX;
		field[n] = p;
		field_len[n] = (comma ? comma : end) - p;
		n++;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (n != 10)
		return BEHAVIOUR_SYNTAX;
	for (int i = 0; i < 9; i++)
	{
		ar2c_int128 max = i128max;

		if (i == 0 || i == 2 || i == 7)
			max = i64max; /* counts */
		else if (i == 6)
			max = INT32_MAX; /* max_days_late */
		if (!parse_count(field[i], field_len[i], max, &v[i]))
			return BEHAVIOUR_SYNTAX;
	}
	out->count = (int64_t) v[0];
	out->amount = v[1];
	out->late_count = (int64_t) v[2];
	out->late_amount = v[3];
	out->over_90_amount = v[4];
	out->weighted_days = v[5];
	out->max_days_late = (int32_t) v[6];
	out->open_count = (int64_t) v[7];
	out->open_amount = v[8];
	if (field_len[9] > 0)
	{
		const CurrencyInfo *info = currency_lookup(field[9], field_len[9]);

		if (info == NULL)
			return BEHAVIOUR_UNKNOWN_CURRENCY;
		out->currency = currency_pack(info->code, 3);
	}
	return behaviour_consistent(out) ? BEHAVIOUR_OK : BEHAVIOUR_INCONSISTENT;
}

/*
 * What every state built from items satisfies: counts and sums agree, the
 * late and open parts are parts of the whole, the weighted days lie
 * between the late amount (each late item is at least a day late) and
 * the amount times the largest delay.
 */
bool
behaviour_consistent(const PaymentBehaviour *s)
{
	ar2c_int128 bound;

	if (s->count < 0 || s->late_count < 0 || s->open_count < 0 ||
		s->amount < 0 || s->late_amount < 0 || s->over_90_amount < 0 ||
		s->weighted_days < 0 || s->open_amount < 0 || s->max_days_late < 0 ||
		s->pad != 0)
		return false;
	if ((s->count == 0) != (s->currency == AR2C_CURRENCY_NONE))
		return false;
	if (s->late_count > s->count || s->open_count > s->late_count ||
		s->late_amount > s->amount || s->over_90_amount > s->late_amount ||
		s->open_amount > s->late_amount)
		return false;
	if ((s->late_count == 0) != (s->max_days_late == 0))
		return false;
	if (s->count == 0 && s->amount != 0)
		return false;
	if (s->late_count == 0 &&
		(s->late_amount != 0 || s->weighted_days != 0 || s->open_count != 0))
		return false;
	if (s->open_count == 0 && s->open_amount != 0)
		return false;
	if (s->over_90_amount > 0 && s->max_days_late <= 90)
		return false;
	if (s->weighted_days < s->late_amount)
		return false;
	if (!__builtin_mul_overflow(s->amount, (ar2c_int128) s->max_days_late,
								&bound) &&
		s->weighted_days > bound)
		return false;
	return true;
}

/* A ratio with a fixed number of decimals, rounded half away from zero */
bool
behaviour_ratio(ar2c_int128 num, ar2c_int128 den, int decimals,
				int64_t *scaled)
{
	ar2c_int128 q;
	ar2c_int128 scaled_num;
	ar2c_int128 pow10 = 1;

	for (int i = 0; i < decimals; i++)
		pow10 *= 10;
	if (__builtin_mul_overflow(num, pow10, &scaled_num) ||
		!money_div_round(scaled_num, den, MONEY_ROUND_HALF_UP, &q) ||
		q > INT64_MAX || q < INT64_MIN)
		return false;
	*scaled = (int64_t) q;
	return true;
}

/* Clamp v to [lo, hi] */
static int64_t
clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : (v > hi ? hi : v);
}

/* n / d rounded half up, for n >= 0 and d > 0 */
static int64_t
div_round_up(ar2c_int128 n, ar2c_int128 d)
{
	return (int64_t) ((2 * n + d) / (2 * d));
}

/* The value of one factor */
int64_t
credit_factor_value(CreditFactor f, bool known, int64_t input)
{
	const int64_t one = CREDIT_VALUE_ONE;

	if (!known)
		return CREDIT_VALUE_NEUTRAL;
	switch (f)
	{
		case CREDIT_DAYS_BEYOND_TERMS:
			/* hundredths of a day: 60 days = 6000 */
			input = clamp64(input, 0, 6000);
			return one - div_round_up((ar2c_int128) input * one, 6000);
		case CREDIT_PAID_LATE:
		case CREDIT_OVER_90:
		case CREDIT_DISPUTED:
			return one - clamp64(input, 0, 10000) * 100;
		case CREDIT_WRITTEN_OFF:
			return one - clamp64(input, 0, 1000) * 1000;
		case CREDIT_CAPACITY:
			return clamp64(input, 0, 200000) * 5;
		case CREDIT_CAPITAL:
			return clamp64(input, 0, 100000) * 10;
		case CREDIT_COLLATERAL:
			return clamp64(input, 0, 10000) * 100;
		case CREDIT_EXTERNAL_RATING:
			return clamp64(input, 0, 100) * 10000;
		case CREDIT_YEARS_TRADING:
			return clamp64(input, 0, 1000) * 1000;
		case CREDIT_FACTOR_COUNT:
			break;
	}
	return CREDIT_VALUE_NEUTRAL;
}

/* Each weight within 0 to 1000, and not all zero */
CreditStatus
credit_weights_check(const int32_t *weights)
{
	int64_t total = 0;

	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
	{
		if (weights[f] < 0 || weights[f] > CREDIT_WEIGHT_MAX)
			return CREDIT_BAD_WEIGHT;
		total += weights[f];
	}
	return total > 0 ? CREDIT_OK : CREDIT_NO_WEIGHT;
}

/* Floors within 0 to 1000, strictly falling, the last (D) 0 */
CreditStatus
credit_floors_check(const int32_t *floors)
{
	if (floors[CREDIT_GRADE_COUNT - 1] != 0 || floors[0] > CREDIT_SCORE_MAX)
		return CREDIT_BAD_FLOORS;
	for (int g = 1; g < CREDIT_GRADE_COUNT; g++)
		if (floors[g] >= floors[g - 1])
			return CREDIT_BAD_FLOORS;
	return CREDIT_OK;
}

/* The first grade whose floor the score reaches */
char
credit_grade_of(int32_t score, const int32_t *floors)
{
	for (int g = 0; g < CREDIT_GRADE_COUNT; g++)
		if (score >= floors[g])
			return credit_grade_letter[g];
	return credit_grade_letter[CREDIT_GRADE_COUNT - 1];
}

/* Score, grade, and the points of each C */
CreditStatus
credit_score_compute(const CreditInputs *in, const int32_t *weights,
					 const int32_t *floors, CreditScore *out)
{
	CreditStatus status;
	int64_t weight_total = 0;
	int64_t total = 0;
	int64_t per_c[CREDIT_C_COUNT] = { 0 };

	if ((status = credit_weights_check(weights)) != CREDIT_OK ||
		(status = credit_floors_check(floors)) != CREDIT_OK)
		return status;
	memset(out, 0, sizeof(*out));
	for (int f = 0; f < CREDIT_FACTOR_COUNT; f++)
	{
		int64_t value =
			credit_factor_value((CreditFactor) f, in->known[f], in->input[f]);
		int64_t points = value * weights[f];

		out->value[f] = value;
		weight_total += weights[f];
		total += points;
		per_c[factor_table[f].c] += points;
	}
	/* total / weight_total is in millionths; the score is in thousandths */
	out->score = (int32_t) div_round_up(total, weight_total * 1000);
	out->grade = credit_grade_of(out->score, floors);
	for (int c = 0; c < CREDIT_C_COUNT; c++)
		out->c_points_tenths[c] =
			(int32_t) div_round_up(per_c[c], weight_total * 100);
	return CREDIT_OK;
}
