/*
 * currency.c
 *		ISO 4217 table and look-ups (plain C, no postgres.h)
 *
 * The table is List One of ISO 4217 ("current currency & funds") as it
 * stands after Amendment 180, i.e. the list in force from 2026-01-01:
 *
 *	- Amendment 176: XCG (Caribbean Guilder, 532) replaced ANG, which
 *	  reuses ANG's numeric code; ANG is left out.
 *	- Amendment 177: ZWG (Zimbabwe Gold, 924) replaced ZWL; ZWL is left
 *	  out.
 *	- Amendment 178: CUC moved to the historic list; left out.
 *	- Amendment 179: XAD (Arab Accounting Dinar, 396, 2) added.
 *	- Amendment 180: BGN withdrawn, Bulgaria adopting the euro on
 *	  2026-01-01; left out.
 *
 * Older withdrawals are also absent: HRK (euro, 2023), SLL (redenominated
 * into SLE), MRO, STD, VEF, BYR and the like.  Keeping only List One means
 * a code is accepted for new money values only while ISO lists it.
 *
 * Names are ISO's English names, in UTF-8: three of them (VED, VES, TOP)
 * are not plain ASCII.
 */
#include "core/currency.h"

#include <stdbool.h>

/* Minor units where ISO 4217 says "N.A."; keeps the table rows short */
#define NA AR2C_MINOR_UNITS_NA

/*
 * Sorted by code, strictly: currency_at() and currency_suggest() rely on
 * it, and the unit tests check it.  Numeric codes are written in decimal
 * without ISO's leading zeros, which C would read as octal.
 */
static const CurrencyInfo currency_table[] = {
	{ "AED", 784, 2, "UAE Dirham" },
	{ "AFN", 971, 2, "Afghani" },
	{ "ALL", 8, 2, "Lek" },
	{ "AMD", 51, 2, "Armenian Dram" },
	{ "AOA", 973, 2, "Kwanza" },
	{ "ARS", 32, 2, "Argentine Peso" },
	{ "AUD", 36, 2, "Australian Dollar" },
	{ "AWG", 533, 2, "Aruban Florin" },
	{ "AZN", 944, 2, "Azerbaijan Manat" },
	{ "BAM", 977, 2, "Convertible Mark" },
	{ "BBD", 52, 2, "Barbados Dollar" },
	{ "BDT", 50, 2, "Taka" },
	{ "BHD", 48, 3, "Bahraini Dinar" },
	{ "BIF", 108, 0, "Burundi Franc" },
	{ "BMD", 60, 2, "Bermudian Dollar" },
	{ "BND", 96, 2, "Brunei Dollar" },
	{ "BOB", 68, 2, "Boliviano" },
	{ "BOV", 984, 2, "Mvdol" },
	{ "BRL", 986, 2, "Brazilian Real" },
	{ "BSD", 44, 2, "Bahamian Dollar" },
	{ "BTN", 64, 2, "Ngultrum" },
	{ "BWP", 72, 2, "Pula" },
	{ "BYN", 933, 2, "Belarusian Ruble" },
	{ "BZD", 84, 2, "Belize Dollar" },
	{ "CAD", 124, 2, "Canadian Dollar" },
	{ "CDF", 976, 2, "Congolese Franc" },
	{ "CHE", 947, 2, "WIR Euro" },
	{ "CHF", 756, 2, "Swiss Franc" },
	{ "CHW", 948, 2, "WIR Franc" },
	{ "CLF", 990, 4, "Unidad de Fomento" },
	{ "CLP", 152, 0, "Chilean Peso" },
	{ "CNY", 156, 2, "Yuan Renminbi" },
	{ "COP", 170, 2, "Colombian Peso" },
	{ "COU", 970, 2, "Unidad de Valor Real" },
	{ "CRC", 188, 2, "Costa Rican Colon" },
	{ "CUP", 192, 2, "Cuban Peso" },
	{ "CVE", 132, 2, "Cabo Verde Escudo" },
	{ "CZK", 203, 2, "Czech Koruna" },
	{ "DJF", 262, 0, "Djibouti Franc" },
	{ "DKK", 208, 2, "Danish Krone" },
	{ "DOP", 214, 2, "Dominican Peso" },
	{ "DZD", 12, 2, "Algerian Dinar" },
	{ "EGP", 818, 2, "Egyptian Pound" },
	{ "ERN", 232, 2, "Nakfa" },
	{ "ETB", 230, 2, "Ethiopian Birr" },
	{ "EUR", 978, 2, "Euro" },
	{ "FJD", 242, 2, "Fiji Dollar" },
	{ "FKP", 238, 2, "Falkland Islands Pound" },
	{ "GBP", 826, 2, "Pound Sterling" },
	{ "GEL", 981, 2, "Lari" },
	{ "GHS", 936, 2, "Ghana Cedi" },
	{ "GIP", 292, 2, "Gibraltar Pound" },
	{ "GMD", 270, 2, "Dalasi" },
	{ "GNF", 324, 0, "Guinean Franc" },
	{ "GTQ", 320, 2, "Quetzal" },
	{ "GYD", 328, 2, "Guyana Dollar" },
	{ "HKD", 344, 2, "Hong Kong Dollar" },
	{ "HNL", 340, 2, "Lempira" },
	{ "HTG", 332, 2, "Gourde" },
	{ "HUF", 348, 2, "Forint" },
	{ "IDR", 360, 2, "Rupiah" },
	{ "ILS", 376, 2, "New Israeli Sheqel" },
	{ "INR", 356, 2, "Indian Rupee" },
	{ "IQD", 368, 3, "Iraqi Dinar" },
	{ "IRR", 364, 2, "Iranian Rial" },
	{ "ISK", 352, 0, "Iceland Krona" },
	{ "JMD", 388, 2, "Jamaican Dollar" },
	{ "JOD", 400, 3, "Jordanian Dinar" },
	{ "JPY", 392, 0, "Yen" },
	{ "KES", 404, 2, "Kenyan Shilling" },
	{ "KGS", 417, 2, "Som" },
	{ "KHR", 116, 2, "Riel" },
	{ "KMF", 174, 0, "Comorian Franc" },
	{ "KPW", 408, 2, "North Korean Won" },
	{ "KRW", 410, 0, "Won" },
	{ "KWD", 414, 3, "Kuwaiti Dinar" },
	{ "KYD", 136, 2, "Cayman Islands Dollar" },
	{ "KZT", 398, 2, "Tenge" },
	{ "LAK", 418, 2, "Lao Kip" },
	{ "LBP", 422, 2, "Lebanese Pound" },
	{ "LKR", 144, 2, "Sri Lanka Rupee" },
	{ "LRD", 430, 2, "Liberian Dollar" },
	{ "LSL", 426, 2, "Loti" },
	{ "LYD", 434, 3, "Libyan Dinar" },
	{ "MAD", 504, 2, "Moroccan Dirham" },
	{ "MDL", 498, 2, "Moldovan Leu" },
	{ "MGA", 969, 2, "Malagasy Ariary" },
	{ "MKD", 807, 2, "Denar" },
	{ "MMK", 104, 2, "Kyat" },
	{ "MNT", 496, 2, "Tugrik" },
	{ "MOP", 446, 2, "Pataca" },
	{ "MRU", 929, 2, "Ouguiya" },
	{ "MUR", 480, 2, "Mauritius Rupee" },
	{ "MVR", 462, 2, "Rufiyaa" },
	{ "MWK", 454, 2, "Malawi Kwacha" },
	{ "MXN", 484, 2, "Mexican Peso" },
	{ "MXV", 979, 2, "Mexican Unidad de Inversion (UDI)" },
	{ "MYR", 458, 2, "Malaysian Ringgit" },
	{ "MZN", 943, 2, "Mozambique Metical" },
	{ "NAD", 516, 2, "Namibia Dollar" },
	{ "NGN", 566, 2, "Naira" },
	{ "NIO", 558, 2, "Cordoba Oro" },
	{ "NOK", 578, 2, "Norwegian Krone" },
	{ "NPR", 524, 2, "Nepalese Rupee" },
	{ "NZD", 554, 2, "New Zealand Dollar" },
	{ "OMR", 512, 3, "Rial Omani" },
	{ "PAB", 590, 2, "Balboa" },
	{ "PEN", 604, 2, "Sol" },
	{ "PGK", 598, 2, "Kina" },
	{ "PHP", 608, 2, "Philippine Peso" },
	{ "PKR", 586, 2, "Pakistan Rupee" },
	{ "PLN", 985, 2, "Zloty" },
	{ "PYG", 600, 0, "Guarani" },
	{ "QAR", 634, 2, "Qatari Rial" },
	{ "RON", 946, 2, "Romanian Leu" },
	{ "RSD", 941, 2, "Serbian Dinar" },
	{ "RUB", 643, 2, "Russian Ruble" },
	{ "RWF", 646, 0, "Rwanda Franc" },
	{ "SAR", 682, 2, "Saudi Riyal" },
	{ "SBD", 90, 2, "Solomon Islands Dollar" },
	{ "SCR", 690, 2, "Seychelles Rupee" },
	{ "SDG", 938, 2, "Sudanese Pound" },
	{ "SEK", 752, 2, "Swedish Krona" },
	{ "SGD", 702, 2, "Singapore Dollar" },
	{ "SHP", 654, 2, "Saint Helena Pound" },
	{ "SLE", 925, 2, "Leone" },
	{ "SOS", 706, 2, "Somali Shilling" },
	{ "SRD", 968, 2, "Surinam Dollar" },
	{ "SSP", 728, 2, "South Sudanese Pound" },
	{ "STN", 930, 2, "Dobra" },
	{ "SVC", 222, 2, "El Salvador Colon" },
	{ "SYP", 760, 2, "Syrian Pound" },
	{ "SZL", 748, 2, "Lilangeni" },
	{ "THB", 764, 2, "Baht" },
	{ "TJS", 972, 2, "Somoni" },
	{ "TMT", 934, 2, "Turkmenistan New Manat" },
	{ "TND", 788, 3, "Tunisian Dinar" },
	/* UTF-8 of U+2019 RIGHT SINGLE QUOTATION MARK, as ISO spells it */
	{ "TOP", 776, 2, "Pa\342\200\231anga" },
	{ "TRY", 949, 2, "Turkish Lira" },
	{ "TTD", 780, 2, "Trinidad and Tobago Dollar" },
	{ "TWD", 901, 2, "New Taiwan Dollar" },
	{ "TZS", 834, 2, "Tanzanian Shilling" },
	{ "UAH", 980, 2, "Hryvnia" },
	{ "UGX", 800, 0, "Uganda Shilling" },
	{ "USD", 840, 2, "US Dollar" },
	{ "USN", 997, 2, "US Dollar (Next day)" },
	{ "UYI", 940, 0, "Uruguay Peso en Unidades Indexadas (UI)" },
	{ "UYU", 858, 2, "Peso Uruguayo" },
	{ "UYW", 927, 4, "Unidad Previsional" },
	{ "UZS", 860, 2, "Uzbekistan Sum" },
	/* UTF-8 of U+00ED LATIN SMALL LETTER I WITH ACUTE */
	{ "VED", 926, 2, "Bol\303\255var Soberano" },
	{ "VES", 928, 2, "Bol\303\255var Soberano" },
	{ "VND", 704, 0, "Dong" },
	{ "VUV", 548, 0, "Vatu" },
	{ "WST", 882, 2, "Tala" },
	{ "XAD", 396, 2, "Arab Accounting Dinar" },
	{ "XAF", 950, 0, "CFA Franc BEAC" },
	{ "XAG", 961, NA, "Silver" },
	{ "XAU", 959, NA, "Gold" },
	{ "XBA", 955, NA, "Bond Markets Unit European Composite Unit (EURCO)" },
	{ "XBB", 956, NA, "Bond Markets Unit European Monetary Unit (E.M.U.-6)" },
	{ "XBC", 957, NA,
	  "Bond Markets Unit European Unit of Account 9 (E.U.A.-9)" },
	{ "XBD", 958, NA,
	  "Bond Markets Unit European Unit of Account 17 (E.U.A.-17)" },
	{ "XCD", 951, 2, "East Caribbean Dollar" },
	{ "XCG", 532, 2, "Caribbean Guilder" },
	{ "XDR", 960, NA, "SDR (Special Drawing Right)" },
	{ "XOF", 952, 0, "CFA Franc BCEAO" },
	{ "XPD", 964, NA, "Palladium" },
	{ "XPF", 953, 0, "CFP Franc" },
	{ "XPT", 962, NA, "Platinum" },
	{ "XSU", 994, NA, "Sucre" },
	{ "XTS", 963, NA, "Codes specifically reserved for testing purposes" },
	{ "XUA", 965, NA, "ADB Unit of Account" },
	{ "XXX", 999, NA,
	  "The codes assigned for transactions where no currency is involved" },
	{ "YER", 886, 2, "Yemeni Rial" },
	{ "ZAR", 710, 2, "Rand" },
	{ "ZMW", 967, 2, "Zambian Kwacha" },
	{ "ZWG", 924, 2, "Zimbabwe Gold" },
};

#undef NA

#define CURRENCY_TABLE_SIZE \
	(sizeof(currency_table) / sizeof(currency_table[0]))

/* The direct index stores position + 1 in a byte, 0 meaning "absent" */
typedef char currency_table_fits_index[(CURRENCY_TABLE_SIZE < 255) ? 1 : -1];

/*
 * Packed code -> table position + 1.  Filled on first use rather than
 * written out, so the table above stays the only place to edit.  Filling
 * is idempotent (every filler writes the same bytes), and the flag is
 * published only once the array is complete, so a race between two first
 * callers costs a duplicated fill and nothing else; a PostgreSQL backend
 * and libFuzzer are single-threaded anyway.
 */
static uint8_t index_by_packed[AR2C_CURRENCY_MAX + 1];
static bool index_ready = false;

/* Map one ASCII letter, any case, to 0..25; -1 for anything else */
static inline int
letter_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a';
	return -1;
}

/* Uppercase one ASCII letter; other bytes pass through unchanged */
static inline char
ascii_upper(char c)
{
	if (c >= 'a' && c <= 'z')
		return (char) (c - 'a' + 'A');
	return c;
}

/* Fill the direct index from the table (see index_by_packed) */
static void
build_index(void)
{
	size_t i;

	for (i = 0; i < CURRENCY_TABLE_SIZE; i++)
	{
		ar2c_currency cur = currency_pack(currency_table[i].code, 3);

		index_by_packed[cur] = (uint8_t) (i + 1);
	}
	__atomic_store_n(&index_ready, true, __ATOMIC_RELEASE);
}

/* Pack three ASCII letters (any case) into a currency; 0 if not letters */
ar2c_currency
currency_pack(const char *code, size_t len)
{
	int v0, v1, v2;

	if (code == NULL || len != 3)
		return AR2C_CURRENCY_NONE;

	v0 = letter_value((unsigned char) code[0]);
	v1 = letter_value((unsigned char) code[1]);
	v2 = letter_value((unsigned char) code[2]);
	if (v0 < 0 || v1 < 0 || v2 < 0)
		return AR2C_CURRENCY_NONE;

	return (ar2c_currency) (v0 * 26 * 26 + v1 * 26 + v2 + 1);
}

/*
 * Write the three letters of a packed currency into buf[4].
 *
 * A value outside 1..AR2C_CURRENCY_MAX has no letters; it comes out as
 * the empty string so that a caller printing it shows nothing plausible.
 */
void
currency_unpack(ar2c_currency cur, char *buf)
{
	int v;

	if (cur <= AR2C_CURRENCY_NONE || cur > AR2C_CURRENCY_MAX)
	{
		buf[0] = '\0';
		return;
	}

	v = cur - 1;
	buf[0] = (char) ('A' + v / (26 * 26));
	buf[1] = (char) ('A' + (v / 26) % 26);
	buf[2] = (char) ('A' + v % 26);
	buf[3] = '\0';
}

/* Find the table entry of a packed currency; NULL if not in the table */
const CurrencyInfo *
currency_info(ar2c_currency cur)
{
	uint8_t pos;

	if (cur <= AR2C_CURRENCY_NONE || cur > AR2C_CURRENCY_MAX)
		return NULL;

	if (!__atomic_load_n(&index_ready, __ATOMIC_ACQUIRE))
		build_index();

	pos = index_by_packed[cur];
	if (pos == 0)
		return NULL;
	return &currency_table[pos - 1];
}

/* Find a code (case-insensitive, exactly three letters); NULL if unknown */
const CurrencyInfo *
currency_lookup(const char *code, size_t len)
{
	/* packing rejects everything that is not three ASCII letters */
	return currency_info(currency_pack(code, len));
}

/* Return the minor units of a currency; -2 if not in the table */
int
currency_minor_units(ar2c_currency cur)
{
	const CurrencyInfo *info = currency_info(cur);

	if (info == NULL)
		return -2;
	return info->minor_units;
}

/*
 * Collect the codes one substitution away from a three-byte input.
 *
 * Any three bytes are accepted, not just letters, so that a typo such as
 * "E1R" still gets "EUR" offered.  An exact match differs in no position
 * and so is not suggested.  Walking the sorted table keeps the output
 * alphabetical; the table is small enough that a linear pass is cheap on
 * what is an error path.
 */
size_t
currency_suggest(const char *code, size_t len, const CurrencyInfo **out,
				 size_t max)
{
	char upper[3];
	size_t n = 0;
	size_t i;

	if (code == NULL || len != 3 || out == NULL)
		return 0;

	for (i = 0; i < 3; i++)
		upper[i] = ascii_upper(code[i]);

	for (i = 0; i < CURRENCY_TABLE_SIZE && n < max; i++)
	{
		const char *c = currency_table[i].code;
		int diff =
			(c[0] != upper[0]) + (c[1] != upper[1]) + (c[2] != upper[2]);

		if (diff == 1)
			out[n++] = &currency_table[i];
	}
	return n;
}

/* Return the number of entries in the table */
size_t
currency_count(void)
{
	return CURRENCY_TABLE_SIZE;
}

/* Return the i-th entry in alphabetical order; NULL if out of range */
const CurrencyInfo *
currency_at(size_t i)
{
	if (i >= CURRENCY_TABLE_SIZE)
		return NULL;
	return &currency_table[i];
}
