/*
 * camt_entry.c
 *		The camt reader's entries (Ntry): one row per entry, or per
 *		transaction (TxDtls) of a batch entry, checked against the amount
 *		booked. See camt.h.
 */
#include "core/camt_walk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money_cur.h"

/* The bank transaction code: Domn/Cd/Fmly/Cd/SubFmlyCd, else Prtry/Cd */
static bool
transaction_code(Walk *w, const xmlNode *bktxcd, CamtText *code,
				 CamtText *sub_family)
{
	const xmlNode *domain = camt_child(w, bktxcd, "Domn");
	const xmlNode *family = camt_child(w, domain, "Fmly");
	CamtText d;
	CamtText f;

	if (!camt_child_text(w, domain, "Cd", &d) ||
		!camt_child_text(w, family, "Cd", &f) ||
		!camt_child_text(w, family, "SubFmlyCd", sub_family))
		return false;
	if (d.ptr == NULL && f.ptr == NULL && sub_family->ptr == NULL)
		return camt_child_text(w, camt_child(w, bktxcd, "Prtry"), "Cd", code);
	/* as "Domn/Fmly/Sub" with the slashes of absent trailing parts cut */
	if (sub_family->ptr != NULL)
		*code = camt_scratch_printf(
			w, "%.*s/%.*s/%.*s", (int) d.len, d.ptr ? d.ptr : "", (int) f.len,
			f.ptr ? f.ptr : "", (int) sub_family->len, sub_family->ptr);
	else if (f.ptr != NULL)
		*code = camt_scratch_printf(w, "%.*s/%.*s", (int) d.len,
									d.ptr ? d.ptr : "", (int) f.len, f.ptr);
	else
		*code = d;
	if (code->ptr == NULL)
		return camt_out_of_memory(w);
	return true;
}

static bool
is_return_code(CamtText sub_family)
{
	return camt_text_equals(sub_family, "RTRN") ||
		   camt_text_equals(sub_family, "RRTN");
}

/* A party's name: Nm, or Pty/Nm (.08), whichever comes first */
static bool
party_name(Walk *w, const xmlNode *party, CamtText *out)
{
	const xmlNode *c;

	out->ptr = NULL;
	for (c = party ? party->children : NULL; c != NULL; c = c->next)
	{
		if (camt_is_element(w, c, "Nm"))
			return camt_text_of(w, c, out);
		if (camt_is_element(w, c, "Pty") && camt_child(w, c, "Nm") != NULL)
			return camt_child_text(w, c, "Nm", out);
	}
	return true;
}

/* An agent's BIC: FinInstnId/BIC (.02) or FinInstnId/BICFI */
static bool
agent_bic(Walk *w, const xmlNode *agent, CamtText *out)
{
	const xmlNode *c;

	out->ptr = NULL;
	for (c = camt_child(w, agent, "FinInstnId")
				 ? camt_child(w, agent, "FinInstnId")->children
				 : NULL;
		 c != NULL; c = c->next)
		if (camt_is_element(w, c, "BIC") || camt_is_element(w, c, "BICFI"))
			return camt_text_of(w, c, out);
	return true;
}

/* RmtInf/Ustrd, all of them, joined by spaces */
static bool
remittance(Walk *w, const xmlNode *rmtinf, CamtText *out)
{
	const xmlNode *c;
	CamtText parts[16];
	int n = 0;
	size_t len = 0;
	char *buf;
	int i;

	out->ptr = NULL;
	for (c = rmtinf ? rmtinf->children : NULL; c != NULL; c = c->next)
		if (camt_is_element(w, c, "Ustrd"))
		{
			CamtText t;

			if (!camt_text_of(w, c, &t))
				return false;
			if (t.ptr == NULL)
				continue;
			if (n == 0)
				*out = t;
			if (n < (int) (sizeof(parts) / sizeof(parts[0])))
			{
				parts[n++] = t;
				len += t.len + 1;
			}
		}
	if (n <= 1)
		return true;
	buf = camt_scratch(w->reader, len);
	if (buf == NULL)
		return camt_out_of_memory(w);
	len = 0;
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			buf[len++] = ' ';
		memcpy(buf + len, parts[i].ptr, parts[i].len);
		len += parts[i].len;
	}
	out->ptr = buf;
	out->len = len;
	return true;
}

/* RmtInf/Strd/CdtrRefInf/Ref of the first Strd that has one */
static bool
creditor_reference(Walk *w, const xmlNode *rmtinf, CamtText *out)
{
	const xmlNode *c;

	out->ptr = NULL;
	for (c = rmtinf ? rmtinf->children : NULL; c != NULL; c = c->next)
		if (camt_is_element(w, c, "Strd"))
		{
			const xmlNode *ref =
				camt_child(w, camt_child(w, c, "CdtrRefInf"), "Ref");

			if (ref != NULL)
				return camt_text_of(w, ref, out);
		}
	return true;
}

/* Add one charge amount to the running total */
static bool
add_charge(Walk *w, const xmlNode *amt, const char *path, int *count,
		   bool *mixed, ar2c_int128 *sum, CamtAmount *first)
{
	CamtAmount a;

	if (!camt_read_amount(w, amt, path, &a))
		return false;
	if (*count == 0)
		*first = a;
	else if (a.currency != first->currency)
		*mixed = true;
	*sum += a.units;
	(*count)++;
	return true;
}

/*
 * The charges of an entry or transaction: the first TtlChrgsAndTaxAmt
 * when given, else the sum of Chrgs/Amt (.02) and Chrgs/Rcrd/Amt;
 * absent when there are none or they mix currencies
 */
static bool
read_charges(Walk *w, const xmlNode *parent, const char *origin,
			 CamtAmount *out)
{
	const xmlNode *chrgs;
	const xmlNode *c;
	char path[PATH_MAX_CHARS + 64];
	CamtAmount total = { false, 0, 0 };
	CamtAmount first = { false, 0, 0 };
	ar2c_int128 sum = 0;
	int count = 0;
	bool mixed = false;

	out->present = false;
	for (chrgs = parent->children; chrgs != NULL; chrgs = chrgs->next)
	{
		if (!camt_is_element(w, chrgs, "Chrgs"))
			continue;
		for (c = chrgs->children; c != NULL; c = c->next)
		{
			if (camt_is_element(w, c, "TtlChrgsAndTaxAmt"))
			{
				snprintf(path, sizeof(path), "%s/Chrgs/TtlChrgsAndTaxAmt",
						 origin);
				if (!total.present && !camt_read_amount(w, c, path, &total))
					return false;
			}
			else if (camt_is_element(w, c, "Amt"))
			{
				snprintf(path, sizeof(path), "%s/Chrgs/Amt", origin);
				if (!add_charge(w, c, path, &count, &mixed, &sum, &first))
					return false;
			}
			else if (camt_is_element(w, c, "Rcrd") &&
					 camt_child(w, c, "Amt") != NULL)
			{
				snprintf(path, sizeof(path), "%s/Chrgs/Amt", origin);
				if (!add_charge(w, camt_child(w, c, "Amt"), path, &count,
								&mixed, &sum, &first))
					return false;
			}
		}
	}
	if (total.present)
		*out = total;
	else if (count > 0 && !mixed && money_units_fit(sum))
	{
		*out = first;
		out->units = (int64_t) sum;
	}
	return true;
}

/* An amount below AmtDtls in another currency, or a CcyXchg */
static bool
has_exchange(const Walk *w, const xmlNode *n, CamtText currency)
{
	const xmlNode *c;

	for (c = n ? n->children : NULL; c != NULL; c = c->next)
	{
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (camt_is_element(w, c, "CcyXchg"))
			return true;
		if (camt_is_element(w, c, "Amt") &&
			!camt_same_text(camt_attribute(c, "Ccy"), currency))
			return true;
		if (has_exchange(w, c, currency))
			return true;
	}
	return false;
}

/* What an entry gives all its rows */
typedef struct EntryFields
{
	const xmlNode *node;
	char origin[PATH_MAX_CHARS];
	CamtText currency; /* Ntry/Amt/@Ccy as written */
	CamtAmount amount;
	char direction;
	bool reversal;
	CamtDate booking_date;
	CamtDate value_date;
	CamtText entry_ref;
	CamtText bank_reference;
	CamtText code;
	CamtText sub_family;
	CamtText info;
	int transactions;
} EntryFields;

/* A row of the entry: the entry itself (tx NULL) or its transaction */
static bool
read_row(Walk *w, const EntryFields *e, const xmlNode *tx, int number,
		 CamtRow *row)
{
	char path[PATH_MAX_CHARS + 64];
	const xmlNode *refs = camt_child(w, tx, "Refs");
	const xmlNode *parties = camt_child(w, tx, "RltdPties");
	const xmlNode *agents = camt_child(w, tx, "RltdAgts");
	const xmlNode *rmtinf = camt_child(w, tx, "RmtInf");
	const xmlNode *tx_amt = camt_child(w, tx, "Amt");
	const xmlNode *tx_amt2 = camt_child(
		w, camt_child(w, camt_child(w, tx, "AmtDtls"), "TxAmt"), "Amt");
	CamtText tx_indicator;
	CamtText tx_reference;
	CamtText tx_info;
	CamtText tx_sub_family = { NULL, 0 };
	CamtText tx_code;
	CamtAmount tx_amount = { false, 0, 0 };
	bool payer_side;

	memset(row, 0, sizeof(*row));
	row->transaction_number = number;
	row->origin = e->transactions > 0
					  ? camt_scratch_printf(w, "%s/NtryDtls/TxDtls[%d]",
											e->origin, number)
					  : camt_scratch_printf(w, "%s", e->origin);
	if (row->origin.ptr == NULL)
		return camt_out_of_memory(w);

	if (!camt_child_text(w, tx, "CdtDbtInd", &tx_indicator))
		return false;
	row->direction = e->direction;
	if (tx_indicator.ptr != NULL)
	{
		row->direction = camt_direction_of(tx_indicator);
		if (row->direction == 0)
		{
			snprintf(path, sizeof(path), "%.*s/CdtDbtInd",
					 (int) row->origin.len, row->origin.ptr);
			return camt_fail_at(
				w, CAMT_INVALID, path, "It must be CRDT or DBIT.",
				"CdtDbtInd is \"%.*s\"", camt_quote_len(tx_indicator),
				tx_indicator.ptr);
		}
	}
	/* the transaction's amount, in the entry's currency */
	if (tx_amt != NULL &&
		camt_same_text(camt_attribute(tx_amt, "Ccy"), e->currency))
	{
		snprintf(path, sizeof(path), "%.*s/Amt", (int) row->origin.len,
				 row->origin.ptr);
		if (!camt_read_amount(w, tx_amt, path, &tx_amount))
			return false;
	}
	else if (tx_amt2 != NULL &&
			 camt_same_text(camt_attribute(tx_amt2, "Ccy"), e->currency))
	{
		snprintf(path, sizeof(path), "%.*s/AmtDtls/TxAmt/Amt",
				 (int) row->origin.len, row->origin.ptr);
		if (!camt_read_amount(w, tx_amt2, path, &tx_amount))
			return false;
	}
	/* charges of the transaction, or of an entry of one transaction */
	if (camt_child(w, tx, "Chrgs") != NULL)
	{
		if (!read_charges(w, tx, row->origin.ptr, &row->charges))
			return false;
	}
	else if (e->transactions <= 1 &&
			 !read_charges(w, e->node, e->origin, &row->charges))
		return false;

	row->entry_amount = e->amount;
	if (e->transactions == 1 &&
		(has_exchange(w, camt_child(w, tx, "AmtDtls"), e->currency) ||
		 (tx_amt != NULL &&
		  !camt_same_text(camt_attribute(tx_amt, "Ccy"), e->currency))))
		/* a currency exchange: the amount booked is the entry's */
		row->amount = e->amount;
	else if (e->transactions == 1 && tx_amount.present &&
			 tx_amount.units != e->amount.units)
	{
		char booked[MONEY_TEXT_MAX];
		char stated[MONEY_TEXT_MAX];
		MoneyCur m;

		m.currency = e->amount.currency;
		m.units = tx_amount.units;
		money_format(m, stated);
		m.units = e->amount.units;
		money_format(m, booked);
		camt_fail_at(
			w, CAMT_INCONSISTENT, e->origin,
			"The one TxDtls of an entry states the amount booked "
			"(Ntry/Amt) unless it records a currency exchange; the file "
			"may be altered.",
			"the transaction amount %s is not the booked entry amount %s",
			stated, booked);
		snprintf(
			w->err->hint, CAMT_MESSAGE_MAX,
			"Nothing was imported. Ask the bank for the statement again.");
		return false;
	}
	else if (tx_amount.present)
		row->amount = tx_amount;
	else if (e->transactions <= 1)
		row->amount = e->amount;
	else
	{
		char currency[4];

		currency_unpack(e->amount.currency, currency);
		return camt_fail_at(
			w, CAMT_INVALID, row->origin.ptr,
			"Each TxDtls of a batch entry needs Amt (or "
			"AmtDtls/TxAmt/Amt) in the entry's currency.",
			"the transaction has no amount in %s, and its entry "
			"holds %d transactions",
			currency, e->transactions);
	}

	row->entry_ref = e->entry_ref;
	if (!camt_child_text(w, refs, "AcctSvcrRef", &tx_reference))
		return false;
	row->bank_reference = tx_reference.ptr ? tx_reference : e->bank_reference;
	row->booking_date = e->booking_date;
	row->value_date = e->value_date;
	row->reversal = e->reversal;
	row->transaction_code = e->code;

	/*
	 * The other party: the debtor of a credit, the creditor of a debit,
	 * and the other way round for a reversal, whose parties are the
	 * original's
	 */
	payer_side = (row->direction == 'C') != row->reversal;
	if (!party_name(w, camt_child(w, parties, payer_side ? "Dbtr" : "Cdtr"),
					&row->counterparty_name) ||
		!camt_read_account(
			w, camt_child(w, parties, payer_side ? "DbtrAcct" : "CdtrAcct"),
			&row->counterparty_account) ||
		!agent_bic(w,
				   camt_child(w, agents, payer_side ? "DbtrAgt" : "CdtrAgt"),
				   &row->counterparty_bic) ||
		!remittance(w, rmtinf, &row->remittance_text) ||
		!creditor_reference(w, rmtinf, &row->structured_reference) ||
		!camt_child_text(w, refs, "EndToEndId", &row->end_to_end_id) ||
		!camt_child_text(w, refs, "MndtId", &row->mandate_reference) ||
		!camt_child_text(w, tx, "AddtlTxInf", &tx_info))
		return false;
	if (camt_text_equals(row->end_to_end_id, "NOTPROVIDED"))
	{
		row->end_to_end_id.ptr = NULL;
		row->end_to_end_id.len = 0;
	}
	row->bank_text = tx_info.ptr ? tx_info : e->info;
	if (camt_child(w, tx, "BkTxCd") != NULL &&
		!transaction_code(w, camt_child(w, tx, "BkTxCd"), &tx_code,
						  &tx_sub_family))
		return false;
	row->is_return = is_return_code(e->sub_family) ||
					 is_return_code(tx_sub_family) ||
					 camt_child(w, tx, "RtrInf") != NULL;
	return true;
}

/* Room for n rows and transactions of an entry */
static bool
reserve(Walk *w, size_t n)
{
	if (n > w->rows_capacity)
	{
		size_t capacity = n < 16 ? 16 : n * 2;
		CamtRow *rows = realloc(w->rows, capacity * sizeof(CamtRow));

		if (rows == NULL)
			return camt_out_of_memory(w);
		w->rows = rows;
		w->rows_capacity = capacity;
	}
	if (n > w->transactions_capacity)
	{
		size_t capacity = n < 16 ? 16 : n * 2;
		xmlNode **tx = realloc(w->transactions, capacity * sizeof(xmlNode *));

		if (tx == NULL)
			return camt_out_of_memory(w);
		w->transactions = tx;
		w->transactions_capacity = capacity;
	}
	return true;
}

bool
camt_read_entry(Walk *w, const CamtStatement *st, const xmlNode *ntry,
				int number, bool *emitted)
{
	EntryFields e;
	char path[PATH_MAX_CHARS + 32];
	const xmlNode *c;
	const xmlNode *amt = NULL;
	CamtText status;
	CamtText indicator;
	CamtText reversal;
	int rows;
	int i;

	memset(&e, 0, sizeof(e));
	e.node = ntry;
	snprintf(e.origin, sizeof(e.origin), "%.*s/Ntry[%d]", (int) st->path.len,
			 st->path.ptr, number);

	/* booked entries only: pending or informative ones are not in the balances */
	if (!camt_child_text(w, ntry, "Sts", &status))
		return false;
	if (status.ptr != NULL && !camt_text_equals(status, "BOOK"))
		return true;

	/* the transactions, over every NtryDtls */
	for (c = ntry->children; c != NULL; c = c->next)
		if (camt_is_element(w, c, "NtryDtls"))
		{
			const xmlNode *t;

			for (t = c->children; t != NULL; t = t->next)
				if (camt_is_element(w, t, "TxDtls"))
				{
					if (!reserve(w, (size_t) e.transactions + 1))
						return false;
					w->transactions[e.transactions++] = (xmlNode *) t;
				}
		}
	rows = e.transactions > 0 ? e.transactions : 1;
	if (!reserve(w, (size_t) rows))
		return false;

	amt = camt_child(w, ntry, "Amt");
	e.currency = camt_attribute(amt, "Ccy");
	snprintf(path, sizeof(path), "%s/Amt", e.origin);
	if (!camt_read_amount(w, amt, path, &e.amount))
		return false;
	if (!camt_child_text(w, ntry, "CdtDbtInd", &indicator))
		return false;
	e.direction = camt_direction_of(indicator);
	if (e.direction == 0)
	{
		snprintf(path, sizeof(path), "%s/CdtDbtInd", e.origin);
		return camt_fail_at(w, CAMT_INVALID, path, "It must be CRDT or DBIT.",
							"CdtDbtInd is \"%.*s\"", camt_quote_len(indicator),
							indicator.ptr ? indicator.ptr : "");
	}
	if (!camt_child_text(w, ntry, "RvslInd", &reversal))
		return false;
	e.reversal =
		camt_text_equals(reversal, "true") || camt_text_equals(reversal, "1");
	snprintf(path, sizeof(path), "%s/BookgDt", e.origin);
	if (!camt_read_date(w, camt_child(w, ntry, "BookgDt"), false, path,
						&e.booking_date))
		return false;
	snprintf(path, sizeof(path), "%s/ValDt", e.origin);
	if (!camt_read_date(w, camt_child(w, ntry, "ValDt"), false, path,
						&e.value_date))
		return false;
	if (!camt_child_text(w, ntry, "NtryRef", &e.entry_ref) ||
		!camt_child_text(w, ntry, "AcctSvcrRef", &e.bank_reference) ||
		!camt_child_text(w, ntry, "AddtlNtryInf", &e.info))
		return false;
	if (camt_child(w, ntry, "BkTxCd") != NULL &&
		!transaction_code(w, camt_child(w, ntry, "BkTxCd"), &e.code,
						  &e.sub_family))
		return false;

	for (i = 0; i < rows; i++)
	{
		if (!read_row(w, &e, e.transactions > 0 ? w->transactions[i] : NULL,
					  i + 1, &w->rows[i]))
			return false;
		w->rows[i].entry_number = number;
	}

	/* a batch entry: its transactions add up to it */
	if (e.transactions > 1)
	{
		ar2c_int128 sum = 0;

		for (i = 0; i < rows; i++)
			sum += w->rows[i].direction == e.direction
					   ? w->rows[i].amount.units
					   : -w->rows[i].amount.units;
		if (sum != e.amount.units)
		{
			char total[MONEY_TEXT_MAX];
			char entry[MONEY_TEXT_MAX];
			MoneyCur m;

			m.currency = e.amount.currency;
			m.units = money_units_fit(sum) ? (int64_t) sum : 0;
			money_format(m, total);
			m.units = e.amount.units;
			money_format(m, entry);
			return camt_fail_at(
				w, CAMT_INCONSISTENT, e.origin,
				"The TxDtls amounts of a batch entry must add up to "
				"its Amt.",
				"the %d transactions of the entry add up to %s, the "
				"entry is %s",
				e.transactions, total, entry);
		}
	}
	for (i = 0; i < rows; i++)
		w->emit(w->context, st, &w->rows[i]);
	*emitted = true;
	return true;
}
