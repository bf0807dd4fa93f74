/* json_rules.h — loads and validates rule-set files (rules/<program>/<round>.json,
 * "digiden/rules/1"). Unknown keys, missing citations, citations of an unknown seed
 * and impossible values are load errors with the file and JSON path. */
#ifndef DIGIDEN_JSON_RULES_H
#define DIGIDEN_JSON_RULES_H

#include <jansson.h>

#include "../core/arena.h"
#include "../core/rules.h"
#include "json_strict.h" /* rules_known_seeds, the seeds a citation may name */

#define RULES_FORMAT "digiden/rules/1"

/* Decodes one rule set from root into *out (memory from a). label names the file in
 * messages. Returns 0, or -1 with "label: path: message" in err. */
int json_rules_decode(json_t *root, const char *label, arena *a, rule_set *out, char *err, size_t errlen);

/* Parses text (a rule-set file) and decodes it; see json_rules_decode. */
int json_rules_load_text(const char *text, size_t len, const char *label, arena *a, rule_set *out, char *err,
			 size_t errlen);

#endif
