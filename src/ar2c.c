/*
 * ar2c.c
 *		Module entry point: the magic block and the GUCs.
 *
 * ar2c needs no shared_preload_libraries entry and installs no hooks; the
 * GUCs are defined when the library is first loaded in a session.
 */
#include "ar2c.h"

#include "utils/guc.h"

PG_MODULE_MAGIC;

void _PG_init(void);

/* Define the GUCs and reserve the "ar2c." prefix */
void
_PG_init(void)
{
	money_cur_define_gucs();
	aging_bucket_define_gucs();
	MarkGUCPrefixReserved("ar2c");
}
