/* diag.h — diagnostics: errors, warnings and info, each with a stable code, the
 * input path it concerns and a Japanese message. Used by decoders and by the rules. */
#ifndef DIGIDEN_DIAG_H
#define DIGIDEN_DIAG_H

#include <stddef.h>

#include "arena.h"

typedef enum diag_severity {
	DIAG_ERROR,   /* the application cannot be accepted as it is */
	DIAG_WARNING, /* allowed, but weak or suspicious */
	DIAG_INFO,
	DIAG__MAX
} diag_severity;

typedef struct diag {
	diag_severity severity;
	const char *code;    /* stable machine code, e.g. "UNKNOWN_KEY" (static storage) */
	const char *path;    /* input path, e.g. "services[0].cost_items[1].amount_yen"; "" = whole document */
	const char *message; /* Japanese, arena-owned */
} diag;

typedef struct diag_list {
	arena *arena; /* where items and messages live */
	diag *items;
	size_t len, cap;
} diag_list;

void diag_list_init(diag_list *l, arena *a);
/* Adds one diagnostic; path is copied. On out-of-memory the diagnostic is dropped
 * and l->len is unchanged (callers treat OOM at the top level). */
void diag_add(diag_list *l, diag_severity sev, const char *code, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
size_t diag_count(const diag_list *l, diag_severity sev);
const char *diag_severity_name(diag_severity sev); /* "error" / "warning" / "info" */

#endif
