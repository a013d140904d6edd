/*
 * company_scope.c
 *		The companies the session sees, read once per query expression.
 *
 * The row-level security policies compare company_id with the array of
 * ar2c.visible_companies(). A scalar subquery would evaluate it once per
 * query (an InitPlan), but Citus refuses subqueries in the policies of
 * distributed tables; a plain call would run its catalog lookups for every
 * row. This function calls it once and keeps the array in the expression's
 * fn_extra, which lives as long as the query's plan node.
 */
#include "ar2c.h"

#include "catalog/namespace.h"
#include "nodes/value.h"
#include "parser/parse_func.h"
#include "utils/memutils.h"

/* The OID of ar2c.visible_companies(), found once per backend */
static Oid
VisibleCompaniesOid(void)
{
	static Oid oid = InvalidOid;

	if (!OidIsValid(oid))
		oid = LookupFuncName(
			list_make2(makeString("ar2c"), makeString("visible_companies")), 0,
			NULL, false);
	return oid;
}

PG_FUNCTION_INFO_V1(scoped_companies);
/* ar2c.visible_companies(), computed on the first call of this expression */
Datum
scoped_companies(PG_FUNCTION_ARGS)
{
	ArrayType *cached = (ArrayType *) fcinfo->flinfo->fn_extra;

	if (cached == NULL)
	{
		Datum companies = OidFunctionCall0(VisibleCompaniesOid());
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		cached = DatumGetArrayTypePCopy(companies);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = cached;
	}
	PG_RETURN_ARRAYTYPE_P(cached);
}
