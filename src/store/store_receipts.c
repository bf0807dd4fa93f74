/* store_receipts.c — 受付番号 in the SQLite store (store.h): one row per submission,
 * numbered per round inside the submission's write transaction (the one writer makes
 * max + 1 safe), kept for ever so that a number is never given twice. */
#include <stdio.h>

#include "store_internal.h"

#define R(field, kind) STORE_COL(store_receipt, field, kind)
static const store_col receipt_cols[] = { R(number, COL_TEXT), R(application_id, COL_I64), R(version, COL_INT),
					  R(body_sha256, COL_TEXT), R(submitted_at, COL_TEXT) };
#undef R

store_rc store_receipt_add(store *s, int64_t round_id, const char *prefix, store_receipt *r, arena *a)
{
	sqlite3_stmt *st = store_stmt(s, ST_RECEIPT_NEXT);
	sqlite3_bind_int64(st, 1, round_id);
	int64_t seq;
	store_rc rc = store_one_int64(s, st, &seq);
	if (rc != STORE_OK)
		return rc;
	r->number = arena_printf(a, "%s-%06lld", prefix, (long long)seq);
	if (r->number == NULL)
		return STORE_ERROR;
	st = store_stmt(s, ST_RECEIPT_ADD);
	sqlite3_bind_int64(st, 1, round_id);
	sqlite3_bind_int64(st, 2, seq);
	store_bind_text(st, 3, r->number);
	sqlite3_bind_int64(st, 4, r->application_id);
	sqlite3_bind_int(st, 5, r->version);
	store_bind_text(st, 6, r->body_sha256);
	store_bind_text(st, 7, r->submitted_at);
	return store_exec(s, st);
}

store_rc store_receipt_list(store *s, int64_t app, arena *a, store_receipt **out, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, ST_RECEIPT_LIST);
	sqlite3_bind_int64(st, 1, app);
	return store_rows(s, st, a, (void **)out, n, sizeof **out, receipt_cols, STORE_NCOLS(receipt_cols));
}
