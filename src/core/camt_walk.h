/*
 * camt_walk.h
 *		What the parts of the camt reader share: core/camt.c reads the
 *		document and its statements, core/camt_entry.c the entries, and
 *		core/camt_walk.c the elements' texts and values, scratch memory
 *		and errors. Internal to the reader; its interface is camt.h.
 */
#ifndef AR2C_CORE_CAMT_WALK_H
#define AR2C_CORE_CAMT_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "core/camt.h"

#define PATH_MAX_CHARS 96
#define BLOCK_SIZE     16384
/* Characters of a found value quoted in a message */
#define QUOTE_MAX_CHARS 100

struct CamtBlock
{
	CamtBlock *next;
	size_t size;
	size_t used;
	char data[];
};

/* A position in the scratch memory, to free back to */
typedef struct ScratchMark
{
	CamtBlock *block;
	size_t used;
} ScratchMark;

/* The three kinds: their container, their item and its name in messages */
typedef struct CamtKindInfo
{
	CamtKind kind;
	const char *container;
	const char *item;
	const char *word;
} CamtKindInfo;

typedef struct Walk
{
	CamtReader *reader;
	CamtError *err;
	const xmlNs *ns; /* of the root element */
	const xmlChar *ns_href;
	const CamtKindInfo *kind;
	char format[16]; /* "camt.053.001.08" */
	CamtRowFunction emit;
	void *context;
	/* the rows of the entry being read, and its transactions */
	CamtRow *rows;
	size_t rows_capacity;
	xmlNode **transactions;
	size_t transactions_capacity;
} Walk;

/* scratch memory: blocks freed together, or back to a mark */
extern char *camt_scratch(CamtReader *r, size_t n);
extern ScratchMark camt_scratch_mark(const CamtReader *r);
extern void camt_scratch_release(CamtReader *r, ScratchMark m);
extern CamtText camt_scratch_printf(Walk *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* errors: each fills w->err and returns false */
extern bool camt_fail(Walk *w, CamtStatus status, const char *detail,
					  const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
extern bool camt_fail_at(Walk *w, CamtStatus status, const char *path,
						 const char *detail, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
extern bool camt_out_of_memory(Walk *w);
extern int camt_quote_len(CamtText t);

/* the tree */
extern bool camt_is_element(const Walk *w, const xmlNode *n, const char *name);
extern xmlNode *camt_child(const Walk *w, const xmlNode *n, const char *name);
extern bool camt_is_space(char c);
extern bool camt_text_of(Walk *w, const xmlNode *n, CamtText *out);
extern bool camt_child_text(Walk *w, const xmlNode *n, const char *name,
							CamtText *out);
extern CamtText camt_attribute(const xmlNode *n, const char *name);
extern bool camt_text_equals(CamtText t, const char *s);
extern bool camt_same_text(CamtText a, CamtText b);

/* values */
extern bool camt_read_amount(Walk *w, const xmlNode *amt, const char *path,
							 CamtAmount *out);
extern bool camt_read_date(Walk *w, const xmlNode *choice, bool required,
						   const char *path, CamtDate *out);
extern char camt_direction_of(CamtText t);
extern bool camt_read_account(Walk *w, const xmlNode *acct, CamtText *out);

/* an entry (Ntry): its rows handed to w->emit (core/camt_entry.c) */
extern bool camt_read_entry(Walk *w, const CamtStatement *st,
							const xmlNode *ntry, int number, bool *emitted);

#endif /* AR2C_CORE_CAMT_WALK_H */
