/* check_loop.h — the read→check→emit loop shared by `digiden check` and
 * `digiden promotion-check`: two passes over the input files on worker threads,
 * output in input order, memory independent of the number of files (the design is
 * described at the top of check_loop.c). Each input format supplies its parse,
 * check, limits and encode steps as callbacks. */
#ifndef DIGIDEN_CLI_CHECK_LOOP_H
#define DIGIDEN_CLI_CHECK_LOOP_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../core/check.h"
#include "../core/diag.h"
#include "../io/json_result.h"

/* The limit group an input counts in (a round and an organization). */
typedef struct check_key {
	const void *k1, *k2;  /* k1 NULL: in no group */
	size_t n;             /* counts[0..n): how many members of each kind this input adds */
	const size_t *counts; /* pass 1 only; lives in the step's arena */
} check_key;

typedef enum check_emit {
	CHECK_EMIT_TEXT,      /* Japanese text */
	CHECK_EMIT_JSON_ONE,  /* the only result: an indented object, no newline */
	CHECK_EMIT_JSON_ITEM, /* one element of the array, as it stands inside it; no separator */
} check_emit;

/* Every callback runs on worker threads at once: ctx is read-only while the loop runs,
 * and each call gets its own arena a (reset after the input is done). Parse steps
 * return 0, 1 when the text cannot be parsed (err holds why, without the path), or -1
 * when memory ran out. */
typedef struct check_format {
	const char *command;  /* "digiden check": starts every message on stderr */
	const char *what;     /* "申請書": the inputs, in messages */
	bool limits_for_one;  /* apply the limits to a single file as well */
	const void *ctx;
	/* Pass 1: parses text; with grouped, fills key (counts in a). */
	int (*scan)(const void *ctx, const char *text, size_t len, bool grouped, arena *a, check_key *key, char *err,
		    size_t errlen);
	/* Pass 2: parses, decodes and checks text read from path into *result (in a), and
	 * names its group in key (counts unused). */
	int (*check)(const void *ctx, const char *path, const char *text, size_t len, arena *a, void **result, check_key *key,
		     char *err, size_t errlen);
	/* Applies the group's totals from pass 1 to result; -1 when they cannot include
	 * it (the file changed after pass 1: reported like a changed group). */
	int (*apply)(const void *ctx, void *result, const size_t *counts, arena *a);
	bool (*ok)(const void *result);
	/* Appends result's text to out; 0, or -1 when memory ran out. */
	int (*emit)(const void *ctx, const void *result, check_emit how, json_buf *out);
} check_format;

/* Checks paths[0..n) ("-": standard input, read once) on up to jobs threads and writes
 * the results on stdout in input order: text with a summary line when n > 1, or with
 * as_json one object (n == 1) or an array. Returns EXIT_OK, EXIT_RULE_ERRORS (some
 * result not ok) or EXIT_BAD_INPUT (some input unreadable: nothing on stdout; or
 * memory, output, or a file changed between the passes), the messages on stderr. */
int check_loop_run(const check_format *f, char **paths, int n, bool as_json, long jobs);

/* The online cores: the default for -j. */
long check_loop_default_jobs(void);

/* printf onto out (for the text emitters). */
__attribute__((format(printf, 2, 3))) void check_loop_printf(json_buf *out, const char *fmt, ...);
/* The 判定 line and the エラー/警告/情報 sections of a result's text. */
void check_loop_print_verdict(json_buf *out, const diag_list *dl);
/* The numbered trace under heading (nothing when n is 0): each step's source and
 * quote, the source alone too with bare_source; "application" never shown. */
void check_loop_print_trace(json_buf *out, const char *heading, const trace_step *steps, size_t n, bool bare_source);

#endif
