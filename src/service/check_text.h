/* check_text.h — POST /api/v1/check without building a jansson tree: the body text
 * parsed by the fast strict parser (jv), checked, and the answer written straight
 * into a buffer (issue 11, item 5: the API's check at half nginx's rate). */
#ifndef DIGIDEN_SERVICE_CHECK_TEXT_H
#define DIGIDEN_SERVICE_CHECK_TEXT_H

#include <stddef.h>

#include "../io/json_result.h"
#include "service.h"

/* Checks the application in text[0..len) against the shipped catalogue and appends
 * to out exactly what json_dumps(svc_check_body(s, json_loadb(text)), JSON_COMPACT)
 * gives. Returns 0; 1 when the text is outside what the fast parser takes for sure
 * (malformed, or merely unusual — the caller then takes the jansson path, which has
 * the verdict and the message); -1 when memory ran out (err filled). */
int svc_check_text(svc *s, const char *text, size_t len, json_buf *out, svc_err *err);

#endif
