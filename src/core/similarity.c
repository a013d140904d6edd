/*
 * similarity.c
 *		String similarity on Unicode code points.
 *
 * Jaro counts matches with one 64-bit word per distinct character of the
 * shorter string (bit j set where the character occurs): each character
 * of the other string then finds its first free match in its window with
 * three AND operations instead of a scan of the window. Strings of more
 * than 64 code points on both sides fall back to the plain scan.
 *
 * Damerau-Levenshtein is the optimal string alignment distance computed
 * over a band of 2k+1 diagonals for a bound k, stopping as soon as a whole
 * row exceeds k: O(n k) time, three rows of memory.
 *
 * Names (sim_name) are compared after normalization (text_normalize.h) in
 * two parts. Runs of Han ideographs and kana, written without spaces, are
 * compared by the Dice coefficient of their character bigrams. The other
 * words are compared as
 *
 *	 0.5 * soft word Dice + 0.5 * max(JW(words), JW(sorted words))
 *
 * where the soft word Dice counts a shared word as 1 and pairs the other
 * words one to one, best first, counting a pair by its Jaro-Winkler when
 * that reaches NAME_WORD_MATCH (a misspelt word: MUELLER / MULLER = 0.92),
 * and JW(sorted words) is Jaro-Winkler of the words in alphabetical order
 * (so "HANS MULLER" and "MULLER HANS" score 1). The two parts are averaged
 * weighted by their length in characters; a part only one name has counts
 * at half its length with a score of 0, so an added Chinese or Latin name
 * costs a little. A Chinese name against one in Latin letters is compared
 * in pinyin instead (pinyin_name.h); other names in different scripts
 * score 0.
 */
#include "core/similarity.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/pinyin_name.h"
#include "core/text_normalize.h"

/* Name words compared pairwise for misspellings, at most, on each side */
#define SOFT_WORDS_MAX 16

/* Bytes of normalized name kept on the stack before the heap is used */
#define NAME_STACK_BYTES 1024

/* Memory for a work buffer: the local one if it is large enough */
static void *
work_alloc(void *local, size_t local_bytes, size_t bytes)
{
	if (bytes <= local_bytes)
		return local;
	return malloc(bytes);
}

/* Free a work buffer from work_alloc */
static void
work_free(void *p, void *local)
{
	if (p != local)
		free(p);
}

/*
 * Decoding
 */

/* Decode UTF-8 into code points; see similarity.h */
SimStatus
sim_codepoints_decode(CodePoints *buf, const char *s, size_t len,
					  size_t max_chars, SimError *err)
{
	const unsigned char *p = (const unsigned char *) s;
	uint32_t *out;
	size_t i = 0;
	size_t n = 0;

	buf->len = 0;
	buf->cp = buf->local;
	out = buf->cp;
	if (len > SIM_STACK_CHARS)
	{
		/* every code point has one byte that is not a continuation byte */
		size_t count = 0;

		if (len / 4 > max_chars)
		{
			err->offset = len / 4;
			return SIM_TOO_LONG;
		}
		for (i = 0; i < len; i++)
			count += (p[i] & 0xC0) != 0x80;
		if (count > max_chars)
		{
			err->offset = count;
			return SIM_TOO_LONG;
		}
		if (count > SIM_STACK_CHARS &&
			(out = malloc(count * sizeof(uint32_t))) == NULL)
			return SIM_NO_MEMORY;
		buf->cp = out;
	}
	/* pure ASCII, the common case: two loops the compiler vectorizes */
	{
		unsigned char high = 0;

		for (i = 0; i < len; i++)
			high |= p[i];
		if (high < 0x80 && len <= max_chars)
		{
			for (i = 0; i < len; i++)
				out[i] = p[i];
			buf->len = len;
			return SIM_OK;
		}
	}
	for (i = 0; i < len;)
	{
		unsigned char b0 = p[i];
		int bytes;

		if (b0 < 0x80)
		{
			out[n++] = b0;
			i++;
			continue;
		}
		/* the common two- and three-byte forms (Latin, Greek, Cyrillic;
		 * CJK), whose every continuation byte may be 0x80..0xBF */
		if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < len &&
			(p[i + 1] & 0xC0) == 0x80)
		{
			out[n++] = ((uint32_t) (b0 & 0x1F) << 6) | (p[i + 1] & 0x3F);
			i += 2;
			continue;
		}
		if (((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) &&
			i + 2 < len && (p[i + 1] & 0xC0) == 0x80 &&
			(p[i + 2] & 0xC0) == 0x80)
		{
			out[n++] = ((uint32_t) (b0 & 0x0F) << 12) |
					   ((uint32_t) (p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
			i += 3;
			continue;
		}
		bytes = text_utf8_decode(p + i, len - i, &out[n]);
		if (bytes == 0)
		{
			sim_codepoints_free(buf);
			err->offset = i;
			return SIM_INVALID_UTF8;
		}
		i += bytes;
		n++;
	}
	buf->len = n;
	if (n > max_chars)
	{
		sim_codepoints_free(buf);
		err->offset = n;
		return SIM_TOO_LONG;
	}
	return SIM_OK;
}

/* Free what sim_codepoints_decode allocated */
void
sim_codepoints_free(CodePoints *buf)
{
	if (buf->cp != buf->local)
		free(buf->cp);
	buf->cp = buf->local;
	buf->len = 0;
}

/*
 * Jaro and Jaro-Winkler
 */

/* Where each character of a string of at most 64 occurs, as bit masks */
typedef struct PatternTable
{
	uint64_t low[256]; /* code points below 256 */
	uint32_t key[128]; /* open addressing for the others; 0 is free */
	uint64_t mask[128];
	bool has_high; /* key[] and mask[] are in use */
} PatternTable;

/* The slot of a code point of 256 or more */
static size_t
pattern_slot(const PatternTable *pt, uint32_t c)
{
	size_t slot = (size_t) ((c * 0x9E3779B1u) >> 25);

	while (pt->key[slot] != 0 && pt->key[slot] != c)
		slot = (slot + 1) & 127;
	return slot;
}

/* The mask of a code point; 0 if the pattern does not hold it */
static inline uint64_t
pattern_mask(const PatternTable *pt, uint32_t c)
{
	size_t slot;

	if (c < 256)
		return pt->low[c];
	if (!pt->has_high)
		return 0;
	slot = pattern_slot(pt, c);
	return pt->key[slot] == c ? pt->mask[slot] : 0;
}

/* Count of the lowest set bit's position */
static int
lowest_bit(uint64_t x)
{
	return __builtin_ctzll(x);
}

/* Matches and transpositions when b has at most 64 code points */
static void
jaro_count_short(const uint32_t *a, size_t alen, const uint32_t *b,
				 size_t blen, size_t window, size_t *matches,
				 size_t *transpositions)
{
	PatternTable pt;
	uint32_t a_matched[64] = { 0 }; /* m used; zeroed for cppcheck */
	uint64_t b_matched = 0;
	uint64_t reach;
	size_t m = 0;
	size_t t = 0;
	size_t i;
	size_t j;

	memset(pt.low, 0, sizeof(pt.low));
	pt.has_high = false;
	for (j = 0; j < blen; j++)
	{
		uint64_t bit = UINT64_C(1) << j;

		if (b[j] < 256)
			pt.low[b[j]] |= bit;
		else
		{
			size_t slot;

			if (!pt.has_high)
			{
				memset(pt.key, 0, sizeof(pt.key));
				pt.has_high = true;
			}
			slot = pattern_slot(&pt, b[j]);
			if (pt.key[slot] == 0)
			{
				pt.key[slot] = b[j];
				pt.mask[slot] = 0;
			}
			pt.mask[slot] |= bit;
		}
	}

	/* bits i - window .. i + window of b, slid along as i advances */
	reach = window >= 63 ? ~UINT64_C(0) : (UINT64_C(1) << (window + 1)) - 1;
	for (i = 0; i < alen && reach != 0; i++)
	{
		uint64_t free_matches = pattern_mask(&pt, a[i]) & reach & ~b_matched;

		if (free_matches != 0)
		{
			b_matched |= free_matches & (~free_matches + 1);
			a_matched[m++] = a[i];
		}
		reach = i < window ? (reach << 1) | 1 : reach << 1;
	}

	/* the k-th match of a against the k-th match of b (one bit each) */
	for (i = 0; i < m; i++)
	{
		if (b[lowest_bit(b_matched)] != a_matched[i])
			t++;
		b_matched &= b_matched - 1;
	}
	*matches = m;
	*transpositions = t / 2;
}

/* Matches and transpositions by scanning each window; false if out of
 * memory */
static bool
jaro_count_long(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen,
				size_t window, size_t *matches, size_t *transpositions)
{
	unsigned char local[2 * SIM_STACK_CHARS];
	unsigned char *a_flag = work_alloc(local, sizeof(local), alen + blen);
	unsigned char *b_flag;
	size_t m = 0;
	size_t t = 0;
	size_t i;
	size_t j;

	if (a_flag == NULL)
		return false;
	b_flag = a_flag + alen;
	memset(a_flag, 0, alen + blen);
	for (i = 0; i < alen; i++)
	{
		size_t lo = i > window ? i - window : 0;
		size_t hi = i + window + 1 < blen ? i + window + 1 : blen;

		for (j = lo; j < hi; j++)
			if (!b_flag[j] && a[i] == b[j])
			{
				a_flag[i] = b_flag[j] = 1;
				m++;
				break;
			}
	}
	for (i = 0, j = 0; i < alen; i++)
		if (a_flag[i])
		{
			while (!b_flag[j])
				j++;
			if (a[i] != b[j])
				t++;
			j++;
		}
	work_free(a_flag, local);
	*matches = m;
	*transpositions = t / 2;
	return true;
}

/* Jaro similarity; -1 if out of memory */
double
sim_jaro(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	size_t longer = alen > blen ? alen : blen;
	size_t window = longer / 2 > 0 ? longer / 2 - 1 : 0;
	size_t m;
	size_t t;

	if (alen == 0 && blen == 0)
		return 1.0;
	if (alen == 0 || blen == 0)
		return 0.0;
	/* the counts do not depend on the order of the strings */
	if (blen <= 64)
		jaro_count_short(a, alen, b, blen, window, &m, &t);
	else if (alen <= 64)
		jaro_count_short(b, blen, a, alen, window, &m, &t);
	else if (!jaro_count_long(a, alen, b, blen, window, &m, &t))
		return -1.0;
	if (m == 0)
		return 0.0;
	/* m/|a| + m/|b| is the same sum in either order */
	return ((double) m / alen + (double) m / blen + (double) (m - t) / m) /
		   3.0;
}

/* Jaro-Winkler, always boosted by the common prefix; -1 if out of memory */
double
sim_jaro_winkler(const uint32_t *a, size_t alen, const uint32_t *b,
				 size_t blen)
{
	double jaro = sim_jaro(a, alen, b, blen);
	double jw;
	size_t prefix = 0;

	if (jaro < 0)
		return jaro;
	while (prefix < alen && prefix < blen &&
		   prefix < JARO_WINKLER_MAX_PREFIX && a[prefix] == b[prefix])
		prefix++;
	jw = jaro + prefix * JARO_WINKLER_SCALE * (1.0 - jaro);
	return jw > 1.0 ? 1.0 : jw;
}

/*
 * Damerau-Levenshtein (optimal string alignment)
 */

/* Bounded optimal string alignment distance; see similarity.h */
int
sim_damerau_levenshtein(const uint32_t *a, size_t alen, const uint32_t *b,
						size_t blen, int max_distance)
{
	int local[3 * (SIM_STACK_CHARS + 2)];
	int *rows;
	int *prev2;
	int *prev;
	int *cur;
	int above = max_distance == INT_MAX ? INT_MAX : max_distance + 1;
	size_t k;
	size_t i;
	size_t j;
	int inf;
	int d;

	/* equal ends cost nothing and do not change the distance */
	while (alen > 0 && blen > 0 && a[0] == b[0])
		a++, b++, alen--, blen--;
	while (alen > 0 && blen > 0 && a[alen - 1] == b[blen - 1])
		alen--, blen--;
	if (alen > blen)
	{
		const uint32_t *s = a;
		size_t l = alen;

		a = b, alen = blen;
		b = s, blen = l;
	}
	/* now alen <= blen: at least blen - alen edits */
	if (blen - alen > (size_t) max_distance)
		return above;
	if (alen == 0)
		return (int) blen;

	k = (size_t) max_distance < blen ? (size_t) max_distance : blen;
	inf = (int) k + 1;
	rows = work_alloc(local, sizeof(local), 3 * (blen + 2) * sizeof(int));
	if (rows == NULL)
		return -1;
	prev2 = rows;
	prev = rows + (blen + 2);
	cur = rows + 2 * (blen + 2);

	for (j = 0; j <= k; j++)
		prev[j] = (int) j;
	prev[k + 1] = inf;

	for (i = 1; i <= alen; i++)
	{
		size_t lo = i > k ? i - k : 1;
		size_t hi = i + k < blen ? i + k : blen;
		uint32_t ai = a[i - 1];
		int row_min;
		int *swap;

		/* the cell left of the band: column 0, or beyond the bound */
		cur[lo - 1] = lo == 1 ? ((int) i < inf ? (int) i : inf) : inf;
		row_min = cur[lo - 1];
		for (j = lo; j <= hi; j++)
		{
			uint32_t bj = b[j - 1];
			int v = prev[j - 1] + (ai != bj);

			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && ai == b[j - 2] && a[i - 2] == bj &&
				prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			if (v > inf)
				v = inf;
			cur[j] = v;
			if (v < row_min)
				row_min = v;
		}
		cur[hi + 1] = inf; /* read by the next row, as prev[] */

		/*
		 * Every path to the end crosses this row, or jumps over it by a
		 * transposition that costs no less than the substitution through
		 * it: a row beyond k puts the distance beyond k.
		 */
		if (row_min > (int) k)
		{
			work_free(rows, local);
			return above;
		}
		swap = prev2;
		prev2 = prev;
		prev = cur;
		cur = swap;
	}
	d = prev[blen];
	work_free(rows, local);
	return d > (int) k ? above : d;
}

/*
 * Words of normalized names
 */

/* A word: code points between spaces */
typedef struct Word
{
	const uint32_t *cp;
	size_t len;
} Word;

/* Order words by their code points, a prefix first */
static int
word_cmp(const Word *x, const Word *y)
{
	size_t n = x->len < y->len ? x->len : y->len;
	size_t i;

	for (i = 0; i < n; i++)
		if (x->cp[i] != y->cp[i])
			return x->cp[i] < y->cp[i] ? -1 : 1;
	return x->len < y->len ? -1 : (x->len > y->len ? 1 : 0);
}

/* qsort adapter for word_cmp */
static int
word_qsort_cmp(const void *x, const void *y)
{
	return word_cmp((const Word *) x, (const Word *) y);
}

/* The most words a string of len code points has */
static size_t
max_words(size_t len)
{
	return len / 2 + 1;
}

/* Split on spaces; with skip_cjk, Han and kana also split and are left out */
static size_t
split_words(const uint32_t *s, size_t len, bool skip_cjk, Word *out)
{
	size_t n = 0;
	size_t i = 0;

	while (i < len)
	{
		size_t start;

		while (i < len && (s[i] == ' ' || (skip_cjk && text_is_cjk(s[i]))))
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && s[i] != ' ' && !(skip_cjk && text_is_cjk(s[i])))
			i++;
		out[n].cp = s + start;
		out[n].len = i - start;
		n++;
	}
	return n;
}

/* Drop repeats from sorted words; returns how many remain */
static size_t
unique_words(Word *w, size_t n)
{
	size_t i;
	size_t u = 0;

	if (n == 0)
		return 0;
	for (i = 1; i < n; i++)
		if (word_cmp(&w[i], &w[u]) != 0)
			w[++u] = w[i];
	return u + 1;
}

/* Words two sorted, repeat-free lists share */
static size_t
common_words(const Word *x, size_t nx, const Word *y, size_t ny)
{
	size_t i = 0;
	size_t j = 0;
	size_t common = 0;

	while (i < nx && j < ny)
	{
		int c = word_cmp(&x[i], &y[j]);

		if (c == 0)
			common++;
		if (c <= 0)
			i++;
		if (c >= 0)
			j++;
	}
	return common;
}

/* Dice coefficient of the sets of words; -1 if out of memory */
double
sim_token_set(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	Word local[128];
	size_t cap_a = max_words(alen);
	Word *wa = work_alloc(local, sizeof(local),
						  (cap_a + max_words(blen)) * sizeof(Word));
	Word *wb;
	size_t na;
	size_t nb;
	double dice;

	if (wa == NULL)
		return -1.0;
	wb = wa + cap_a;
	na = split_words(a, alen, false, wa);
	qsort(wa, na, sizeof(Word), word_qsort_cmp);
	na = unique_words(wa, na);
	nb = split_words(b, blen, false, wb);
	qsort(wb, nb, sizeof(Word), word_qsort_cmp);
	nb = unique_words(wb, nb);
	dice = (na == 0 || nb == 0)
			   ? 0.0
			   : 2.0 * common_words(wa, na, wb, nb) / (na + nb);
	work_free(wa, local);
	return dice;
}

/* A candidate pairing of two misspelt words */
typedef struct WordPair
{
	double score;
	const Word *x; /* from the first name */
	const Word *y; /* from the second name */
	size_t ix;     /* x's index among the unshared words of its name */
	size_t iy;     /* y's index among the unshared words of its name */
} WordPair;

/* Best pair first; ties by the words themselves, whichever name they are
 * from, so that the order (and the score) is the same both ways round */
static int
pair_cmp(const void *p, const void *q)
{
	const WordPair *u = p;
	const WordPair *v = q;
	const Word *u_lo;
	const Word *u_hi;
	const Word *v_lo;
	const Word *v_hi;
	int c;

	if (u->score != v->score)
		return u->score > v->score ? -1 : 1;
	c = word_cmp(u->x, u->y);
	u_lo = c <= 0 ? u->x : u->y;
	u_hi = c <= 0 ? u->y : u->x;
	c = word_cmp(v->x, v->y);
	v_lo = c <= 0 ? v->x : v->y;
	v_hi = c <= 0 ? v->y : v->x;
	c = word_cmp(u_lo, v_lo);
	return c != 0 ? c : word_cmp(u_hi, v_hi);
}

/*
 * Soft Dice of two sorted, repeat-free word lists: shared words count 1,
 * the others are paired one to one, best Jaro-Winkler first, a pair
 * counting its score when that reaches NAME_WORD_MATCH.
 */
static double
soft_word_dice(const Word *x, size_t nx, const Word *y, size_t ny)
{
	const Word *left_x[SOFT_WORDS_MAX];
	const Word *left_y[SOFT_WORDS_MAX];
	WordPair pairs[SOFT_WORDS_MAX * SOFT_WORDS_MAX];
	bool used_x[SOFT_WORDS_MAX] = { false };
	bool used_y[SOFT_WORDS_MAX] = { false };
	size_t lx = 0;
	size_t ly = 0;
	size_t np = 0;
	size_t common = 0;
	double soft = 0.0;
	size_t i = 0;
	size_t j = 0;
	size_t p;

	if (nx == 0 || ny == 0)
		return 0.0;
	/* shared words, and the first unshared ones of each side */
	while (i < nx || j < ny)
	{
		int c = i == nx ? 1 : (j == ny ? -1 : word_cmp(&x[i], &y[j]));

		if (c == 0)
		{
			common++;
			i++;
			j++;
		}
		else if (c < 0)
		{
			if (lx < SOFT_WORDS_MAX)
				left_x[lx++] = &x[i];
			i++;
		}
		else
		{
			if (ly < SOFT_WORDS_MAX)
				left_y[ly++] = &y[j];
			j++;
		}
	}
	for (i = 0; i < lx; i++)
		for (j = 0; j < ly; j++)
		{
			double s = sim_jaro_winkler(left_x[i]->cp, left_x[i]->len,
										left_y[j]->cp, left_y[j]->len);

			if (s >= NAME_WORD_MATCH)
			{
				pairs[np].score = s;
				pairs[np].x = left_x[i];
				pairs[np].y = left_y[j];
				pairs[np].ix = i;
				pairs[np].iy = j;
				np++;
			}
		}
	qsort(pairs, np, sizeof(WordPair), pair_cmp);
	for (p = 0; p < np; p++)
	{
		if (used_x[pairs[p].ix] || used_y[pairs[p].iy])
			continue;
		used_x[pairs[p].ix] = used_y[pairs[p].iy] = true;
		soft += pairs[p].score;
	}
	return 2.0 * ((double) common + soft) / (double) (nx + ny);
}

/* Join words with single spaces into out; returns the length */
static size_t
join_words(const Word *w, size_t n, uint32_t *out)
{
	size_t len = 0;
	size_t i;

	for (i = 0; i < n; i++)
	{
		if (i > 0)
			out[len++] = ' ';
		memcpy(out + len, w[i].cp, w[i].len * sizeof(uint32_t));
		len += w[i].len;
	}
	return len;
}

/* The Latin (non-CJK) part of a normalized name, ready to compare */
typedef struct NamePart
{
	Word *words;      /* in order of the name */
	size_t nwords;    /* count of words */
	Word *unique;     /* sorted, without repeats */
	size_t nunique;   /* count of unique words */
	uint32_t *joined; /* the words joined by spaces, in order */
	uint32_t *sorted; /* the words joined by spaces, sorted */
	size_t joined_len;
	size_t chars; /* code points of the words, spaces not counted */
} NamePart;

/* Split a normalized name's non-CJK words into the buffers given */
static void
name_part(const uint32_t *s, size_t len, Word *words, Word *unique,
		  uint32_t *joined, uint32_t *sorted, NamePart *part)
{
	size_t i;

	part->words = words;
	part->nwords = split_words(s, len, true, words);
	part->chars = 0;
	for (i = 0; i < part->nwords; i++)
		part->chars += words[i].len;
	part->joined = joined;
	part->joined_len = join_words(words, part->nwords, joined);
	memcpy(unique, words, part->nwords * sizeof(Word));
	qsort(unique, part->nwords, sizeof(Word), word_qsort_cmp);
	part->sorted = sorted;
	join_words(unique, part->nwords, sorted);
	part->unique = unique;
	part->nunique = unique_words(unique, part->nwords);
}

/* Score of the Latin parts of two names */
static double
latin_score(const NamePart *x, const NamePart *y)
{
	double soft = soft_word_dice(x->unique, x->nunique, y->unique, y->nunique);
	double in_order =
		sim_jaro_winkler(x->joined, x->joined_len, y->joined, y->joined_len);
	double in_sort =
		sim_jaro_winkler(x->sorted, x->joined_len, y->sorted, y->joined_len);

	if (in_order < 0 || in_sort < 0)
		return -1.0;
	return 0.5 * soft + 0.5 * (in_order > in_sort ? in_order : in_sort);
}

/* Character bigrams of the CJK runs (a lone character counts as one) */
static size_t
cjk_bigrams(const uint32_t *s, size_t len, uint64_t *out)
{
	size_t n = 0;
	size_t i = 0;

	while (i < len)
	{
		size_t start;

		if (!text_is_cjk(s[i]))
		{
			i++;
			continue;
		}
		start = i;
		while (i < len && text_is_cjk(s[i]))
			i++;
		if (i - start == 1)
			out[n++] = (uint64_t) s[start] << 32;
		else
		{
			size_t k;

			for (k = start; k + 1 < i; k++)
				out[n++] = ((uint64_t) s[k] << 32) | s[k + 1];
		}
	}
	return n;
}

/* qsort adapter for bigrams */
static int
u64_cmp(const void *x, const void *y)
{
	uint64_t u = *(const uint64_t *) x;
	uint64_t v = *(const uint64_t *) y;

	return u < v ? -1 : (u > v ? 1 : 0);
}

/* Dice coefficient of two sorted bigram multisets */
static double
bigram_dice(const uint64_t *x, size_t nx, const uint64_t *y, size_t ny)
{
	size_t i = 0;
	size_t j = 0;
	size_t common = 0;

	while (i < nx && j < ny)
	{
		if (x[i] == y[j])
		{
			common++;
			i++;
			j++;
		}
		else if (x[i] < y[j])
			i++;
		else
			j++;
	}
	return 2.0 * (double) common / (double) (nx + ny);
}

/* Count of CJK code points */
static size_t
cjk_chars(const uint32_t *s, size_t len)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += text_is_cjk(s[i]);
	return n;
}

/* Add one part's score, weighted by its length, to a running average */
static void
add_part(size_t chars_a, size_t chars_b, double score, double *num,
		 double *den)
{
	double weight = (double) (chars_a + chars_b);

	if (chars_a == 0 && chars_b == 0)
		return;
	if (chars_a == 0 || chars_b == 0)
	{
		*den += weight / 2; /* what only one name has counts half, as 0 */
		return;
	}
	*num += weight * score;
	*den += weight;
}

/*
 * German umlauts written as their digraphs (SCHROEDER for Schröder, as
 * the SWIFT character set and many payers write them) folded to the
 * vowel normalization leaves of the umlaut (SCHRODER): AE, OE, UE to A,
 * O, U. out has room for len code points; returns its length.
 */
size_t
sim_fold_digraphs(const uint32_t *s, size_t len, uint32_t *out)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
	{
		out[n++] = s[i];
		if ((s[i] == 'A' || s[i] == 'O' || s[i] == 'U') && i + 1 < len &&
			s[i + 1] == 'E')
			i++;
	}
	return n;
}

static double name_score(const uint32_t *a, size_t alen, const uint32_t *b,
						 size_t blen);

/* A legal-form first word (see similarity.h) */
size_t
sim_leading_form(const uint32_t *s, size_t len)
{
	char word[32];
	size_t i;
	size_t k;

	for (i = 0; i < len && s[i] != ' '; i++)
	{
		if (i >= sizeof(word) || s[i] > 0x7F)
			return 0;
		word[i] = (char) s[i];
	}
	for (k = i + 1; k < len && s[k] != ' '; k++)
		;
	return k < len && text_is_legal_form_word(word, i) ? i + 1 : 0;
}

/* Payer-name score of two normalized names, as written, with the
 * digraphs of umlauts folded, or without a legal form written first (the
 * best); -1 if out of memory */
double
sim_name(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	uint32_t local[256];
	uint32_t *fa;
	uint32_t *fb;
	size_t flen_a;
	size_t flen_b;
	size_t form_a = sim_leading_form(a, alen);
	size_t form_b = sim_leading_form(b, blen);
	double plain = name_score(a, alen, b, blen);
	double folded;

	if (plain >= 0 && plain < 1.0 && (form_a > 0 || form_b > 0))
	{
		double unformed =
			name_score(a + form_a, alen - form_a, b + form_b, blen - form_b);

		plain = unformed > plain || unformed < 0 ? unformed : plain;
	}
	if (plain < 0 || plain == 1.0)
		return plain;
	fa = alen + blen <= 256 ? local : malloc((alen + blen) * sizeof(uint32_t));
	if (fa == NULL)
		return -1.0;
	fb = fa + alen;
	/* (folded without the forms written first) */
	flen_a = sim_fold_digraphs(a + form_a, alen - form_a, fa);
	flen_b = sim_fold_digraphs(b + form_b, blen - form_b, fb);
	folded = flen_a == alen - form_a && flen_b == blen - form_b
				 ? plain
				 : name_score(fa, flen_a, fb, flen_b);
	if (fa != local)
		free(fa);
	return folded < 0 ? -1.0 : folded > plain ? folded : plain;
}

/* Payer-name score of two normalized names; -1 if out of memory */
static double
name_score(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	/* per name: words, unique words, joined, sorted, bigrams */
	size_t words_a = max_words(alen);
	size_t words_b = max_words(blen);
	size_t bytes = 2 * (words_a + words_b) * sizeof(Word) +
				   2 * (alen + blen) * sizeof(uint32_t) +
				   (alen + blen) * sizeof(uint64_t);
	uint64_t local[1024]; /* names of about 120 characters */
	char *mem;
	char *m;
	NamePart pa;
	NamePart pb;
	uint64_t *bigrams_a;
	uint64_t *bigrams_b;
	size_t cjk_a;
	size_t cjk_b;
	double num = 0.0;
	double den = 0.0;
	double cross;

	if (alen == 0 || blen == 0)
		return 0.0;
	if (alen == blen && memcmp(a, b, alen * sizeof(uint32_t)) == 0)
		return 1.0;
	if (pinyin_cross_script(a, alen, b, blen, &cross))
		return cross;
	mem = work_alloc(local, sizeof(local), bytes);
	if (mem == NULL)
		return -1.0;

	/* carve the buffers: the 8-byte ones first, then words, then text */
	m = mem;
	bigrams_a = (uint64_t *) m;
	m += alen * sizeof(uint64_t);
	bigrams_b = (uint64_t *) m;
	m += blen * sizeof(uint64_t);
	{
		Word *wa = (Word *) m;
		Word *ua = wa + words_a;
		Word *wb = ua + words_a;
		Word *ub = wb + words_b;
		uint32_t *text = (uint32_t *) (ub + words_b);

		name_part(a, alen, wa, ua, text, text + alen, &pa);
		text += 2 * alen;
		name_part(b, blen, wb, ub, text, text + blen, &pb);
	}

	cjk_a = cjk_chars(a, alen);
	cjk_b = cjk_chars(b, blen);
	if (cjk_a > 0 && cjk_b > 0)
	{
		size_t na = cjk_bigrams(a, alen, bigrams_a);
		size_t nb = cjk_bigrams(b, blen, bigrams_b);

		qsort(bigrams_a, na, sizeof(uint64_t), u64_cmp);
		qsort(bigrams_b, nb, sizeof(uint64_t), u64_cmp);
		add_part(cjk_a, cjk_b, bigram_dice(bigrams_a, na, bigrams_b, nb), &num,
				 &den);
	}
	else
		add_part(cjk_a, cjk_b, 0.0, &num, &den);

	if (pa.chars > 0 && pb.chars > 0)
	{
		double latin = latin_score(&pa, &pb);

		if (latin < 0)
		{
			work_free(mem, local);
			return -1.0;
		}
		add_part(pa.chars, pb.chars, latin, &num, &den);
	}
	else
		add_part(pa.chars, pb.chars, 0.0, &num, &den);

	work_free(mem, local);
	if (den <= 0.0)
		return 0.0;
	return num / den > 1.0 ? 1.0 : num / den;
}

/*
 * On UTF-8 text
 */

/* Normalize a name and decode it */
static SimStatus
decode_name(const char *s, size_t len, CodePoints *out, SimError *err)
{
	char local[NAME_STACK_BYTES];
	char *norm = work_alloc(local, sizeof(local), len);
	size_t norm_len;
	SimStatus st;

	if (norm == NULL)
		return SIM_NO_MEMORY;
	switch (
		text_normalize(TEXT_NORM_NAME, s, len, norm, &norm_len, &err->offset))
	{
		case TEXT_OK:
			st =
				sim_codepoints_decode(out, norm, norm_len, SIM_MAX_CHARS, err);
			break;
		case TEXT_INVALID_UTF8:
			st = SIM_INVALID_UTF8;
			break;
		default:
			st = SIM_NO_MEMORY;
			break;
	}
	work_free(norm, local);
	return st;
}

/* Decode one argument: as it is, or normalized as a name first */
static SimStatus
decode_one(const char *s, size_t len, bool name, CodePoints *out,
		   SimError *err)
{
	if (name)
		return decode_name(s, len, out, err);
	return sim_codepoints_decode(out, s, len, SIM_MAX_CHARS, err);
}

/* Decode both arguments, naming the one that fails */
static SimStatus
decode_pair(const char *a, size_t alen, const char *b, size_t blen, bool names,
			CodePoints *ca, CodePoints *cb, SimError *err)
{
	SimStatus st;

	err->argument = 1;
	st = decode_one(a, alen, names, ca, err);
	if (st != SIM_OK)
		return st;
	err->argument = 2;
	st = decode_one(b, blen, names, cb, err);
	if (st != SIM_OK)
		sim_codepoints_free(ca);
	return st;
}

typedef double (*PairScore)(const uint32_t *a, size_t alen, const uint32_t *b,
							size_t blen);

/* A score of two UTF-8 strings (names normalized first if names) */
static SimStatus
score_pair(const char *a, size_t alen, const char *b, size_t blen, bool names,
		   PairScore score, double *result, SimError *err)
{
	CodePoints ca;
	CodePoints cb;
	SimStatus st = decode_pair(a, alen, b, blen, names, &ca, &cb, err);

	if (st != SIM_OK)
		return st;
	*result = score(ca.cp, ca.len, cb.cp, cb.len);
	sim_codepoints_free(&ca);
	sim_codepoints_free(&cb);
	return *result < 0 ? SIM_NO_MEMORY : SIM_OK;
}

/* Jaro-Winkler of two UTF-8 strings */
SimStatus
sim_jaro_winkler_utf8(const char *a, size_t alen, const char *b, size_t blen,
					  double *result, SimError *err)
{
	return score_pair(a, alen, b, blen, false, sim_jaro_winkler, result, err);
}

/* Bounded Damerau-Levenshtein of two UTF-8 strings */
SimStatus
sim_damerau_levenshtein_utf8(const char *a, size_t alen, const char *b,
							 size_t blen, int max_distance, int *result,
							 SimError *err)
{
	CodePoints ca;
	CodePoints cb;
	SimStatus st = decode_pair(a, alen, b, blen, false, &ca, &cb, err);

	if (st != SIM_OK)
		return st;
	*result =
		sim_damerau_levenshtein(ca.cp, ca.len, cb.cp, cb.len, max_distance);
	sim_codepoints_free(&ca);
	sim_codepoints_free(&cb);
	return *result < 0 ? SIM_NO_MEMORY : SIM_OK;
}

/* Word-set Dice of two names, normalized first */
SimStatus
sim_token_set_utf8(const char *a, size_t alen, const char *b, size_t blen,
				   double *result, SimError *err)
{
	return score_pair(a, alen, b, blen, true, sim_token_set, result, err);
}

/* Payer-name score of two names, normalized first */
SimStatus
sim_name_utf8(const char *a, size_t alen, const char *b, size_t blen,
			  double *result, SimError *err)
{
	return score_pair(a, alen, b, blen, true, sim_name, result, err);
}

/* Payer-name score of two names normalize_name has normalized already */
SimStatus
sim_name_keys_utf8(const char *a, size_t alen, const char *b, size_t blen,
				   double *result, SimError *err)
{
	return score_pair(a, alen, b, blen, false, sim_name, result, err);
}
