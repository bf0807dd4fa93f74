/* future_tech_rules.h — loads rules/future-tech/program.json ("digiden/future-tech-rules/1"):
 *   format, id, program, title, sources[], note?,
 *   support_fiscal_years, extension_fiscal_years, max_extensions?   {value, source, quote, reading?, note?}
 *   continuation_application, continuation_review, automatic_end,
 *   filing_within_period                                          {source, quote, reading?, note?}
 *   published_selections[], published_in_support[]                 {fiscal_year, value, source, quote, …}
 * Unknown keys, missing citations and citations of an unknown seed are load errors. */
#ifndef DIGIDEN_FUTURE_TECH_RULES_H
#define DIGIDEN_FUTURE_TECH_RULES_H

#include <stddef.h>

#include "../core/arena.h"
#include "../core/future_tech.h"

#define FUTURE_TECH_RULES_FORMAT "digiden/future-tech-rules/1"

/* Decodes one rule file into *out (memory from a). Returns 0, or -1 with
 * "label: path: message" in err. */
int future_tech_rules_load_text(const char *text, size_t len, const char *label, arena *a, ft_rules *out, char *err,
				size_t errlen);

/* Loads the embedded rules/future-tech/program.json. Returns 0 or -1 (message in err). */
int future_tech_rules_load_embedded(ft_rules *out, arena *a, char *err, size_t errlen);

#endif
