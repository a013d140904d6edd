/*
 * session_role.c
 *		The role a session acts as, for deciding which companies it sees.
 *
 * Inside a SECURITY DEFINER function current_user is the function's owner,
 * so visibility cannot come from it, nor from an argument a caller fills
 * in. The outer user is the session's role (SET ROLE included), which no
 * SECURITY DEFINER function changes; parallel workers inherit it from
 * their leader.
 */
#include "ar2c.h"

#include "miscadmin.h"

PG_FUNCTION_INFO_V1(session_role);
/* The session's role, as SET ROLE left it */
Datum
session_role(PG_FUNCTION_ARGS)
{
	PG_RETURN_OID(GetOuterUserId());
}
