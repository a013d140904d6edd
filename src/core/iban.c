/*
 * iban.c
 *		IBAN (ISO 13616): parsing, the SWIFT IBAN registry, mod 97 checks.
 *
 * The table is the SWIFT IBAN Registry, release 101: every country's IBAN
 * length and BBAN structure in the registry's notation, where "8!n" is
 * eight digits, "4!a" four capital letters and "12!c" twelve letters or
 * digits. A country that joins the registry needs one line here.
 */
#include "core/iban.h"

#include <string.h>

#include "core/reference.h"

/* Alphabetical by code, so look-ups can bisect */
static const IbanCountry iban_countries[] = {
	{ "AD", "Andorra", 24, "4!n4!n12!c" },
	{ "AE", "United Arab Emirates", 23, "3!n16!n" },
	{ "AL", "Albania", 28, "8!n16!c" },
	{ "AT", "Austria", 20, "5!n11!n" },
	{ "AZ", "Azerbaijan", 28, "4!a20!c" },
	{ "BA", "Bosnia and Herzegovina", 20, "3!n3!n8!n2!n" },
	{ "BE", "Belgium", 16, "3!n7!n2!n" },
	{ "BG", "Bulgaria", 22, "4!a4!n2!n8!c" },
	{ "BH", "Bahrain", 22, "4!a14!c" },
	{ "BI", "Burundi", 27, "5!n5!n11!n2!n" },
	{ "BR", "Brazil", 29, "8!n5!n10!n1!a1!c" },
	{ "BY", "Belarus", 28, "4!c4!n16!c" },
	{ "CH", "Switzerland", 21, "5!n12!c" },
	{ "CR", "Costa Rica", 22, "4!n14!n" },
	{ "CY", "Cyprus", 28, "3!n5!n16!c" },
	{ "CZ", "Czechia", 24, "4!n16!n" },
	{ "DE", "Germany", 22, "8!n10!n" },
	{ "DJ", "Djibouti", 27, "5!n5!n11!n2!n" },
	{ "DK", "Denmark", 18, "4!n9!n1!n" },
	{ "DO", "Dominican Republic", 28, "4!c20!n" },
	{ "EE", "Estonia", 20, "2!n14!n" },
	{ "EG", "Egypt", 29, "4!n4!n17!n" },
	{ "ES", "Spain", 24, "4!n4!n1!n1!n10!n" },
	{ "FI", "Finland", 18, "3!n11!n" },
	{ "FK", "Falkland Islands", 18, "2!a12!n" },
	{ "FO", "Faroe Islands", 18, "4!n9!n1!n" },
	{ "FR", "France", 27, "5!n5!n11!c2!n" },
	{ "GB", "United Kingdom", 22, "4!a6!n8!n" },
	{ "GE", "Georgia", 22, "2!a16!n" },
	{ "GI", "Gibraltar", 23, "4!a15!c" },
	{ "GL", "Greenland", 18, "4!n9!n1!n" },
	{ "GR", "Greece", 27, "3!n4!n16!c" },
	{ "GT", "Guatemala", 28, "4!c20!c" },
	{ "HN", "Honduras", 28, "4!a20!n" },
	{ "HR", "Croatia", 21, "7!n10!n" },
	{ "HU", "Hungary", 28, "3!n4!n1!n15!n1!n" },
	{ "IE", "Ireland", 22, "4!a6!n8!n" },
	{ "IL", "Israel", 23, "3!n3!n13!n" },
	{ "IQ", "Iraq", 23, "4!a3!n12!n" },
	{ "IS", "Iceland", 26, "4!n2!n6!n10!n" },
	{ "IT", "Italy", 27, "1!a5!n5!n12!c" },
	{ "JO", "Jordan", 30, "4!a4!n18!c" },
	{ "KW", "Kuwait", 30, "4!a22!c" },
	{ "KZ", "Kazakhstan", 20, "3!n13!c" },
	{ "LB", "Lebanon", 28, "4!n20!c" },
	{ "LC", "Saint Lucia", 32, "4!a24!c" },
	{ "LI", "Liechtenstein", 21, "5!n12!c" },
	{ "LT", "Lithuania", 20, "5!n11!n" },
	{ "LU", "Luxembourg", 20, "3!n13!c" },
	{ "LV", "Latvia", 21, "4!a13!c" },
	{ "LY", "Libya", 25, "3!n3!n15!n" },
	{ "MC", "Monaco", 27, "5!n5!n11!c2!n" },
	{ "MD", "Moldova", 24, "2!c18!c" },
	{ "ME", "Montenegro", 22, "3!n13!n2!n" },
	{ "MK", "North Macedonia", 19, "3!n10!c2!n" },
	{ "MN", "Mongolia", 20, "4!n12!n" },
	{ "MR", "Mauritania", 27, "5!n5!n11!n2!n" },
	{ "MT", "Malta", 31, "4!a5!n18!c" },
	{ "MU", "Mauritius", 30, "4!a2!n2!n12!n3!n3!a" },
	{ "NI", "Nicaragua", 28, "4!a20!n" },
	{ "NL", "Netherlands", 18, "4!a10!n" },
	{ "NO", "Norway", 15, "4!n6!n1!n" },
	{ "OM", "Oman", 23, "3!n16!c" },
	{ "PK", "Pakistan", 24, "4!a16!c" },
	{ "PL", "Poland", 28, "8!n16!n" },
	{ "PS", "Palestine", 29, "4!a21!c" },
	{ "PT", "Portugal", 25, "4!n4!n11!n2!n" },
	{ "QA", "Qatar", 29, "4!a21!c" },
	{ "RO", "Romania", 24, "4!a16!c" },
	{ "RS", "Serbia", 22, "3!n13!n2!n" },
	{ "RU", "Russian Federation", 33, "9!n5!n15!c" },
	{ "SA", "Saudi Arabia", 24, "2!n18!c" },
	{ "SC", "Seychelles", 31, "4!a2!n2!n16!n3!a" },
	{ "SD", "Sudan", 18, "2!n12!n" },
	{ "SE", "Sweden", 24, "3!n16!n1!n" },
	{ "SI", "Slovenia", 19, "5!n8!n2!n" },
	{ "SK", "Slovakia", 24, "4!n6!n10!n" },
	{ "SM", "San Marino", 27, "1!a5!n5!n12!c" },
	{ "SO", "Somalia", 23, "4!n3!n12!n" },
	{ "ST", "Sao Tome and Principe", 25, "4!n4!n11!n2!n" },
	{ "SV", "El Salvador", 28, "4!a20!n" },
	{ "TL", "Timor-Leste", 23, "3!n14!n2!n" },
	{ "TN", "Tunisia", 24, "2!n3!n13!n2!n" },
	{ "TR", "Turkiye", 26, "5!n1!n16!c" },
	{ "UA", "Ukraine", 29, "6!n19!c" },
	{ "VA", "Holy See (Vatican City)", 22, "3!n15!n" },
	{ "VG", "British Virgin Islands", 24, "4!a16!n" },
	{ "XK", "Kosovo", 20, "4!n10!n2!n" },
	{ "YE", "Yemen", 30, "4!a4!n18!c" },
};

#define IBAN_COUNTRY_COUNT (sizeof(iban_countries) / sizeof(iban_countries[0]))

/* Countries in the registry */
size_t
iban_country_count(void)
{
	return IBAN_COUNTRY_COUNT;
}

/* Country i, alphabetically; NULL past the end */
const IbanCountry *
iban_country_at(size_t i)
{
	return i < IBAN_COUNTRY_COUNT ? &iban_countries[i] : NULL;
}

/* Registry entry of a two-letter code, either case, or NULL */
const IbanCountry *
iban_country_lookup(const char *code, size_t len)
{
	char key[3];
	size_t lo = 0;
	size_t hi = IBAN_COUNTRY_COUNT;

	if (len != 2 || !ref_is_letter((unsigned char) code[0]) ||
		!ref_is_letter((unsigned char) code[1]))
		return NULL;
	key[0] = (char) ref_upper((unsigned char) code[0]);
	key[1] = (char) ref_upper((unsigned char) code[1]);
	key[2] = '\0';
	while (lo < hi)
	{
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(key, iban_countries[mid].code);

		if (cmp == 0)
			return &iban_countries[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Remainder mod 97 of the number a letter or digit string spells */
unsigned
iban_mod97(const char *s, size_t len)
{
	unsigned rem = 0;
	size_t i;

	for (i = 0; i < len; i++)
	{
		uint32_t c = ref_upper((unsigned char) s[i]);

		if (ref_is_digit(c))
			rem = (rem * 10 + (c - '0')) % 97;
		else if (c >= 'A' && c <= 'Z')
			rem = (rem * 100 + (c - 'A' + 10)) % 97;
	}
	return rem;
}

/* Move the first four characters to the end and check the remainder is 1 */
bool
iban_checksum_ok(const char *iban, size_t len)
{
	unsigned rem;
	size_t i;

	if (len < 5)
		return false;
	/* continue the remainder of the tail over the first four characters */
	rem = iban_mod97(iban + 4, len - 4);
	for (i = 0; i < 4; i++)
	{
		uint32_t c = ref_upper((unsigned char) iban[i]);

		if (ref_is_digit(c))
			rem = (rem * 10 + (c - '0')) % 97;
		else if (c >= 'A' && c <= 'Z')
			rem = (rem * 100 + (c - 'A' + 10)) % 97;
		else
			return false;
	}
	return rem == 1;
}

/* True if a character fits a registry type: n digit, a letter, c either */
static bool
bban_char_fits(char type, char c)
{
	switch (type)
	{
		case 'n':
			return ref_is_digit((unsigned char) c);
		case 'a':
			return c >= 'A' && c <= 'Z';
		default:
			return ref_is_alnum((unsigned char) c);
	}
}

/*
 * Check the BBAN (iban from index 4) against the registry notation; on a
 * mismatch set the index and the expected type.
 */
static bool
bban_matches(const IbanCountry *country, const char *iban, IbanParse *out)
{
	const char *f = country->bban;
	size_t i = 4;

	while (*f)
	{
		unsigned count = 0;
		char type;

		while (*f >= '0' && *f <= '9')
			count = count * 10 + (unsigned) (*f++ - '0');
		if (*f == '!')
			f++;
		type = *f++;
		while (count-- > 0)
		{
			if (!bban_char_fits(type, iban[i]))
			{
				out->bad_index = i;
				out->bad_expected = type;
				return false;
			}
			i++;
		}
	}
	return true;
}

/*
 * Read letters and digits, skipping white space, then check country,
 * length, check digits, BBAN structure and the checksum, in that order,
 * so the error names the first thing a person would fix.
 */
IbanStatus
iban_parse(const char *text, size_t len, IbanParse *out)
{
	memset(out, 0, sizeof(*out));
	if (!ref_compact(text, len, out->iban, IBAN_MAX_LEN, &out->len,
					 &out->bad_offset, &out->bad_bytes))
		return IBAN_BAD_CHARACTER;

	if (out->len == 0)
		return IBAN_EMPTY;
	if (out->len < 2 || !ref_is_letter((unsigned char) out->iban[0]) ||
		!ref_is_letter((unsigned char) out->iban[1]))
		return IBAN_NO_COUNTRY;
	out->country = iban_country_lookup(out->iban, 2);
	if (out->country == NULL)
		return IBAN_UNKNOWN_COUNTRY;
	if (out->len != out->country->length)
		return IBAN_BAD_LENGTH;
	if (!ref_is_digit((unsigned char) out->iban[2]) ||
		!ref_is_digit((unsigned char) out->iban[3]))
		return IBAN_BAD_CHECK_DIGITS;
	if (!bban_matches(out->country, out->iban, out))
		return IBAN_BAD_FORMAT;

	/*
	 * Computed check digits are 98 minus a remainder, so 02..98; "00",
	 * "01" and "99" can pass the remainder test but are never issued.
	 */
	if (strncmp(out->iban + 2, "00", 2) == 0 ||
		strncmp(out->iban + 2, "01", 2) == 0 ||
		strncmp(out->iban + 2, "99", 2) == 0 ||
		!iban_checksum_ok(out->iban, out->len))
		return IBAN_BAD_CHECK_DIGITS;
	return IBAN_OK;
}
