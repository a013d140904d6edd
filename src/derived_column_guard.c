/*
 * derived_column_guard.c
 *		BEFORE UPDATE row trigger that refuses a change of a column ar2c
 *		maintains (an invoice's open amount, a payment's unapplied amount,
 *		...) unless ar2c's own trigger code makes it.
 *
 * ar2c's maintenance triggers are SECURITY DEFINER functions owned by the
 * superuser who installed the extension, so their updates run with a
 * locally changed, superuser user id. Any other update, direct or from
 * a trigger or function of another role, runs as that role and is refused.
 * A superuser's own direct UPDATE is refused too, so that the guard says
 * the same thing to everyone; the trigger is not SECURITY DEFINER, so it
 * sees the user id of the statement that fired it.
 *
 * Created with a WHEN (OLD.column IS DISTINCT FROM NEW.column) condition,
 * it runs only when the column changes. Its arguments: the error message,
 * the detail and the hint.
 */
#include "ar2c.h"

#include "commands/trigger.h"
#include "miscadmin.h"

PG_FUNCTION_INFO_V1(derived_column_guard);
/* Refuse a change of a maintained column that ar2c's triggers did not make */
Datum
derived_column_guard(PG_FUNCTION_ARGS)
{
	TriggerData *trigdata = (TriggerData *) fcinfo->context;
	Trigger *trigger;

	if (!CALLED_AS_TRIGGER(fcinfo) ||
		!TRIGGER_FIRED_BEFORE(trigdata->tg_event) ||
		!TRIGGER_FIRED_FOR_ROW(trigdata->tg_event) ||
		!TRIGGER_FIRED_BY_UPDATE(trigdata->tg_event) ||
		trigdata->tg_trigger->tgnargs != 3)
		elog(ERROR, "derived_column_guard must be a BEFORE UPDATE row trigger "
					"with three arguments");
	trigger = trigdata->tg_trigger;

	if (!(InLocalUserIdChange() && superuser()))
		ereport(ERROR, (errcode(ERRCODE_GENERATED_ALWAYS),
						errmsg("%s", trigger->tgargs[0]),
						errdetail("%s", trigger->tgargs[1]),
						errhint("%s", trigger->tgargs[2])));
	return PointerGetDatum(trigdata->tg_newtuple);
}
