/*
 * utf8_text.c
 *		Text at the server's boundary: the plain-C cores work on UTF-8, the
 *		server may store another encoding. One place converts both ways.
 *
 * UTF-8 and SQL_ASCII databases pass their bytes through unchanged (a
 * SQL_ASCII database says nothing of its bytes; the cores check them).
 */
#include "ar2c.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

bool
utf8_needs_conversion(void)
{
	int encoding = GetDatabaseEncoding();

	return encoding != PG_UTF8 && encoding != PG_SQL_ASCII;
}

const char *
text_utf8(text *t, size_t *len)
{
	const char *s = VARDATA_ANY(t);
	int n = VARSIZE_ANY_EXHDR(t);
	char *converted;

	*len = (size_t) n;
	if (!utf8_needs_conversion())
		return s;
	converted = pg_server_to_any(s, n, PG_UTF8);
	if (converted != s)
		*len = strlen(converted);
	return converted;
}

text *
utf8_text(const char *s, size_t len)
{
	char *converted;

	if (!utf8_needs_conversion())
		return cstring_to_text_with_len(s, (int) len);
	converted = pg_any_to_server(s, (int) len, PG_UTF8);
	if (converted == s)
		return cstring_to_text_with_len(s, (int) len);
	return cstring_to_text(converted);
}

char *
utf8_cstring(const char *s, size_t len)
{
	char *converted;

	if (utf8_needs_conversion())
	{
		converted = pg_any_to_server(s, (int) len, PG_UTF8);
		if (converted != s)
			return converted;
	}
	return pnstrdup(s, len);
}

const char *
text_element_utf8(Datum d, bool isnull, size_t *len)
{
	*len = 0;
	if (isnull)
		return NULL;
	return text_utf8(DatumGetTextPP(d), len);
}
