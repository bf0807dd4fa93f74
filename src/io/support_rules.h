/* support_rules.h — loads the rule data of the support programs' eligibility checks
 * (rules/bansou/<round>.json, format "digiden/support-rules/1") into a
 * support_rules (core/support.h). Unknown keys, missing citations, citations of an
 * unknown seed, unknown condition kinds, programs, menus and statuses are load errors
 * naming the file and the JSON path. The files are embedded in the binary at build
 * time (the Makefile embeds every rules/<program>/<round>.json). */
#ifndef DIGIDEN_SUPPORT_RULES_H
#define DIGIDEN_SUPPORT_RULES_H

#include <stddef.h>

#include "../core/arena.h"
#include "../core/support.h"

#define SUPPORT_RULES_FORMAT "digiden/support-rules/1"

/* Decodes one file's text (len bytes). label names the file in messages. Memory
 * from a. Returns 0, or -1 with "label: path: message" (Japanese) in err. */
int support_rules_decode_text(const char *text, size_t len, const char *label, arena *a, support_rules *out, char *err,
			      size_t errlen);

/* Loads the embedded rule data with id "bansou/fy2025" (file rules/<id>.json).
 * Returns 0, or -1 with a message listing the ids there are. */
int support_rules_load(const char *id, arena *a, support_rules *out, char *err, size_t errlen);

#endif
