/* json_result.h — the `digiden check --json` output of one application, exactly as
 * shared/schema/application.md gives it, plus the documented extra keys "file",
 * "info" and, in trace steps, "label" and "quote". */
#ifndef DIGIDEN_JSON_RESULT_H
#define DIGIDEN_JSON_RESULT_H

#include <jansson.h>

#include "../core/check.h"

/* New reference; caller json_decref()s. NULL on out-of-memory. */
json_t *json_result_encode(const check_result *r);

#endif
