/* dispatch_rules.h — loads rules/dispatch/program.json ("digiden/dispatch-rules/1"):
 * the kinds of dispatch of 地方創生人材支援制度, who may receive them, periods, the
 * extension, the two デジタル専門人材 menus with their partner companies, and the table of
 * usable financial measures, into core/dispatch.h's dsp_rules (see mic_rules.h for
 * the form of a cited value). */
#ifndef DIGIDEN_DISPATCH_RULES_H
#define DIGIDEN_DISPATCH_RULES_H

#include <stddef.h>

#include "../core/arena.h"
#include "../core/dispatch.h"

#define DISPATCH_RULES_FORMAT "digiden/dispatch-rules/1"

/* Loads one file's text (label names it in messages). Strings live in a. Returns 0,
 * or -1 with "label: path: message" in err. */
int dispatch_rules_load_text(const char *text, size_t len, const char *label, arena *a, dsp_rules *out, char *err,
			     size_t errlen);

/* Loads the embedded rules/dispatch/ file. */
int dispatch_rules_load_embedded(arena *a, dsp_rules *out, char *err, size_t errlen);

#endif
