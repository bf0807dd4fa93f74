/* json_result.h — the `digiden check --json` output of one application, exactly as
 * shared/schema/application.md gives it, plus the documented extra keys "file",
 * "info" and, in trace steps, "label" and "quote". */
#ifndef DIGIDEN_JSON_RESULT_H
#define DIGIDEN_JSON_RESULT_H

#include <jansson.h>

#include "../core/check.h"

/* New reference; caller json_decref()s. NULL on out-of-memory. */
json_t *json_result_encode(const check_result *r);

/* A growable output buffer (malloc'd; free(data) when done). */
typedef struct json_buf {
	char *data;
	size_t len, cap;
} json_buf;

/* Appends to b exactly the text json_dumps(json_result_encode(r), JSON_COMPACT)
 * gives, without building the jansson tree (the command line writes thousands).
 * Returns 0, or -1 when memory ran out. */
int json_result_write_compact(const check_result *r, json_buf *b);
/* The same; without the "file" member when with_file is false (the API's answer,
 * which names no file). */
int json_result_write(const check_result *r, json_buf *b, bool with_file);
/* Appends n bytes; 0 or -1. */
int json_buf_put(json_buf *b, const char *s, size_t n);

#endif
