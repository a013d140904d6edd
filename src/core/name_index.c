/*
 * name_index.c
 *		Name tokens and the in-memory name index (see name_index.h)
 */
#include "core/name_index.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/pinyin_name.h"
#include "core/similarity.h"
#include "core/text_normalize.h"

/* The ideographs whose words give bigrams, as name_tokens always had */
static bool
is_ideograph(uint32_t c)
{
	return c >= 0x3400 && c <= 0x9FFF;
}

/* Byte length of the UTF-8 sequence starting with byte b (1 if not one) */
static size_t
sequence_length(unsigned char b)
{
	return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

typedef struct TokenList
{
	const char *name;
	NameToken *tokens;
	int count;
	int cap;
} TokenList;

static bool
add_token(TokenList *list, size_t offset, size_t len)
{
	if (list->count == list->cap)
	{
		int cap = list->cap ? 2 * list->cap : 16;
		NameToken *grown = realloc(list->tokens, cap * sizeof(NameToken));

		if (grown == NULL)
			return false;
		list->tokens = grown;
		list->cap = cap;
	}
	list->tokens[list->count].offset = offset;
	list->tokens[list->count].len = len;
	list->count++;
	return true;
}

/* Tokens of one word, name[start, end) */
static bool
word_tokens(TokenList *list, size_t start, size_t end)
{
	const unsigned char *s = (const unsigned char *) list->name;
	size_t chars = 0;
	bool ideographs = false;
	size_t i;

	for (i = start; i < end; i += sequence_length(s[i]))
	{
		uint32_t c;

		chars++;
		if (text_utf8_decode(s + i, end - i, &c) > 0 && is_ideograph(c))
			ideographs = true;
	}
	if (!ideographs)
		return chars < 2 || add_token(list, start, end - start);
	if (chars == 1)
		return add_token(list, start, end - start);
	/* every two neighbouring code points */
	for (i = start; i < end;)
	{
		size_t next = i + sequence_length(s[i]);
		size_t after;

		if (next >= end)
			break;
		after = next + sequence_length(s[next]);
		if (after > end)
			after = end;
		if (!add_token(list, i, after - i))
			return false;
		i = next;
	}
	return true;
}

/* The name whose tokens qsort is sorting (qsort passes no context) */
static const char *sort_name;

static int
compare_tokens(const void *a, const void *b)
{
	const NameToken *x = a;
	const NameToken *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(sort_name + x->offset, sort_name + y->offset, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

int
name_tokenize(const char *name, size_t len, NameToken **tokens)
{
	TokenList list = { name, NULL, 0, 0 };
	size_t start = 0;
	size_t i;
	int kept = 0;
	int k;

	for (i = 0; i <= len; i++)
		if (i == len || name[i] == ' ')
		{
			if (i > start && !word_tokens(&list, start, i))
			{
				free(list.tokens);
				return -1;
			}
			start = i + 1;
		}
	/* distinct, in byte order */
	sort_name = name;
	if (list.count > 1)
		qsort(list.tokens, list.count, sizeof(NameToken), compare_tokens);
	for (k = 0; k < list.count; k++)
		if (kept == 0 ||
			compare_tokens(&list.tokens[kept - 1], &list.tokens[k]) != 0)
			list.tokens[kept++] = list.tokens[k];
	*tokens = list.tokens;
	return kept;
}

/*
 * The index: a hash table of tokens, each with the names holding it in
 * ascending order, and every name's code points for scoring
 */
typedef struct Posting
{
	const char *token; /* points into a name */
	size_t len;
	uint64_t hash;
	int *names;
	int count;
	int cap;
} Posting;

/* Tokens and the names holding them */
typedef struct PostingTable
{
	Posting *postings; /* open addressing; token NULL: empty */
	size_t slots;      /* a power of two */
	size_t used;
} PostingTable;

struct NameIndex
{
	int n;
	uint32_t *points;     /* the code points of all names, one after another */
	size_t *start;        /* name i: points[start[i], start[i + 1]) */
	PostingTable tokens;  /* the names' own tokens */
	PostingTable pinyin;  /* the pinyin words of the Chinese names */
	int *chinese;         /* name i: its reading in readings, or -1 */
	PinyinName *readings; /* the Chinese names read (pinyin_name.h) */
	int nreadings;
	char *spelled; /* the Chinese names' pinyin words, the tokens' bytes */
};

static uint64_t
hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char) s[i]) * 1099511628211ULL;
	return h;
}

static Posting *
find_slot(const PostingTable *table, const char *token, size_t len,
		  uint64_t hash)
{
	size_t i = hash & (table->slots - 1);

	for (;;)
	{
		Posting *p = &table->postings[i];

		if (p->token == NULL || (p->hash == hash && p->len == len &&
								 memcmp(p->token, token, len) == 0))
			return p;
		i = (i + 1) & (table->slots - 1);
	}
}

static bool
grow_table(PostingTable *table)
{
	Posting *old = table->postings;
	size_t old_slots = table->slots;
	size_t i;

	table->slots = old_slots ? 2 * old_slots : 1024;
	table->postings = calloc(table->slots, sizeof(Posting));
	if (table->postings == NULL)
	{
		table->postings = old;
		table->slots = old_slots;
		return false;
	}
	for (i = 0; i < old_slots; i++)
		if (old[i].token != NULL)
			*find_slot(table, old[i].token, old[i].len, old[i].hash) = old[i];
	free(old);
	return true;
}

static bool
post(PostingTable *table, const char *token, size_t len, int name)
{
	uint64_t hash = hash_bytes(token, len);
	Posting *p;

	if (2 * (table->used + 1) > table->slots && !grow_table(table))
		return false;
	p = find_slot(table, token, len, hash);
	if (p->token == NULL)
	{
		p->token = token;
		p->len = len;
		p->hash = hash;
		table->used++;
	}
	if (p->count == p->cap)
	{
		int cap = p->cap ? 2 * p->cap : 4;
		int *grown = realloc(p->names, cap * sizeof(int));

		if (grown == NULL)
			return false;
		p->names = grown;
		p->cap = cap;
	}
	p->names[p->count++] = name;
	return true;
}

static void
free_table(PostingTable *table)
{
	size_t i;

	for (i = 0; i < table->slots; i++)
		free(table->postings[i].names);
	free(table->postings);
}

void
name_index_free(NameIndex *index)
{
	if (index == NULL)
		return;
	free_table(&index->tokens);
	free_table(&index->pinyin);
	free(index->chinese);
	free(index->readings);
	free(index->spelled);
	free(index->points);
	free(index->start);
	free(index);
}

/* The code points of name i */
#define NAME_POINTS(index, i) ((index)->points + (index)->start[i])
#define NAME_LEN(index, i)    ((index)->start[(i) + 1] - (index)->start[i])

/* Post the tokens of text (len bytes) for name i in table */
static bool
post_text(PostingTable *table, const char *text, size_t len, int i)
{
	NameToken *tokens;
	int count = name_tokenize(text, len, &tokens);
	int k;

	if (count < 0)
		return false;
	for (k = 0; k < count; k++)
		if (!post(table, text + tokens[k].offset, tokens[k].len, i))
		{
			free(tokens);
			return false;
		}
	free(tokens);
	return true;
}

/*
 * Read the Chinese names once (pinyin_name.h), and post their pinyin words
 * (syllables, place, brand) in the pinyin table, for payers who write
 * Chinese names in Latin letters
 */
static bool
index_pinyin(NameIndex *index)
{
	char words[PINYIN_TOKENS_MAX];
	size_t total = 0;
	size_t at = 0;
	int cap = 0;
	int i;

	index->chinese = malloc((index->n > 0 ? index->n : 1) * sizeof(int));
	if (index->chinese == NULL)
		return false;
	for (i = 0; i < index->n; i++)
	{
		PinyinName reading;

		index->chinese[i] = -1;
		if (!pinyin_name_read(NAME_POINTS(index, i), NAME_LEN(index, i),
							  &reading))
			continue;
		if (index->nreadings == cap)
		{
			PinyinName *grown;

			cap = cap ? 2 * cap : 64;
			grown = realloc(index->readings, cap * sizeof(PinyinName));
			if (grown == NULL)
				return false;
			index->readings = grown;
		}
		index->readings[index->nreadings] = reading;
		index->chinese[i] = index->nreadings++;
		/* and the space pinyin_name_tokens writes after the last word */
		total += pinyin_name_tokens(NAME_POINTS(index, i), NAME_LEN(index, i),
									&reading, words) +
				 1;
	}
	if (index->nreadings == 0)
		return true;
	/* the tokens point into spelled: it is allocated once */
	index->spelled = malloc(total > 0 ? total : 1);
	if (index->spelled == NULL)
		return false;
	for (i = 0; i < index->n; i++)
	{
		size_t len;

		if (index->chinese[i] < 0)
			continue;
		len = pinyin_name_tokens(NAME_POINTS(index, i), NAME_LEN(index, i),
								 &index->readings[index->chinese[i]],
								 index->spelled + at);
		if (!post_text(&index->pinyin, index->spelled + at, len, i))
			return false;
		at += len + 1;
	}
	return true;
}

NameIndex *
name_index_build(const char *const *names, const size_t *lens, int n)
{
	NameIndex *index = calloc(1, sizeof(NameIndex));
	size_t bytes = 0;
	size_t at = 0;
	int i;

	if (index == NULL)
		return NULL;
	index->n = n;
	for (i = 0; i < n; i++)
		bytes += lens[i];
	index->points = malloc((bytes + 1) * sizeof(uint32_t));
	index->start = malloc((n + 1) * sizeof(size_t));
	if (index->points == NULL || index->start == NULL ||
		!grow_table(&index->tokens) || !grow_table(&index->pinyin))
	{
		name_index_free(index);
		return NULL;
	}
	for (i = 0; i < n; i++)
	{
		const unsigned char *s = (const unsigned char *) names[i];
		NameToken *tokens;
		int count = name_tokenize(names[i], lens[i], &tokens);
		size_t b = 0;
		int k;

		if (count < 0)
		{
			name_index_free(index);
			return NULL;
		}
		for (k = 0; k < count; k++)
			if (!post(&index->tokens, names[i] + tokens[k].offset,
					  tokens[k].len, i))
			{
				free(tokens);
				name_index_free(index);
				return NULL;
			}
		free(tokens);
		/* code points for scoring; a byte that is not UTF-8 counts as one */
		index->start[i] = at;
		while (b < lens[i])
		{
			uint32_t c;
			int step = text_utf8_decode(s + b, lens[i] - b, &c);

			index->points[at++] = step > 0 ? c : 0xFFFD;
			b += step > 0 ? (size_t) step : 1;
		}
	}
	index->start[n] = at;
	if (!index_pinyin(index))
	{
		name_index_free(index);
		return NULL;
	}
	return index;
}

static int
compare_count(const void *a, const void *b)
{
	const Posting *x = *(const Posting *const *) a;
	const Posting *y = *(const Posting *const *) b;

	return (x->count > y->count) - (x->count < y->count);
}

static int
compare_hits(const void *a, const void *b)
{
	const NameHit *x = a;
	const NameHit *y = b;

	if (x->similarity != y->similarity)
		return x->similarity < y->similarity ? 1 : -1;
	return (x->name > y->name) - (x->name < y->name);
}

/*
 * The names holding every token of text that table knows (the rarest
 * first), ascending, into *found (malloc'ed; NULL when none); only 1
 * keeps the Chinese names (index_pinyin), -1 the others, 0 all.
 * Returns how many, or -1 if out of memory.
 */
static int
names_holding(const NameIndex *index, const PostingTable *table,
			  const char *text, size_t len, int only, int **found)
{
	NameToken *tokens;
	int count = name_tokenize(text, len, &tokens);
	const Posting **lists = NULL;
	int nlists = 0;
	int nfound = -1;
	int i;
	int k;

	*found = NULL;
	if (count <= 0)
		return count;
	lists = malloc(count * sizeof(Posting *));
	if (lists == NULL)
		goto done;
	for (k = 0; k < count; k++)
	{
		const char *t = text + tokens[k].offset;
		const Posting *p =
			find_slot(table, t, tokens[k].len, hash_bytes(t, tokens[k].len));

		if (p->token != NULL)
			lists[nlists++] = p;
	}
	nfound = 0;
	if (nlists == 0)
		goto done;
	qsort(lists, nlists, sizeof(Posting *), compare_count);
	nfound = -1;
	*found = malloc(lists[0]->count * sizeof(int));
	if (*found == NULL)
		goto done;
	nfound = 0;
	for (i = 0; i < lists[0]->count; i++)
	{
		int name = lists[0]->names[i];

		if (only == 0 || (only > 0) == (index->chinese[name] >= 0))
			(*found)[nfound++] = name;
	}
	for (k = 1; k < nlists && nfound > 0; k++)
	{
		const int *other = lists[k]->names;
		int j = 0;
		int kept = 0;

		for (i = 0; i < nfound; i++)
		{
			while (j < lists[k]->count && other[j] < (*found)[i])
				j++;
			if (j < lists[k]->count && other[j] == (*found)[i])
				(*found)[kept++] = (*found)[i];
		}
		nfound = kept;
	}
done:
	free(tokens);
	free(lists);
	return nfound;
}

/* The union of two ascending lists into *a (grown); its length, or -1 */
static int
merge_names(int **a, int na, int *b, int nb)
{
	int *out;
	int i = 0;
	int j = 0;
	int n = 0;

	if (nb <= 0)
		return na;
	out = malloc((na + nb) * sizeof(int));
	if (out == NULL)
		return -1;
	while (i < na || j < nb)
	{
		int x = i < na ? (*a)[i] : INT_MAX;
		int y = j < nb ? b[j] : INT_MAX;

		out[n++] = x < y ? x : y;
		i += x <= y;
		j += y <= x;
	}
	free(*a);
	*a = out;
	return n;
}

/* Words of code points into UTF-8 text, space-separated */
static size_t
words_text(const uint32_t *w, size_t len, const size_t *start, int nwords,
		   char *out)
{
	size_t o = 0;
	int k;

	for (k = 0; k < nwords; k++)
	{
		size_t i;

		if (k > 0)
			out[o++] = ' ';
		for (i = start[k]; i < start[k + 1] && i < len; i++)
			o += text_utf8_encode(w[i], out + o);
	}
	return o;
}

/*
 * The names a payer written in another script than theirs may be: a payer
 * in Latin letters, the Chinese names whose pinyin holds each of its name
 * words (industry and legal-form words left out) the pinyin table knows; a
 * Chinese payer, the other names holding its brand in pinyin
 */
static int
names_in_pinyin(const NameIndex *index, const CodePoints *payer,
				PinyinLatin *latin, bool *is_latin, int **found)
{
	PinyinName chinese;
	char text[4 * sizeof(latin->text) / sizeof(uint32_t) + PINYIN_WORDS_MAX];
	size_t len;

	*found = NULL;
	*is_latin = false;
	if (index->nreadings > 0 &&
		pinyin_latin_read(payer->cp, payer->len, latin))
	{
		*is_latin = true;
		len = words_text(latin->text, latin->start[latin->nwords],
						 latin->start, latin->nwords, text);
		return names_holding(index, &index->pinyin, text, len, 1, found);
	}
	if (index->nreadings < index->n &&
		pinyin_name_read(payer->cp, payer->len, &chinese))
	{
		size_t k;

		for (k = 0; k < chinese.brand_len; k++)
			text[k] = (char) chinese.brand[k]; /* ASCII letters */
		len = chinese.brand_len;
		return names_holding(index, &index->tokens, text, len, -1, found);
	}
	return 0;
}

/*
 * The names holding the payer's words with umlauts' digraphs folded
 * (SCHROEDER + SOEHNE finds Schröder & Söhne) and without a legal form
 * written first (SAS HOLDINGS BRABANT finds Brabant Holdings SAS), into
 * *found as names_holding does; none when the payer writes neither
 */
static int
names_folded(const NameIndex *index, const CodePoints *payer, int **found)
{
	uint32_t *folded = malloc((payer->len + 1) * sizeof(uint32_t));
	char *text = malloc(4 * payer->len + 1);
	size_t form = sim_leading_form(payer->cp, payer->len);
	size_t n;
	size_t bytes = 0;
	size_t i;
	int result = -1;

	*found = NULL;
	if (folded == NULL || text == NULL)
		goto done;
	n = sim_fold_digraphs(payer->cp + form, payer->len - form, folded);
	result = 0;
	if (n == payer->len)
		goto done;
	for (i = 0; i < n; i++)
		bytes += text_utf8_encode(folded[i], text + bytes);
	result = names_holding(index, &index->tokens, text, bytes, 0, found);
done:
	free(folded);
	free(text);
	return result;
}

int
name_index_lookup(const NameIndex *index, const char *payer, size_t len,
				  int max_hits, NameHit *hits)
{
	int *found = NULL;
	int *other = NULL;
	NameHit *scored = NULL;
	PinyinLatin *latin = NULL;
	bool is_latin;
	CodePoints cp;
	SimError err;
	int nfound;
	int nother;
	int result = -1;
	int i;

	switch (sim_codepoints_decode(&cp, payer, len, SIM_MAX_CHARS, &err))
	{
		case SIM_OK:
			break;
		case SIM_NO_MEMORY:
			return -1;
		default:
			return 0; /* not UTF-8, or too long to score: no name */
	}
	latin = malloc(sizeof(PinyinLatin));
	nfound = names_holding(index, &index->tokens, payer, len, 0, &found);
	if (latin == NULL || nfound < 0)
		goto done;
	nother = names_folded(index, &cp, &other);
	if (nother < 0)
		goto done;
	nfound = merge_names(&found, nfound, other, nother);
	free(other);
	other = NULL;
	if (nfound < 0)
		goto done;
	nother = names_in_pinyin(index, &cp, latin, &is_latin, &other);
	if (nother < 0)
		goto done;
	nfound = merge_names(&found, nfound, other, nother);
	if (nfound < 0)
		goto done;
	scored = malloc((nfound > 0 ? nfound : 1) * sizeof(NameHit));
	if (scored == NULL)
		goto done;
	for (i = 0; i < nfound; i++)
	{
		int name = found[i];
		double s;

		/* a Chinese name read once, for every payer in Latin letters */
		if (is_latin && index->chinese[name] >= 0)
			s = pinyin_similarity(&index->readings[index->chinese[name]],
								  latin);
		else
			s = sim_name(cp.cp, cp.len, NAME_POINTS(index, name),
						 NAME_LEN(index, name));
		if (s < 0)
			goto done;
		scored[i].name = name;
		scored[i].similarity = s;
	}
	if (nfound > 1)
		qsort(scored, nfound, sizeof(NameHit), compare_hits);
	result = nfound < max_hits ? nfound : max_hits;
	memcpy(hits, scored, result * sizeof(NameHit));
done:
	sim_codepoints_free(&cp);
	free(latin);
	free(found);
	free(other);
	free(scored);
	return result;
}
