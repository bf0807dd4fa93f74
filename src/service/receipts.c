/* receipts.c — see receipts.h. */
#include "receipts.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "service_internal.h"

/* "digital-implementation/fy2022-supp" → "FY2022-SUPP": the round's own part of its key. */
static const char *receipt_prefix(const char *round_key, arena *a)
{
	const char *tail = strrchr(round_key, '/');
	char *p = arena_strdup(a, tail ? tail + 1 : round_key);
	for (char *c = p; c && *c; c++)
		*c = (char)toupper((unsigned char)*c);
	return p;
}

store_rc svc_receipt_issue(svc *s, const store_app *app, arena *a, const char **number)
{
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1], at[32];
	const char *body = app->body ? app->body : "";
	crypto_hash_sha256(hash, (const unsigned char *)body, strlen(body));
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	svc_iso_time(time(NULL), at, sizeof at);
	const char *prefix = receipt_prefix(app->round_key ? app->round_key : "round", a);
	if (prefix == NULL)
		return STORE_ERROR;
	store_receipt r = { .application_id = app->id, .version = app->version, .body_sha256 = hex, .submitted_at = at };
	store_rc rc = store_receipt_add(s->st, app->round_id, prefix, &r, a);
	if (rc == STORE_OK)
		*number = r.number;
	return rc;
}

static json_t *receipts(app_req *q, svc_err *err)
{
	store_receipt *r;
	size_t n;
	if (store_receipt_list(q->s->st, q->id, &q->a, &r, &n) != STORE_OK)
		return svc_db_fail(q->s, err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s,s:i,s:s,s:s}", "number", r[i].number, "version", r[i].version,
						     "sha256", r[i].body_sha256, "submitted_at", r[i].submitted_at));
	return json_pack("{s:o,s:I}", "receipts", arr, "total", (json_int_t)n);
}

json_t *svc_app_receipts(svc *s, const svc_user *actor, int64_t id, svc_err *err)
{
	return svc_app_do(s, actor, id, NULL, ACT_EDIT, false, receipts, err);
}
