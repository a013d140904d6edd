/* placeholder replaced by the aging_bucket work */
#include "ar2c.h"

void
aging_bucket_define_gucs(void)
{
}
