/*
 * einvoice_rules.c
 *		The EN 16931 business rules that concern money, checked on an
 *		Einvoice read by core/einvoice.c: the lines (PEPPOL-EN16931-R120),
 *		the document totals (BR-CO-10 to BR-CO-16). Each refusal names the
 *		rule and the values it compared.
 */
#include "core/einvoice.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define AMOUNT_CHARS 48

typedef __int128 wide;

static bool broken(EinvoiceError *err, const char *rule, const char *detail,
				   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Fill err for a broken rule; returns false */
static bool
broken(EinvoiceError *err, const char *rule, const char *detail,
	   const char *fmt, ...)
{
	va_list ap;
	/* room for the rule and "e-invoice breaks : " */
	char what[EINVOICE_MESSAGE_MAX - EINVOICE_RULE_MAX - 32];

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	err->status = EINVOICE_INCONSISTENT;
	snprintf(err->rule, EINVOICE_RULE_MAX, "%s", rule);
	snprintf(err->message, EINVOICE_MESSAGE_MAX, "e-invoice breaks %s: %s",
			 rule, what);
	snprintf(err->detail, EINVOICE_MESSAGE_MAX, "%s", detail ? detail : "");
	err->hint[0] = '\0';
	return false;
}

/* a + b, or false on overflow */
static bool
add(int64_t a, int64_t b, int64_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

static int64_t
units_of(EinvoiceAmount a)
{
	return a.present ? a.units : 0;
}

static bool
too_large(EinvoiceError *err, const char *rule)
{
	return broken(err, rule, "The amounts do not fit in 18 digits.",
				  "its amounts are too large to add up");
}

/*
 * Compare a stated total with the one computed: "BR-CO-10: the sum of
 * invoice line net amount (BT-106) 100.00 EUR is not ... 90.00 EUR"
 */
static bool
same(const Einvoice *inv, EinvoiceError *err, const char *rule,
	 const char *stated_term, int64_t stated, const char *computed_term,
	 int64_t computed)
{
	char a[AMOUNT_CHARS];
	char b[AMOUNT_CHARS];
	char d[AMOUNT_CHARS];
	char detail[EINVOICE_MESSAGE_MAX];
	int64_t difference;

	if (stated == computed)
		return true;
	einvoice_format_amount(inv, stated, a, sizeof(a));
	einvoice_format_amount(inv, computed, b, sizeof(b));
	if (__builtin_sub_overflow(stated, computed, &difference))
		difference = 0;
	einvoice_format_amount(inv, difference, d, sizeof(d));
	snprintf(detail, sizeof(detail),
			 "Invoice %s: stated %s, computed %s, difference %s.",
			 inv->number.ptr ? inv->number.ptr : "(no number)", a, b, d);
	return broken(err, rule, detail, "%s %s is not %s %s", stated_term, a,
				  computed_term, b);
}

static wide
power_of_ten(int n)
{
	wide v = 1;

	while (n-- > 0)
		v *= 10;
	return v;
}

/*
 * quantity * price / base quantity, in minor units of the invoice
 * currency, rounded half away from zero; false on overflow
 */
static bool
line_product(const Einvoice *inv, const EinvoiceLine *l, int64_t *out)
{
	int minor = currency_minor_units(inv->currency);
	int64_t base = l->base_quantity.present ? l->base_quantity.digits : 1;
	int base_scale = l->base_quantity.present ? l->base_quantity.scale : 0;
	int exponent = minor + base_scale - l->quantity.scale - l->price.scale;
	wide num = (wide) l->quantity.digits * (wide) l->price.digits;
	wide den = base;
	wide quotient;
	wide remainder;

	/*
	 * |num| < 10^36 so far, den < 10^18; the decimals shift them by
	 * powers of ten, 10^22 at most up, 10^36 at most down
	 */
	if (exponent > 0 &&
		__builtin_mul_overflow(num, power_of_ten(exponent), &num))
		return false;
	if (exponent < 0 &&
		(-exponent > 37 ||
		 __builtin_mul_overflow(den, power_of_ten(-exponent), &den)))
	{
		/* less than a tenth of a minor unit */
		*out = 0;
		return true;
	}
	quotient = num / den;
	remainder = num % den;
	if (remainder < 0 ? -2 * remainder >= den : 2 * remainder >= den)
		quotient += remainder < 0 ? -1 : 1;
	if (quotient > INT64_MAX || quotient < INT64_MIN)
		return false;
	*out = (int64_t) quotient;
	return true;
}

/*
 * PEPPOL-EN16931-R120: a line's net amount is its quantity times its net
 * price per base quantity, plus its charges, less its allowances, within
 * Peppol's slack of 0.02
 */
static bool
check_line(const Einvoice *inv, const EinvoiceLine *l, int number,
		   EinvoiceError *err)
{
	const char *rule = "PEPPOL-EN16931-R120";
	int minor = currency_minor_units(inv->currency);
	int64_t slack = 2;
	int64_t expected;
	int64_t difference;
	char q[AMOUNT_CHARS], p[AMOUNT_CHARS], a[AMOUNT_CHARS], e[AMOUNT_CHARS];
	char detail[EINVOICE_MESSAGE_MAX];

	for (int i = minor; i < 2; i++)
		slack /= 10;
	for (int i = 2; i < minor; i++)
		slack *= 10;
	if (l->base_quantity.present && l->base_quantity.digits <= 0)
		return broken(err, "PEPPOL-EN16931-R121", NULL,
					  "line %d (\"%s\") has a price base quantity that is not "
					  "positive",
					  number, l->id.ptr);
	if (!line_product(inv, l, &expected) ||
		!add(expected, units_of(l->charges), &expected) ||
		__builtin_sub_overflow(expected, units_of(l->allowances), &expected))
		return too_large(err, rule);
	if (__builtin_sub_overflow(l->amount.units, expected, &difference))
		return too_large(err, rule);
	if (difference <= slack && difference >= -slack)
		return true;
	einvoice_format_decimal(l->quantity, q, sizeof(q));
	einvoice_format_decimal(l->price, p, sizeof(p));
	einvoice_format_amount(inv, l->amount.units, a, sizeof(a));
	einvoice_format_amount(inv, expected, e, sizeof(e));
	snprintf(detail, sizeof(detail),
			 "Quantity %s times net price %s%s, plus charges, less "
			 "allowances, is %s.",
			 q, p, l->base_quantity.present ? " per base quantity" : "", e);
	return broken(err, rule, detail,
				  "the net amount (BT-131) %s of line %d (\"%s\") is not its "
				  "quantity times its price, %s",
				  a, number, l->id.ptr, e);
}

bool
einvoice_check(const Einvoice *inv, EinvoiceError *err)
{
	int64_t lines = 0;
	int64_t vat = 0;
	int64_t expected;

	for (int i = 0; i < inv->line_count; i++)
	{
		if (!check_line(inv, &inv->lines[i], i + 1, err))
			return false;
		if (!add(lines, inv->lines[i].amount.units, &lines))
			return too_large(err, "BR-CO-10");
	}
	if (!same(inv, err, "BR-CO-10",
			  "the sum of invoice line net amount (BT-106)",
			  inv->line_total.units, "the sum of the lines' net amounts",
			  lines))
		return false;
	if (inv->allowance_total.present || inv->allowances.present)
		if (!same(inv, err, "BR-CO-11",
				  "the sum of allowances on document level (BT-107)",
				  units_of(inv->allowance_total),
				  "the sum of the document's allowances",
				  units_of(inv->allowances)))
			return false;
	if (inv->charge_total.present || inv->charges.present)
		if (!same(inv, err, "BR-CO-12",
				  "the sum of charges on document level (BT-108)",
				  units_of(inv->charge_total),
				  "the sum of the document's charges", units_of(inv->charges)))
			return false;
	if (__builtin_sub_overflow(inv->line_total.units,
							   units_of(inv->allowance_total), &expected) ||
		!add(expected, units_of(inv->charge_total), &expected))
		return too_large(err, "BR-CO-13");
	if (!same(inv, err, "BR-CO-13",
			  "the invoice total amount without VAT (BT-109)",
			  inv->tax_exclusive.units,
			  "the line net amounts less allowances plus charges", expected))
		return false;
	if (inv->vat_count > 0)
	{
		for (int i = 0; i < inv->vat_count; i++)
			if (!add(vat, units_of(inv->vat[i].tax), &vat))
				return too_large(err, "BR-CO-14");
		if (!same(inv, err, "BR-CO-14",
				  "the invoice total VAT amount (BT-110)",
				  units_of(inv->tax_total),
				  "the sum of the VAT category tax amounts", vat))
			return false;
	}
	if (!add(inv->tax_exclusive.units, units_of(inv->tax_total), &expected))
		return too_large(err, "BR-CO-15");
	if (!same(inv, err, "BR-CO-15",
			  "the invoice total amount with VAT (BT-112)",
			  inv->tax_inclusive.units,
			  "the total without VAT plus the total VAT", expected))
		return false;
	if (__builtin_sub_overflow(inv->tax_inclusive.units,
							   units_of(inv->prepaid), &expected) ||
		!add(expected, units_of(inv->rounding), &expected))
		return too_large(err, "BR-CO-16");
	return same(inv, err, "BR-CO-16", "the amount due for payment (BT-115)",
				inv->payable.units,
				"the total with VAT less the paid amount plus rounding",
				expected);
}
