/*
 * name_index.c
 *		Name tokens and the in-memory name index (see name_index.h)
 */
#include "core/name_index.h"

#include <stdlib.h>
#include <string.h>

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

struct NameIndex
{
	int n;
	uint32_t *points;  /* the code points of all names, one after another */
	size_t *start;     /* name i: points[start[i], start[i + 1]) */
	Posting *postings; /* open addressing; token NULL: empty */
	size_t slots;      /* a power of two */
	size_t used;
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
find_slot(const NameIndex *index, const char *token, size_t len, uint64_t hash)
{
	size_t i = hash & (index->slots - 1);

	for (;;)
	{
		Posting *p = &index->postings[i];

		if (p->token == NULL || (p->hash == hash && p->len == len &&
								 memcmp(p->token, token, len) == 0))
			return p;
		i = (i + 1) & (index->slots - 1);
	}
}

static bool
grow_table(NameIndex *index)
{
	Posting *old = index->postings;
	size_t old_slots = index->slots;
	size_t i;

	index->slots = old_slots ? 2 * old_slots : 1024;
	index->postings = calloc(index->slots, sizeof(Posting));
	if (index->postings == NULL)
	{
		index->postings = old;
		index->slots = old_slots;
		return false;
	}
	for (i = 0; i < old_slots; i++)
		if (old[i].token != NULL)
			*find_slot(index, old[i].token, old[i].len, old[i].hash) = old[i];
	free(old);
	return true;
}

static bool
post(NameIndex *index, const char *token, size_t len, int name)
{
	uint64_t hash = hash_bytes(token, len);
	Posting *p;

	if (2 * (index->used + 1) > index->slots && !grow_table(index))
		return false;
	p = find_slot(index, token, len, hash);
	if (p->token == NULL)
	{
		p->token = token;
		p->len = len;
		p->hash = hash;
		index->used++;
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

void
name_index_free(NameIndex *index)
{
	size_t i;

	if (index == NULL)
		return;
	for (i = 0; i < index->slots; i++)
		free(index->postings[i].names);
	free(index->postings);
	free(index->points);
	free(index->start);
	free(index);
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
	if (index->points == NULL || index->start == NULL || !grow_table(index))
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
			if (!post(index, names[i] + tokens[k].offset, tokens[k].len, i))
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

int
name_index_lookup(const NameIndex *index, const char *payer, size_t len,
				  int max_hits, NameHit *hits)
{
	NameToken *tokens;
	int count = name_tokenize(payer, len, &tokens);
	const Posting **lists = NULL;
	int *found = NULL;
	NameHit *scored = NULL;
	CodePoints cp;
	SimError err;
	int nlists = 0;
	int nfound;
	int result = -1;
	int i;
	int k;

	if (count <= 0)
		return count;
	lists = malloc(count * sizeof(Posting *));
	if (lists == NULL)
		goto done;
	/* the tokens some name holds; the rarest first */
	for (k = 0; k < count; k++)
	{
		const char *t = payer + tokens[k].offset;
		const Posting *p =
			find_slot(index, t, tokens[k].len, hash_bytes(t, tokens[k].len));

		if (p->token != NULL)
			lists[nlists++] = p;
	}
	result = 0;
	if (nlists == 0)
		goto done;
	qsort(lists, nlists, sizeof(Posting *), compare_count);
	result = -1;
	found = malloc(lists[0]->count * sizeof(int));
	if (found == NULL)
		goto done;
	memcpy(found, lists[0]->names, lists[0]->count * sizeof(int));
	nfound = lists[0]->count;
	for (k = 1; k < nlists && nfound > 0; k++)
	{
		const int *other = lists[k]->names;
		int j = 0;
		int kept = 0;

		for (i = 0; i < nfound; i++)
		{
			while (j < lists[k]->count && other[j] < found[i])
				j++;
			if (j < lists[k]->count && other[j] == found[i])
				found[kept++] = found[i];
		}
		nfound = kept;
	}
	scored = malloc((nfound > 0 ? nfound : 1) * sizeof(NameHit));
	if (scored == NULL)
		goto done;
	switch (sim_codepoints_decode(&cp, payer, len, SIM_MAX_CHARS, &err))
	{
		case SIM_OK:
			break;
		case SIM_NO_MEMORY:
			goto done;
		default:
			result = 0; /* not UTF-8, or too long to score: no name */
			goto done;
	}
	for (i = 0; i < nfound; i++)
	{
		int name = found[i];
		double s = sim_name(cp.cp, cp.len, index->points + index->start[name],
							index->start[name + 1] - index->start[name]);

		if (s < 0)
		{
			sim_codepoints_free(&cp);
			goto done;
		}
		scored[i].name = name;
		scored[i].similarity = s;
	}
	sim_codepoints_free(&cp);
	if (nfound > 1)
		qsort(scored, nfound, sizeof(NameHit), compare_hits);
	result = nfound < max_hits ? nfound : max_hits;
	memcpy(hits, scored, result * sizeof(NameHit));
done:
	free(tokens);
	free(lists);
	free(found);
	free(scored);
	return result;
}
