/*
 * text_normalize.c
 *		UTF-8 text folded for matching: payer names and payment references.
 *
 * Each code point goes through one table-driven fold (width, case,
 * accents), is classed as part of a word, white space, punctuation or an
 * apostrophe, and is written out as the mode wants (see text_normalize.h).
 * Names then lose their legal-form words. No table here is generated at
 * run time and nothing is allocated: the output is written into the
 * caller's buffer, never longer than the input.
 *
 * Case folding maps every letter of a case pair to its upper-case member
 * (ς, σ and Σ all become Σ), which puts the same letters together as
 * Unicode's simple case folding does and reads naturally in output meant
 * for people (MULLER, INV-2026). Accents go as in a canonical
 * decomposition with its combining marks dropped (é -> E, Ё -> Е,
 * Й -> И, ά -> Α); letters that do not decompose are written as ASCII
 * writes them (ß -> SS, Æ -> AE, Ø -> O, Ł -> L, Đ -> D, Þ -> TH).
 */
#include "core/text_normalize.h"

#include <string.h>

/* What a folded code point is, for spacing */
typedef enum CharClass
{
	CLASS_WORD = 0,  /* letters, digits, ideographs, anything else */
	CLASS_SPACE,     /* white space and control characters */
	CLASS_PUNCT,     /* punctuation and symbols */
	CLASS_APOSTROPHE /* ' ’ ʼ: inside words (O'Brien), so names drop it */
} CharClass;

/*
 * UTF-8
 */

/* Encode a code point (at most 4 bytes); returns its length */
int
text_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *) out;

	if (cp < 0x80)
	{
		o[0] = (unsigned char) cp;
		return 1;
	}
	if (cp < 0x800)
	{
		o[0] = (unsigned char) (0xC0 | (cp >> 6));
		o[1] = (unsigned char) (0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000)
	{
		o[0] = (unsigned char) (0xE0 | (cp >> 12));
		o[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char) (0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char) (0xF0 | (cp >> 18));
	o[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char) (0x80 | (cp & 0x3F));
	return 4;
}

/* Bytes of the longest valid UTF-8 prefix (len when all of it is valid) */
size_t
text_utf8_valid_prefix(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *) s;
	size_t i = 0;
	uint32_t cp;

	while (i < len)
	{
		int n;

		if (p[i] < 0x80)
		{
			i++;
			continue;
		}
		n = text_utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			break;
		i += n;
	}
	return i;
}

/*
 * Tables
 */

/*
 * Latin letters to their base letter in upper case, one character per
 * code point, 16 to a line: the line's comment shows its letters. '*'
 * sends the code point to latin_expansions (Æ -> AE, ß -> SS, ǆ -> DZ, or
 * a letter without an ASCII base to its upper-case form); '.' keeps it as
 * it is (not a letter, or a letter ASCII has no base for: Ʒ, Ƿ, Ɣ).
 */
#define LATIN_A_FIRST 0x00C0 /* Latin-1 Supplement letters, Latin Ext-A/B */
#define LATIN_A_LAST  0x024F
static const char latin_a[] =
	"AAAAAA*CEEEEIIII" /* U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï */
	"DNOOOOO.OUUUUY**" /* U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß */
	"AAAAAA*CEEEEIIII" /* U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï */
	"DNOOOOO.OUUUUY*Y" /* U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ */
	"AAAAAACCCCCCCCDD" /* U+0100 Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď */
	"DDEEEEEEEEEEGGGG" /* U+0110 Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ */
	"GGGGHHHHIIIIIIII" /* U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į */
	"II**JJKKKLLLLLLL" /* U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ */
	"LLLNNNNNNNNNOOOO" /* U+0140 ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ */
	"OO**RRRRRRSSSSSS" /* U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş */
	"SSTTTTTTUUUUUUUU" /* U+0160 Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů */
	"UUUUWWYYYZZZZZZS" /* U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ */
	"BBBB.*OCCDDDD.EE" /* U+0180 ƀ Ɓ Ƃ ƃ Ƅ ƅ Ɔ Ƈ ƈ Ɖ Ɗ Ƌ ƌ ƍ Ǝ Ə */
	"EFFG.*IIKKL.MNNO" /* U+0190 Ɛ Ƒ ƒ Ɠ Ɣ ƕ Ɩ Ɨ Ƙ ƙ ƚ ƛ Ɯ Ɲ ƞ Ɵ */
	"OO**PP..*..TTTTU" /* U+01A0 Ơ ơ Ƣ ƣ Ƥ ƥ Ʀ Ƨ ƨ Ʃ ƪ ƫ Ƭ ƭ Ʈ Ư */
	"U.VYYZZ..*...*.*" /* U+01B0 ư Ʊ Ʋ Ƴ ƴ Ƶ ƶ Ʒ Ƹ ƹ ƺ ƻ Ƽ ƽ ƾ ƿ */
	"....*********AAI" /* U+01C0 ǀ ǁ ǂ ǃ Ǆ ǅ ǆ Ǉ ǈ ǉ Ǌ ǋ ǌ Ǎ ǎ Ǐ */
	"IOOUUUUUUUUUUEAA" /* U+01D0 ǐ Ǒ ǒ Ǔ ǔ Ǖ ǖ Ǘ ǘ Ǚ ǚ Ǜ ǜ ǝ Ǟ ǟ */
	"AA**GGGGKKOOOO.*" /* U+01E0 Ǡ ǡ Ǣ ǣ Ǥ ǥ Ǧ ǧ Ǩ ǩ Ǫ ǫ Ǭ ǭ Ǯ ǯ */
	"J***GG*.NNAA**OO" /* U+01F0 ǰ Ǳ ǲ ǳ Ǵ ǵ Ƕ Ƿ Ǹ ǹ Ǻ ǻ Ǽ ǽ Ǿ ǿ */
	"AAAAEEEEIIIIOOOO" /* U+0200 Ȁ ȁ Ȃ ȃ Ȅ ȅ Ȇ ȇ Ȉ ȉ Ȋ ȋ Ȍ ȍ Ȏ ȏ */
	"RRRRUUUUSSTT.*HH" /* U+0210 Ȑ ȑ Ȓ ȓ Ȕ ȕ Ȗ ȗ Ș ș Ț ț Ȝ ȝ Ȟ ȟ */
	"ND**ZZAAEEOOOOOO" /* U+0220 Ƞ ȡ Ȣ ȣ Ȥ ȥ Ȧ ȧ Ȩ ȩ Ȫ ȫ Ȭ ȭ Ȯ ȯ */
	"OOYYLNTJ**ACCLTS" /* U+0230 Ȱ ȱ Ȳ ȳ ȴ ȵ ȶ ȷ ȸ ȹ Ⱥ Ȼ ȼ Ƚ Ⱦ ȿ */
	"Z.*BUVEEJJQQRRYY"; /* U+0240 ɀ Ɂ ɂ Ƀ Ʉ Ʌ Ɇ ɇ Ɉ ɉ Ɋ ɋ Ɍ ɍ Ɏ ɏ */

#define LATIN_B_FIRST 0x1E00 /* Latin Extended Additional (Vietnamese, ...) */
#define LATIN_B_LAST  0x1EFF
static const char latin_b[] =
	"AABBBBBBCCDDDDDD" /* U+1E00 Ḁ ḁ Ḃ ḃ Ḅ ḅ Ḇ ḇ Ḉ ḉ Ḋ ḋ Ḍ ḍ Ḏ ḏ */
	"DDDDEEEEEEEEEEFF" /* U+1E10 Ḑ ḑ Ḓ ḓ Ḕ ḕ Ḗ ḗ Ḙ ḙ Ḛ ḛ Ḝ ḝ Ḟ ḟ */
	"GGHHHHHHHHHHIIII" /* U+1E20 Ḡ ḡ Ḣ ḣ Ḥ ḥ Ḧ ḧ Ḩ ḩ Ḫ ḫ Ḭ ḭ Ḯ ḯ */
	"KKKKKKLLLLLLLLMM" /* U+1E30 Ḱ ḱ Ḳ ḳ Ḵ ḵ Ḷ ḷ Ḹ ḹ Ḻ ḻ Ḽ ḽ Ḿ ḿ */
	"MMMMNNNNNNNNOOOO" /* U+1E40 Ṁ ṁ Ṃ ṃ Ṅ ṅ Ṇ ṇ Ṉ ṉ Ṋ ṋ Ṍ ṍ Ṏ ṏ */
	"OOOOPPPPRRRRRRRR" /* U+1E50 Ṑ ṑ Ṓ ṓ Ṕ ṕ Ṗ ṗ Ṙ ṙ Ṛ ṛ Ṝ ṝ Ṟ ṟ */
	"SSSSSSSSSSTTTTTT" /* U+1E60 Ṡ ṡ Ṣ ṣ Ṥ ṥ Ṧ ṧ Ṩ ṩ Ṫ ṫ Ṭ ṭ Ṯ ṯ */
	"TTUUUUUUUUUUVVVV" /* U+1E70 Ṱ ṱ Ṳ ṳ Ṵ ṵ Ṷ ṷ Ṹ ṹ Ṻ ṻ Ṽ ṽ Ṿ ṿ */
	"WWWWWWWWWWXXXXYY" /* U+1E80 Ẁ ẁ Ẃ ẃ Ẅ ẅ Ẇ ẇ Ẉ ẉ Ẋ ẋ Ẍ ẍ Ẏ ẏ */
	"ZZZZZZHTWYASSS*." /* U+1E90 Ẑ ẑ Ẓ ẓ Ẕ ẕ ẖ ẗ ẘ ẙ ẚ ẛ ẜ ẝ ẞ ẟ */
	"AAAAAAAAAAAAAAAA" /* U+1EA0 Ạ ạ Ả ả Ấ ấ Ầ ầ Ẩ ẩ Ẫ ẫ Ậ ậ Ắ ắ */
	"AAAAAAAAEEEEEEEE" /* U+1EB0 Ằ ằ Ẳ ẳ Ẵ ẵ Ặ ặ Ẹ ẹ Ẻ ẻ Ẽ ẽ Ế ế */
	"EEEEEEEEIIIIOOOO" /* U+1EC0 Ề ề Ể ể Ễ ễ Ệ ệ Ỉ ỉ Ị ị Ọ ọ Ỏ ỏ */
	"OOOOOOOOOOOOOOOO" /* U+1ED0 Ố ố Ồ ồ Ổ ổ Ỗ ỗ Ộ ộ Ớ ớ Ờ ờ Ở ở */
	"OOOOUUUUUUUUUUUU" /* U+1EE0 Ỡ ỡ Ợ ợ Ụ ụ Ủ ủ Ứ ứ Ừ ừ Ử ử Ữ ữ */
	"UUYYYYYYYY**VVYY"; /* U+1EF0 Ự ự Ỳ ỳ Ỵ ỵ Ỷ ỷ Ỹ ỹ Ỻ ỻ Ỽ ỽ Ỿ ỿ */

/* A code point folded to one or two others (the '*' entries above) */
typedef struct Expansion
{
	uint16_t cp;
	uint16_t to[2]; /* to[1] is 0 for a single code point */
} Expansion;

/* Sorted by code point, for bsearch-free scanning in order */
static const Expansion latin_expansions[] = {
	{ 0x00C6, { 'A', 'E' } },  /* Æ */
	{ 0x00DE, { 'T', 'H' } },  /* Þ */
	{ 0x00DF, { 'S', 'S' } },  /* ß */
	{ 0x00E6, { 'A', 'E' } },  /* æ */
	{ 0x00FE, { 'T', 'H' } },  /* þ */
	{ 0x0132, { 'I', 'J' } },  /* Ĳ */
	{ 0x0133, { 'I', 'J' } },  /* ĳ */
	{ 0x0152, { 'O', 'E' } },  /* Œ */
	{ 0x0153, { 'O', 'E' } },  /* œ */
	{ 0x0185, { 0x0184, 0 } }, /* ƅ -> Ƅ */
	{ 0x0195, { 'H', 'V' } },  /* ƕ */
	{ 0x01A2, { 'O', 'I' } },  /* Ƣ */
	{ 0x01A3, { 'O', 'I' } },  /* ƣ */
	{ 0x01A8, { 0x01A7, 0 } }, /* ƨ -> Ƨ */
	{ 0x01B9, { 0x01B8, 0 } }, /* ƹ -> Ƹ */
	{ 0x01BD, { 0x01BC, 0 } }, /* ƽ -> Ƽ */
	{ 0x01BF, { 0x01F7, 0 } }, /* ƿ -> Ƿ */
	{ 0x01C4, { 'D', 'Z' } },  /* Ǆ */
	{ 0x01C5, { 'D', 'Z' } },  /* ǅ */
	{ 0x01C6, { 'D', 'Z' } },  /* ǆ */
	{ 0x01C7, { 'L', 'J' } },  /* Ǉ */
	{ 0x01C8, { 'L', 'J' } },  /* ǈ */
	{ 0x01C9, { 'L', 'J' } },  /* ǉ */
	{ 0x01CA, { 'N', 'J' } },  /* Ǌ */
	{ 0x01CB, { 'N', 'J' } },  /* ǋ */
	{ 0x01CC, { 'N', 'J' } },  /* ǌ */
	{ 0x01E2, { 'A', 'E' } },  /* Ǣ */
	{ 0x01E3, { 'A', 'E' } },  /* ǣ */
	{ 0x01EF, { 0x01EE, 0 } }, /* ǯ -> Ǯ */
	{ 0x01F1, { 'D', 'Z' } },  /* Ǳ */
	{ 0x01F2, { 'D', 'Z' } },  /* ǲ */
	{ 0x01F3, { 'D', 'Z' } },  /* ǳ */
	{ 0x01F6, { 'H', 'V' } },  /* Ƕ */
	{ 0x01FC, { 'A', 'E' } },  /* Ǽ */
	{ 0x01FD, { 'A', 'E' } },  /* ǽ */
	{ 0x021D, { 0x021C, 0 } }, /* ȝ -> Ȝ */
	{ 0x0222, { 'O', 'U' } },  /* Ȣ */
	{ 0x0223, { 'O', 'U' } },  /* ȣ */
	{ 0x0238, { 'D', 'B' } },  /* ȸ */
	{ 0x0239, { 'Q', 'P' } },  /* ȹ */
	{ 0x0242, { 0x0241, 0 } }, /* ɂ -> Ɂ */
	{ 0x1E9E, { 'S', 'S' } },  /* ẞ */
	{ 0x1EFA, { 'L', 'L' } },  /* Ỻ */
	{ 0x1EFB, { 'L', 'L' } },  /* ỻ */
};

/* A code point that becomes one ASCII character (or a space) */
typedef struct AsciiFold
{
	uint32_t cp;
	char to;
} AsciiFold;

/* Punctuation, spaces and digits with an ASCII equivalent, sorted */
static const AsciiFold ascii_folds[] = {
	{ 0x00A0, ' ' },  /* no-break space */
	{ 0x00AA, 'A' },  /* ª */
	{ 0x00AB, '"' },  /* « */
	{ 0x00B2, '2' },  /* ² */
	{ 0x00B3, '3' },  /* ³ */
	{ 0x00B4, '\'' }, /* ´ */
	{ 0x00B5, 'U' },  /* µ: micro, written "u" in ASCII (µm, u-blox) */
	{ 0x00B9, '1' },  /* ¹ */
	{ 0x00BA, 'O' },  /* º */
	{ 0x00BB, '"' },  /* » */
	{ 0x02BB, '\'' }, /* ʻ */
	{ 0x02BC, '\'' }, /* ʼ */
	{ 0x02BD, '\'' }, /* ʽ */
	{ 0x1680, ' ' },  /* ogham space */
	{ 0x2010, '-' },  /* hyphen */
	{ 0x2011, '-' },  /* non-breaking hyphen */
	{ 0x2012, '-' },  /* figure dash */
	{ 0x2013, '-' },  /* en dash */
	{ 0x2014, '-' },  /* em dash */
	{ 0x2015, '-' },  /* horizontal bar */
	{ 0x2018, '\'' }, /* ‘ */
	{ 0x2019, '\'' }, /* ’ */
	{ 0x201A, ',' },  /* ‚ */
	{ 0x201B, '\'' }, /* ‛ */
	{ 0x201C, '"' },  /* “ */
	{ 0x201D, '"' },  /* ” */
	{ 0x201E, '"' },  /* „ */
	{ 0x201F, '"' },  /* ‟ */
	{ 0x2024, '.' },  /* one dot leader */
	{ 0x2026, '.' },  /* … */
	{ 0x2028, ' ' },  /* line separator */
	{ 0x2029, ' ' },  /* paragraph separator */
	{ 0x202F, ' ' },  /* narrow no-break space */
	{ 0x2032, '\'' }, /* ′ */
	{ 0x2033, '"' },  /* ″ */
	{ 0x2044, '/' },  /* fraction slash */
	{ 0x205F, ' ' },  /* medium mathematical space */
	{ 0x2212, '-' },  /* minus sign */
	{ 0x3000, ' ' },  /* ideographic space */
	{ 0x3001, ',' },  /* 、 */
	{ 0x3002, '.' },  /* 。 */
	{ 0x3008, '(' },  /* 〈 */
	{ 0x3009, ')' },  /* 〉 */
	{ 0x300A, '(' },  /* 《 */
	{ 0x300B, ')' },  /* 》 */
	{ 0x300C, '(' },  /* 「 */
	{ 0x300D, ')' },  /* 」 */
	{ 0x300E, '(' },  /* 『 */
	{ 0x300F, ')' },  /* 』 */
	{ 0x3010, '(' },  /* 【 */
	{ 0x3011, ')' },  /* 】 */
	{ 0x3014, '(' },  /* 〔 */
	{ 0x3015, ')' },  /* 〕 */
	{ 0x3016, '(' },  /* 〖 */
	{ 0x3017, ')' },  /* 〗 */
	{ 0x3018, '(' },  /* 〘 */
	{ 0x3019, ')' },  /* 〙 */
	{ 0x301A, '(' },  /* 〚 */
	{ 0x301B, ')' },  /* 〛 */
	{ 0x301C, '~' },  /* 〜 */
	{ 0x301D, '"' },  /* 〝 */
	{ 0x301E, '"' },  /* 〞 */
	{ 0x301F, '"' },  /* 〟 */
	{ 0x30FB, ' ' },  /* ・ katakana middle dot: a word break */
	{ 0xFE10, ',' },  /* vertical forms */
	{ 0xFE11, ',' },  { 0xFE12, '.' },  { 0xFE13, ':' },
	{ 0xFE14, ';' },  { 0xFE15, '!' },  { 0xFE16, '?' },
	{ 0xFE50, ',' }, /* small form variants */
	{ 0xFE51, ',' },  { 0xFE52, '.' },  { 0xFE54, ';' },
	{ 0xFE55, ':' },  { 0xFE56, '?' },  { 0xFE57, '!' },
	{ 0xFE58, '-' },  { 0xFE59, '(' },  { 0xFE5A, ')' },
	{ 0xFE5D, '(' },  { 0xFE5E, ')' },  { 0xFE5F, '#' },
	{ 0xFE60, '&' },  { 0xFE61, '*' },  { 0xFE62, '+' },
	{ 0xFE63, '-' },  { 0xFE64, '<' },  { 0xFE65, '>' },
	{ 0xFE66, '=' },  { 0xFE68, '\\' }, { 0xFE69, '$' },
	{ 0xFE6A, '%' },  { 0xFE6B, '@' },  { 0xFF5F, '(' }, /* ｟ */
	{ 0xFF60, ')' },                                     /* ｠ */
	{ 0xFF61, '.' },                                     /* ｡ */
	{ 0xFF62, '(' },                                     /* ｢ */
	{ 0xFF63, ')' },                                     /* ｣ */
	{ 0xFF64, ',' },                                     /* ､ */
	{ 0xFF65, ' ' },                                     /* ･ */
};

/* A range of code points of one kind */
typedef struct Range
{
	uint32_t lo;
	uint32_t hi;
} Range;

/* Combining marks and format characters: dropped without a trace */
static const Range dropped[] = {
	{ 0x00AD, 0x00AD }, /* soft hyphen */
	{ 0x0300, 0x036F }, /* combining diacritical marks */
	{ 0x0483, 0x0489 }, /* Cyrillic combining marks */
	{ 0x0591, 0x05BD }, /* Hebrew points */
	{ 0x05BF, 0x05BF },   { 0x05C1, 0x05C2 }, { 0x05C4, 0x05C5 },
	{ 0x05C7, 0x05C7 },   { 0x0610, 0x061A }, /* Arabic marks */
	{ 0x064B, 0x065F },   { 0x0670, 0x0670 }, { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 },   { 0x06E7, 0x06E8 }, { 0x06EA, 0x06ED },
	{ 0x1AB0, 0x1AFF },   /* combining diacritical marks extended */
	{ 0x1DC0, 0x1DFF },   /* combining diacritical marks supplement */
	{ 0x200B, 0x200F },   /* zero-width space, joiners, direction marks */
	{ 0x202A, 0x202E },   /* bidirectional embeddings */
	{ 0x2060, 0x2064 },   /* word joiner, invisible operators */
	{ 0x2066, 0x206F },   /* bidirectional isolates, deprecated formats */
	{ 0x20D0, 0x20FF },   /* combining marks for symbols */
	{ 0x302A, 0x302F },   /* ideographic tone marks */
	{ 0xFE00, 0xFE0F },   /* variation selectors */
	{ 0xFE20, 0xFE2F },   /* combining half marks */
	{ 0xFEFF, 0xFEFF },   /* byte order mark */
	{ 0xE0000, 0xE007F }, /* tags */
	{ 0xE0100, 0xE01EF }, /* variation selectors supplement */
};

/* Punctuation and symbols above ASCII (after folding), sorted */
static const Range punctuation[] = {
	{ 0x00A1, 0x00BF }, /* Latin-1 punctuation and signs */
	{ 0x00D7, 0x00D7 }, /* × */
	{ 0x00F7, 0x00F7 }, /* ÷ */
	{ 0x02C2, 0x02C5 }, /* modifier symbols */
	{ 0x02D2, 0x02DF },   { 0x02E5, 0x02EB },
	{ 0x02ED, 0x02ED },   { 0x02EF, 0x02FF },
	{ 0x0374, 0x0375 },                       /* Greek numeral signs */
	{ 0x037E, 0x037E },                       /* Greek question mark */
	{ 0x0384, 0x0385 },                       /* tonos */
	{ 0x0387, 0x0387 },                       /* ano teleia */
	{ 0x03F6, 0x03F6 },   { 0x0482, 0x0482 }, /* Cyrillic thousands sign */
	{ 0x055A, 0x055F },                       /* Armenian punctuation */
	{ 0x0589, 0x058A },   { 0x058D, 0x058F },
	{ 0x05BE, 0x05BE }, /* Hebrew punctuation */
	{ 0x05C0, 0x05C0 },   { 0x05C3, 0x05C3 },
	{ 0x05C6, 0x05C6 },   { 0x05F3, 0x05F4 },
	{ 0x060C, 0x060D }, /* Arabic punctuation */
	{ 0x061B, 0x061B },   { 0x061D, 0x061F },
	{ 0x066A, 0x066D },   { 0x06D4, 0x06D4 },
	{ 0x2016, 0x2027 },                       /* general punctuation */
	{ 0x2030, 0x205E },   { 0x20A0, 0x20CF }, /* currency symbols */
	{ 0x2100, 0x214F }, /* letterlike symbols: ™ ℃ № */
	{ 0x2190, 0x245F }, /* arrows, mathematical, technical */
	{ 0x2500, 0x2BFF }, /* box drawing, shapes, dingbats, arrows */
	{ 0x2E00, 0x2E7F }, /* supplemental punctuation */
	{ 0x3003, 0x3004 }, /* 〃 〄 */
	{ 0x3012, 0x3013 }, /* 〒 〓 */
	{ 0x3020, 0x3020 },   { 0x3030, 0x3030 },
	{ 0x3036, 0x3037 },   { 0x303D, 0x303F },
	{ 0xFE17, 0xFE19 },   /* vertical forms */
	{ 0xFE30, 0xFE6F },   /* CJK compatibility forms, small variants */
	{ 0xFFE0, 0xFFEE },   /* full-width signs: ￥ ￡ */
	{ 0xFFF0, 0xFFFF },   /* specials */
	{ 0x1F000, 0x1FAFF }, /* mahjong, cards, emoji, pictographs */
};

/* Binary search of a sorted range table */
static bool
in_ranges(uint32_t c, const Range *r, size_t n)
{
	size_t lo = 0;
	size_t hi = n;

	while (lo < hi)
	{
		size_t mid = (lo + hi) / 2;

		if (c < r[mid].lo)
			hi = mid;
		else if (c > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

/* The ASCII character a code point folds to, or 0 */
static char
ascii_fold(uint32_t c)
{
	size_t lo = 0;
	size_t hi = sizeof(ascii_folds) / sizeof(ascii_folds[0]);

	while (lo < hi)
	{
		size_t mid = (lo + hi) / 2;

		if (c < ascii_folds[mid].cp)
			hi = mid;
		else if (c > ascii_folds[mid].cp)
			lo = mid + 1;
		else
			return ascii_folds[mid].to;
	}
	return 0;
}

/* Fold a Latin letter through a base-letter table */
static int
fold_latin(uint32_t c, const char *table, uint32_t first, uint32_t *out)
{
	char base = table[c - first];
	size_t i;

	if (base == '.')
	{
		out[0] = c;
		return 1;
	}
	if (base != '*')
	{
		out[0] = (uint32_t) (unsigned char) base;
		return 1;
	}
	for (i = 0; i < sizeof(latin_expansions) / sizeof(latin_expansions[0]);
		 i++)
		if (latin_expansions[i].cp == c)
		{
			out[0] = latin_expansions[i].to[0];
			if (latin_expansions[i].to[1] == 0)
				return 1;
			out[1] = latin_expansions[i].to[1];
			return 2;
		}
	out[0] = c; /* cannot happen: every '*' has an entry */
	return 1;
}

/* Upper-case Greek letter without tonos or dialytika */
static uint32_t
fold_greek(uint32_t c)
{
	if ((c >= 0x0370 && c <= 0x0373) || c == 0x0377 ||
		(c >= 0x03D8 && c <= 0x03EF))
		return c & ~1u; /* pairs with the capital first */
	if (c >= 0x037B && c <= 0x037D)
		return c + (0x03FD - 0x037B); /* ͻ -> Ͻ */
	if ((c >= 0x03B1 && c <= 0x03C1) || (c >= 0x03C3 && c <= 0x03C9))
		return c - 0x20;
	switch (c)
	{
		case 0x0386: /* Ά */
		case 0x03AC: /* ά */
			return 0x0391;
		case 0x0388: /* Έ */
		case 0x03AD: /* έ */
		case 0x03F5: /* ϵ */
			return 0x0395;
		case 0x0389: /* Ή */
		case 0x03AE: /* ή */
			return 0x0397;
		case 0x038A: /* Ί */
		case 0x0390: /* ΐ */
		case 0x03AA: /* Ϊ */
		case 0x03AF: /* ί */
		case 0x03CA: /* ϊ */
			return 0x0399;
		case 0x038C: /* Ό */
		case 0x03CC: /* ό */
			return 0x039F;
		case 0x038E: /* Ύ */
		case 0x03AB: /* Ϋ */
		case 0x03B0: /* ΰ */
		case 0x03CB: /* ϋ */
		case 0x03CD: /* ύ */
			return 0x03A5;
		case 0x038F: /* Ώ */
		case 0x03CE: /* ώ */
			return 0x03A9;
		case 0x03C2: /* ς */
			return 0x03A3;
		case 0x03D0: /* ϐ */
			return 0x0392;
		case 0x03D1: /* ϑ */
		case 0x03F4: /* ϴ */
			return 0x0398;
		case 0x03D3: /* ϓ */
		case 0x03D4: /* ϔ */
			return 0x03D2;
		case 0x03D5: /* ϕ */
			return 0x03A6;
		case 0x03D6: /* ϖ */
			return 0x03A0;
		case 0x03D7: /* ϗ */
			return 0x03CF;
		case 0x03F0: /* ϰ */
			return 0x039A;
		case 0x03F1: /* ϱ */
			return 0x03A1;
		case 0x03F2: /* ϲ */
			return 0x03F9;
		case 0x03F3: /* ϳ */
			return 0x037F;
		case 0x03F8: /* ϸ */
			return 0x03F7;
		case 0x03FB: /* ϻ */
			return 0x03FA;
	}
	return c;
}

/* Upper-case Cyrillic letter without its diacritic (Ё -> Е, Й -> И) */
static uint32_t
fold_cyrillic(uint32_t c)
{
	if (c >= 0x0430 && c <= 0x044F)
		c -= 0x20;
	else if (c >= 0x0450 && c <= 0x045F)
		c -= 0x50;
	else if ((c >= 0x0460 && c <= 0x0481) || (c >= 0x048A && c <= 0x04BF) ||
			 (c >= 0x04D0 && c <= 0x052F))
		c &= ~1u; /* pairs with the capital first */
	else if (c >= 0x04C1 && c <= 0x04CE && (c & 1) == 0)
		c -= 1; /* here the capital comes first at odd code points */
	else if (c == 0x04CF)
		c = 0x04C0;

	switch (c)
	{
		case 0x0400: /* Ѐ */
		case 0x0401: /* Ё */
		case 0x04D6: /* Ӗ */
			return 0x0415;
		case 0x0403: /* Ѓ */
			return 0x0413;
		case 0x0407: /* Ї */
			return 0x0406;
		case 0x040C: /* Ќ */
			return 0x041A;
		case 0x040D: /* Ѝ */
		case 0x0419: /* Й */
		case 0x04E2: /* Ӣ */
		case 0x04E4: /* Ӥ */
			return 0x0418;
		case 0x040E: /* Ў */
		case 0x04EE: /* Ӯ */
		case 0x04F0: /* Ӱ */
		case 0x04F2: /* Ӳ */
			return 0x0423;
		case 0x0476: /* Ѷ */
			return 0x0474;
		case 0x04C1: /* Ӂ */
		case 0x04DC: /* Ӝ */
			return 0x0416;
		case 0x04D0: /* Ӑ */
		case 0x04D2: /* Ӓ */
			return 0x0410;
		case 0x04DA: /* Ӛ */
			return 0x04D8;
		case 0x04DE: /* Ӟ */
			return 0x0417;
		case 0x04E6: /* Ӧ */
			return 0x041E;
		case 0x04EA: /* Ӫ */
			return 0x04E8;
		case 0x04EC: /* Ӭ */
			return 0x042D;
		case 0x04F4: /* Ӵ */
			return 0x0427;
		case 0x04F8: /* Ӹ */
			return 0x042B;
	}
	return c;
}

/* The value of a non-ASCII decimal digit, or -1 */
static int
digit_value(uint32_t c)
{
	if (c >= 0x0660 && c <= 0x0669) /* Arabic-Indic */
		return (int) (c - 0x0660);
	if (c >= 0x06F0 && c <= 0x06F9) /* extended Arabic-Indic */
		return (int) (c - 0x06F0);
	if (c >= 0x0966 && c <= 0x096F) /* Devanagari */
		return (int) (c - 0x0966);
	if (c >= 0x2080 && c <= 0x2089) /* subscripts */
		return (int) (c - 0x2080);
	if (c == 0x2070 || (c >= 0x2074 && c <= 0x2079)) /* superscripts */
		return (int) (c - 0x2070);
	return -1;
}

/* Width, case and accents of one code point; returns how many it became */
static int
fold_base(uint32_t c, uint32_t *out)
{
	char a;
	int digit;

	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0; /* full-width ASCII: ＩＮＶ－ -> INV- */
	if (c < 0x80)
	{
		out[0] = (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c;
		return 1;
	}
	if (c >= LATIN_A_FIRST && c <= LATIN_A_LAST)
		return fold_latin(c, latin_a, LATIN_A_FIRST, out);
	if (c >= LATIN_B_FIRST && c <= LATIN_B_LAST)
		return fold_latin(c, latin_b, LATIN_B_FIRST, out);
	if (c >= 0x0370 && c <= 0x03FF)
	{
		out[0] = fold_greek(c);
		return 1;
	}
	if (c >= 0x0400 && c <= 0x052F && !(c >= 0x0483 && c <= 0x0489))
	{
		out[0] = fold_cyrillic(c);
		return 1;
	}
	if (c >= 0x0561 && c <= 0x0586)
	{
		out[0] = c - 0x30; /* Armenian */
		return 1;
	}
	if (c >= 0xFB00 && c <= 0xFB06)
	{
		/* Latin ligatures: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ */
		static const char *const ligatures[] = { "FF",  "FI", "FL", "FFI",
												 "FFL", "ST", "ST" };
		const char *s = ligatures[c - 0xFB00];
		int n = 0;

		while (s[n])
		{
			out[n] = (uint32_t) s[n];
			n++;
		}
		return n;
	}
	if ((digit = digit_value(c)) >= 0)
	{
		out[0] = '0' + (uint32_t) digit;
		return 1;
	}
	if (in_ranges(c, dropped, sizeof(dropped) / sizeof(dropped[0])))
		return 0;
	if ((c >= 0x2000 && c <= 0x200A))
	{
		out[0] = ' ';
		return 1;
	}
	a = ascii_fold(c);
	out[0] = a ? (uint32_t) (unsigned char) a : c;
	return 1;
}

/* The class of a folded code point */
static CharClass
char_class(uint32_t c)
{
	if (c < 0x80)
	{
		if (c <= ' ' || c == 0x7F)
			return CLASS_SPACE;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9'))
			return CLASS_WORD;
		if (c == '\'' || c == '`')
			return CLASS_APOSTROPHE;
		return CLASS_PUNCT;
	}
	if (c <= 0xA0)
		return CLASS_SPACE; /* C1 controls, no-break space */
	if (in_ranges(c, punctuation,
				  sizeof(punctuation) / sizeof(punctuation[0])))
		return CLASS_PUNCT;
	return CLASS_WORD;
}

/* Fold one code point as the mode does; see text_normalize.h */
int
text_fold_codepoint(uint32_t cp, TextNormMode mode,
					uint32_t out[TEXT_FOLD_MAX])
{
	uint32_t base[TEXT_FOLD_MAX];
	int n = fold_base(cp, base);
	int k = 0;
	int i;

	for (i = 0; i < n; i++)
	{
		uint32_t c = base[i];

		switch (char_class(c))
		{
			case CLASS_WORD:
				out[k++] = c;
				break;
			case CLASS_SPACE:
				if (mode != TEXT_NORM_REFERENCE)
					out[k++] = ' ';
				break;
			case CLASS_PUNCT:
				if (mode == TEXT_NORM_FOLD)
					out[k++] = c < 0x80 ? c : ' ';
				else if (mode == TEXT_NORM_NAME)
					out[k++] = ' ';
				break;
			case CLASS_APOSTROPHE:
				if (mode == TEXT_NORM_FOLD)
					out[k++] = '\'';
				break;
		}
	}
	return k;
}

/* True for Han ideographs and kana: scripts written without spaces */
bool
text_is_cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) ||   /* unified ideographs */
		   (c >= 0x3400 && c <= 0x4DBF) ||   /* extension A */
		   (c >= 0x20000 && c <= 0x323AF) || /* extensions B to H */
		   (c >= 0xF900 && c <= 0xFAFF) ||   /* compatibility ideographs */
		   (c >= 0x3040 && c <= 0x30FA) ||   /* hiragana, katakana */
		   (c >= 0x30FC && c <= 0x30FF) || (c >= 0x3005 && c <= 0x3007) ||
		   (c >= 0x3021 && c <= 0x3029) || (c >= 0x3038 && c <= 0x303B);
}

/*
 * Legal forms
 */

/* A legal-form word, after folding; dotted-only ones are removed only when
 * written as single letters ("e.K." but not "EK") */
typedef struct LegalForm
{
	const char *word;
	bool dotted_only;
} LegalForm;

static const LegalForm legal_forms[] = {
	/* English */
	{ "LTD", false },
	{ "LIMITED", false },
	{ "INC", false },
	{ "INCORPORATED", false },
	{ "LLC", false },
	{ "LLP", false },
	{ "PLC", false },
	{ "CO", false },
	{ "CORP", false },
	{ "CORPORATION", false },
	{ "COMPANY", false },
	{ "PTY", false },
	{ "PTE", false },
	/* German */
	{ "GMBH", false },
	{ "MBH", false },
	{ "AG", false },
	{ "KG", false },
	{ "KGAA", false },
	{ "OHG", false },
	{ "GBR", false },
	{ "UG", false },
	{ "HAFTUNGSBESCHRANKT", false },
	{ "EK", true },
	{ "EV", true },
	/* French */
	{ "SARL", false },
	{ "SAS", false },
	{ "SASU", false },
	{ "SA", false },
	{ "SNC", false },
	{ "EURL", false },
	{ "SCS", false },
	{ "SCA", false },
	/* Dutch, Italian, Spanish */
	{ "BV", false },
	{ "NV", false },
	{ "VOF", false },
	{ "SPA", false },
	{ "SRL", false },
	{ "SAPA", false },
	{ "SL", false },
	{ "SLU", false },
	/* Chinese, when standing alone */
	{ "股份有限公司", false },
	{ "有限责任公司", false },
	{ "有限責任公司", false },
	{ "有限公司", false },
	{ "分公司", false },
	{ "集团", false },
	{ "集團", false },
	{ "公司", false },
};

/* Chinese legal forms at the end of a word, longest first */
static const char *const chinese_suffixes[] = {
	"股份有限公司", "有限责任公司", "有限責任公司", "有限公司",
	"分公司",       "集团",         "集團",         "公司",
};

/* A Chinese legal form cut short at the end of a name (a bank's name field
 * full): its first two characters or more, longest first; what the
 * name stated is not known, so no form is reported */
static const char *const chinese_cut_forms[] = {
	"股份有限公", "有限责任公", "有限責任公", "集团有限公", "集團有限公",
	"股份有限",   "有限责任",   "有限責任",   "集团有限",   "集團有限",
	"股份有",     "有限责",     "有限責",     "有限公",     "集团有",
	"集團有",     "有限",
};

/* The longest word of legal_forms, in bytes */
#define LEGAL_FORM_MAX 24

/* Whether len bytes at s are a legal-form word */
static bool
is_legal_form(const char *s, size_t len, bool dotted)
{
	size_t i;

	for (i = 0; i < sizeof(legal_forms) / sizeof(legal_forms[0]); i++)
		if (strlen(legal_forms[i].word) == len &&
			memcmp(legal_forms[i].word, s, len) == 0)
			return dotted || !legal_forms[i].dotted_only;
	return false;
}

bool
text_is_legal_form_word(const char *word, size_t len)
{
	return is_legal_form(word, len, false);
}

/* Length of the word at s[pos..n) */
static size_t
word_length(const char *s, size_t pos, size_t n)
{
	size_t end = pos;

	while (end < n && s[end] != ' ')
		end++;
	return end - pos;
}

/* Where the legal forms a name loses are written, when someone asks */
typedef struct FormSink
{
	char *out;
	size_t len;
} FormSink;

/* Add a dropped legal form to the sink, after a space */
static void
sink_add(FormSink *sink, const char *s, size_t len)
{
	if (sink == NULL || len == 0)
		return;
	if (sink->len > 0)
		sink->out[sink->len++] = ' ';
	memcpy(sink->out + sink->len, s, len);
	sink->len += len;
}

/* Whether a word is a single ASCII letter: a piece of "S.A." */
static bool
is_single_letter(const char *s, size_t len)
{
	return len == 1 && s[0] >= 'A' && s[0] <= 'Z';
}

/* Add the suffixes stripped from a word to the sink, each as a form, in
 * the order written (集团有限公司 -> 集团 有限公司) */
static void
sink_add_suffixes(FormSink *sink, const char *tail, size_t len)
{
	size_t at = 0;

	while (at < len)
	{
		size_t piece = len - at; /* the rest, if no suffix starts here */
		size_t i;

		for (i = 0; i < sizeof(chinese_suffixes) / sizeof(chinese_suffixes[0]);
			 i++)
		{
			size_t sl = strlen(chinese_suffixes[i]);

			if (sl <= len - at &&
				memcmp(tail + at, chinese_suffixes[i], sl) == 0)
			{
				piece = sl;
				break;
			}
		}
		sink_add(sink, tail + at, piece);
		at += piece;
	}
}

/* The length of a legal form cut short that ends the len bytes at s, if
 * something comes before it; 0 if none */
static size_t
cut_form_length(const char *s, size_t len, bool *changed)
{
	size_t i;

	for (i = 0; i < sizeof(chinese_cut_forms) / sizeof(chinese_cut_forms[0]);
		 i++)
	{
		size_t cl = strlen(chinese_cut_forms[i]);

		if (cl < len && memcmp(s + len - cl, chinese_cut_forms[i], cl) == 0)
		{
			*changed = true;
			return cl;
		}
	}
	return 0;
}

/*
 * Strip Chinese legal-form suffixes from every word, in place: the longest
 * suffix first, again and again, but never the whole word
 * (上海远航贸易有限公司 -> 上海远航贸易; 有限公司 alone stays).
 */
static size_t
strip_chinese_suffixes(char *s, size_t n, bool *changed, FormSink *sink)
{
	size_t r = 0;
	size_t w = 0;

	while (r < n)
	{
		size_t whole = word_length(s, r, n);
		size_t digits = 0; /* a number after the form: 有限公司6 */
		size_t cut = 0;    /* a form cut short at the end: 股份有 */
		size_t len;
		bool stripped = true;

		while (digits < whole && s[r + whole - 1 - digits] >= '0' &&
			   s[r + whole - 1 - digits] <= '9')
			digits++;
		if (digits == whole)
			digits = 0;
		len = whole - digits;
		if (r + whole >= n && digits == 0)
			cut = cut_form_length(s + r, len, changed);
		len -= cut;
		while (stripped)
		{
			size_t i;

			stripped = false;
			for (i = 0;
				 i < sizeof(chinese_suffixes) / sizeof(chinese_suffixes[0]);
				 i++)
			{
				size_t sl = strlen(chinese_suffixes[i]);

				if (sl <= len &&
					memcmp(s + r + len - sl, chinese_suffixes[i], sl) == 0)
				{
					if (sl < len)
					{
						len -= sl;
						stripped = true;
						*changed = true;
					}
					break; /* the longest suffix decides */
				}
			}
		}
		if (len + digits == whole)
			len = whole; /* no form before the number: one word */
		else
			sink_add_suffixes(sink, s + r + len, whole - digits - cut - len);
		if (w > 0)
			s[w++] = ' ';
		memmove(s + w, s + r, len);
		w += len;
		if (len < whole && digits > 0)
		{
			/* the number, a word of its own (a form was at least 6 bytes
			 * and the space is 1: the output stays behind the input) */
			s[w++] = ' ';
			memmove(s + w, s + r + whole - digits, digits);
			w += digits;
		}
		r += whole + 1;
	}
	return w;
}

/*
 * Drop legal-form words, in place: a word of legal_forms, or a run of
 * single letters that spells one (S A -> SA, E K -> EK). The first word is
 * never dropped: a name starts with what it is called ("SAS Institute"),
 * and so a name is never emptied.
 */
static size_t
drop_legal_words(char *s, size_t n, bool *changed, FormSink *sink)
{
	size_t r = 0;
	size_t w = 0;
	bool first = true;

	while (r < n)
	{
		size_t len = word_length(s, r, n);
		size_t span = len; /* the word, or the run of single letters */
		bool drop = false;

		if (first)
			drop = false;
		else if (is_single_letter(s + r, len))
		{
			char spelled[LEGAL_FORM_MAX];
			size_t letters = 0;
			size_t p = r;

			for (;;)
			{
				if (letters < LEGAL_FORM_MAX)
					spelled[letters] = s[p];
				letters++;
				/* the next word starts after the letter and a space */
				if (p + 2 < n &&
					is_single_letter(s + p + 2, word_length(s, p + 2, n)))
					p += 2;
				else
					break;
			}
			span = p + 1 - r;
			drop = letters >= 2 && letters <= LEGAL_FORM_MAX &&
				   is_legal_form(spelled, letters, true);
			if (drop)
				sink_add(sink, spelled, letters);
		}
		else if ((drop = is_legal_form(s + r, len, false)))
			sink_add(sink, s + r, len);

		if (drop)
			*changed = true;
		else
		{
			if (w > 0)
				s[w++] = ' ';
			memmove(s + w, s + r, span);
			w += span;
		}
		first = false;
		r += span + 1;
	}
	return w;
}

/*
 * Remove legal forms until nothing changes. Three rounds at most: the
 * first strips and drops; a drop may join single letters into a run that
 * spells a form ("S Ltd A" -> "S A"), dropped in the second; that run was
 * bounded by longer words, so its removal joins nothing new.
 */
static size_t
remove_legal_forms(char *s, size_t n, FormSink *sink)
{
	bool changed;

	do
	{
		changed = false;
		n = strip_chinese_suffixes(s, n, &changed, sink);
		n = drop_legal_words(s, n, &changed, sink);
	} while (changed);
	return n;
}

/* Normalize UTF-8 text; legal forms a name loses go to sink, if given */
static TextStatus
normalize(TextNormMode mode, const char *in, size_t len, char *out,
		  size_t *out_len, size_t *bad_offset, FormSink *sink)
{
	const unsigned char *p = (const unsigned char *) in;
	size_t i = 0;
	size_t o = 0;
	bool pending_space = false;

	*out_len = 0;
	while (i < len)
	{
		uint32_t cp;
		uint32_t folded[TEXT_FOLD_MAX];
		int n;
		int k;
		int j;

		if (p[i] < 0x80)
		{
			cp = p[i];
			n = 1;
		}
		else if ((n = text_utf8_decode(p + i, len - i, &cp)) == 0)
		{
			*bad_offset = i;
			return TEXT_INVALID_UTF8;
		}
		i += n;

		k = text_fold_codepoint(cp, mode, folded);
		for (j = 0; j < k; j++)
		{
			char buf[4];
			int bytes;

			if (folded[j] == ' ')
			{
				pending_space = o > 0;
				continue;
			}
			bytes = text_utf8_encode(folded[j], buf);
			/* cannot happen: no fold is longer than its source */
			if (o + pending_space + bytes > len)
				return TEXT_NO_MEMORY;
			if (pending_space)
				out[o++] = ' ';
			pending_space = false;
			memcpy(out + o, buf, bytes);
			o += bytes;
		}
	}
	if (mode == TEXT_NORM_NAME)
		o = remove_legal_forms(out, o, sink);
	*out_len = o;
	return TEXT_OK;
}

/* Normalize UTF-8 text; see text_normalize.h */
TextStatus
text_normalize(TextNormMode mode, const char *in, size_t len, char *out,
			   size_t *out_len, size_t *bad_offset)
{
	return normalize(mode, in, len, out, out_len, bad_offset, NULL);
}

/* The legal forms a name states; see text_normalize.h */
TextStatus
text_legal_form(const char *in, size_t len, char *work, char *out,
				size_t *out_len, size_t *bad_offset)
{
	FormSink sink = { out, 0 };
	size_t name_len;
	TextStatus st =
		normalize(TEXT_NORM_NAME, in, len, work, &name_len, bad_offset, &sink);

	*out_len = sink.len;
	return st;
}

/* Whether the word w (wlen bytes) is one of the space-separated words of
 * list */
static bool
word_listed(const char *w, size_t wlen, const char *list, size_t len)
{
	size_t i = 0;

	while (i < len)
	{
		size_t end = i;

		while (end < len && list[end] != ' ')
			end++;
		if (end - i == wlen && memcmp(list + i, w, wlen) == 0)
			return true;
		i = end + 1;
	}
	return false;
}

bool
text_only_legal_forms(const char *name, size_t len, char *scratch)
{
	char *named = scratch;        /* "X " and the name */
	char *work = named + len + 2; /* len + 2 bytes */
	char *forms = work + len + 2; /* 2 * (len + 2) bytes */
	size_t forms_len;
	size_t bad_offset;
	size_t i = 0;

	if (len == 0)
		return true;
	named[0] = 'X';
	named[1] = ' ';
	memcpy(named + 2, name, len);
	if (text_legal_form(named, len + 2, work, forms, &forms_len,
						&bad_offset) != TEXT_OK)
		return false;
	/* every word, an empty one between two spaces too, must be a form */
	for (;;)
	{
		size_t end = i;

		while (end < len && name[end] != ' ')
			end++;
		if (end == i || !word_listed(name + i, end - i, forms, forms_len))
			return false;
		if (end == len)
			return true;
		i = end + 1;
	}
}
