/*
 * fuzz_cash_allocate.c
 *		libFuzzer target for the allocation rules of cash application.
 *
 * The bytes make up to 64 items (customer, due date, currency, open and
 * paid amounts, an invoice number) and up to four references, in any
 * order. Whatever they are: no allocation is empty, no item is allocated
 * twice, an allocation's items are of its customer and currency, nothing
 * applied is negative or more than an item's open amount (except a
 * credit), a write-off is not negative, a fit lies in [0, 1], and the
 * items are left sorted by customer, due date and invoice.
 */
#include <stdlib.h>
#include <string.h>

#include "core/cash_allocate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ITEMS  64
#define ITEM_BYTES 12

static const CashCharge charges[] = { { 0, 0, 750 }, { 1, 1, 1500 } };

static const char *const numbers[] = {
	"INV-2026-11", "INV-2026-12", "INV-2026-21", "INV-2027-0001234", "A1", "",
	"发票-12",     "INV-2026-1",
};

/* A small signed amount from two bytes: collisions and exact fits */
static int64_t
amount(const uint8_t *b)
{
	return ((int64_t) b[0] << 8 | b[1]) * 25 - (b[0] == 0xFF ? 2000000 : 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	CashItem items[MAX_ITEMS];
	CashAllocation rows[MAX_ITEMS];
	int positions[MAX_ITEMS];
	int64_t applied[MAX_ITEMS];
	bool used[MAX_ITEMS] = { false };
	CashRef refs[4];
	CashSettings settings;
	CashResult result = { rows, 0, positions, applied, 0 };
	int nrefs;
	int n;
	int i;
	int r;

	if (size < 8)
		return 0;
	settings.fee_share_ppb = (int64_t) data[0] * 1000000;
	settings.fee_max_units = (int64_t) data[1] * 100;
	settings.max_items = 1 + data[2] % 64;
	settings.node_budget = 1 + (long) data[3] * 100;
	/* accepted charges: one of any customer, one of customer 1 */
	settings.charges = charges;
	settings.ncharges = data[6] % 3;
	nrefs = data[4] % 5;
	for (r = 0; r < nrefs; r++)
	{
		refs[r].text = numbers[data[5 + r % 3] % 8];
		refs[r].len = strlen(refs[r].text);
		refs[r].weight = data[4] % 4 == 0 ? 0.9 : CASH_REF_EXACT;
	}
	data += 8;
	size -= 8;
	n = (int) (size / ITEM_BYTES);
	if (n > MAX_ITEMS)
		n = MAX_ITEMS;
	for (i = 0; i < n; i++)
	{
		const uint8_t *b = data + i * ITEM_BYTES;

		items[i].customer_id = b[0] % 4;
		items[i].invoice_id = b[1];
		items[i].due_date = b[2] % 8;
		items[i].key = b[3] & 0x80 ? NULL : numbers[b[3] % 8];
		items[i].key_len = items[i].key ? strlen(items[i].key) : 0;
		items[i].currency = b[4] % 2;
		items[i].open_units = amount(b + 5);
		items[i].pay_units = amount(b + 7);
		items[i].ref_score = -1;
	}

	if (cash_allocate(items, n, refs, nrefs, &settings, &result) != CASH_OK)
		return 0;
	for (i = 1; i < n; i++)
		if (items[i - 1].customer_id > items[i].customer_id ||
			(items[i - 1].customer_id == items[i].customer_id &&
			 items[i - 1].due_date > items[i].due_date))
			abort();
	for (i = 0; i < n; i++)
		if (items[i].ref_score < 0 || items[i].ref_score > 1)
			abort();
	if (result.nrows > n || result.nitems > n)
		abort();
	for (r = 0; r < result.nrows; r++)
	{
		const CashAllocation *row = &rows[r];
		int k;

		if (row->count < 1 || row->first + row->count > result.nitems ||
			row->write_off < 0 || row->unexplained < 0 ||
			!(row->fit >= 0 && row->fit <= 1))
			abort();
		/* the shortfall is booked on the last item, net of it */
		if (row->write_off > 0 &&
			row->write_off > applied[row->first + row->count - 1])
			abort();
		for (k = row->first; k < row->first + row->count; k++)
		{
			const CashItem *it = &items[positions[k]];

			if (positions[k] < 0 || positions[k] >= n || used[positions[k]])
				abort();
			used[positions[k]] = true;
			if (it->customer_id != row->customer_id ||
				(row->rule != CASH_RULE_AMOUNT &&
				 it->currency != row->currency))
				abort();
			if (applied[k] < 0 && it->open_units >= 0)
				abort();
			if (it->open_units >= 0 && applied[k] > it->open_units)
				abort();
		}
	}
	return 0;
}
