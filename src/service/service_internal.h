/* service_internal.h — what the files of the service share (service.c, service_*.c,
 * history.c, results.c): the one path every write takes (svc_op_run), access to one
 * application, and the small checks of request bodies. Not for the layers above. */
#ifndef DIGIDEN_SERVICE_INTERNAL_H
#define DIGIDEN_SERVICE_INTERNAL_H

#include <time.h>

#include "../core/diag.h"
#include "../io/csv.h"
#include "service.h"

/* ---- the one operation path ---- */

/* What a write is, for its audit entry: who did what to which application, with the
 * state before and after as JSON text (NULL when none). The step may fill before and
 * after once it knows them (a new id, a new version); the texts must stay valid until
 * svc_op_run returns. action NULL writes no audit entry (a failed login of a login that
 * does not exist, which strangers could otherwise use to fill the log). */
typedef struct svc_op {
	const char *actor;
	const char *action;
	int64_t application; /* 0 = none */
	const char *before, *after;
} svc_op;

/* The writes of one operation, run inside its transaction. Returns STORE_OK, or another
 * code on failure: with err filled by the step when it knows what went wrong (that error
 * is passed through); otherwise STORE_NOT_FOUND means a compare-and-set found the
 * application changed meanwhile (409 CONFLICT) and anything else a database error. */
typedef store_rc (*svc_op_step)(svc *s, svc_op *op, void *ctx, svc_err *err);

/* Runs step (NULL = no writes but the audit entry) in one write transaction, adds op's
 * audit entry and commits. On any failure it rolls back — nothing of the step nor an
 * audit entry remains — and returns -1 with err filled; 0 on success. No service
 * function begins or commits a transaction of its own. */
int svc_op_run(svc *s, svc_op *op, svc_op_step step, void *ctx, svc_err *err);

/* 500 DATABASE with the store's message; returns NULL (for `return svc_db_fail(…)`). */
void *svc_db_fail(svc *s, svc_err *err);
/* 500 NOMEM; returns NULL. */
void *svc_nomem(svc_err *err);

/* ---- imports: every row or none ---- */

/* Decodes an import's CSV: rows (in a) and the problems of its lines; -1 with a message
 * in e when the file cannot be read at all. */
typedef int (*svc_csv_decode)(svc *s, const char *data, size_t len, csv_encoding enc, const char *source, arena *a,
			      void **rows, size_t *n, diag_list *problems, char *e, size_t elen);
/* Adds row i of rows (in the import's transaction); a row's own error (a duplicate) goes
 * in err, as for svc_op_step; a is the import's arena. */
typedef store_rc (*svc_row_add)(svc *s, const void *rows, size_t i, size_t n, arena *a, void *ctx, svc_err *err);

typedef struct svc_import {
	const char *actor, *action; /* the audit entry's: after = {"source","rows"} */
	const char *invalid_code;   /* of the 422 when lines have problems */
	const char *source;         /* the file, first in every message */
	svc_csv_decode decode;
	svc_row_add add;
	void *ctx;
} svc_import;

/* Decodes data (400 CSV_INVALID, 422 with every problem as a detail) and adds all rows
 * in one write transaction — every row or none. {"imported","source"} with *n the rows,
 * or NULL with err filled. */
json_t *svc_import_csv(svc *s, const svc_import *im, const char *data, size_t len, csv_encoding enc, svc_err *err);

/* ---- one application ---- */

/* A request about one application: what svc_with_app loaded, and what its write step
 * needs and returns. Strings live in a, freed when the request ends. */
typedef struct app_req {
	svc *s;
	const svc_user *actor;
	int64_t id;
	json_t *body; /* the request's, may be NULL */
	app_action act;
	arena a;
	store_app app; /* the application as read before any write */
	/* for the write step */
	const char *text, *extra, *menu, *title;
	const void *more; /* what else one operation's step needs */
	app_status to;
	int64_t ref; /* a reviewer's id in, a new row's id out */
	int version;
	char *answer; /* an answer as text (malloc'd), for svc_app_get_text */
	size_t answer_len;
	const char *receipt; /* the 受付番号 a submission got (receipts.h), in a */
} app_req;

typedef json_t *(*app_handler)(app_req *q, svc_err *err);

/* Loads application q->id as q->actor may see it into q->app (with its body when full;
 * 401 without a login, 404 when absent or not visible — the same answer, so ids of
 * other organizations cannot be probed), runs fn on q and frees q->a. The caller fills
 * s, actor, id, body and act of q. */
json_t *svc_with_app(app_req *q, bool full, app_handler fn, svc_err *err);
/* The same for the usual call: q made from the arguments. */
json_t *svc_app_do(svc *s, const svc_user *actor, int64_t id, json_t *body, app_action act, bool full, app_handler fn,
		   svc_err *err);
/* Whether u is the applicant of app's organization. */
bool svc_owns(const svc_user *u, const store_app *app);
bool svc_is_office(const svc_user *u);
/* {"id", "status"} of an application, new reference. */
json_t *svc_app_state(int64_t id, const char *status);
/* Checks app's body (body_text) with the limits over its round's submitted applications
 * of its organization. 0 with *out, or -1 with err filled. */
int svc_check_in_round(svc *s, const store_app *app, const char *body_text, arena *a, check_result *out, svc_err *err);

/* ---- request bodies ---- */

/* The string member key of body, or NULL. */
const char *svc_body_str(json_t *body, const char *key);
/* Whether key is one of keys (NULL-terminated). */
bool svc_key_known(const char *const *keys, const char *key);
/* body is an object with no keys but keys (NULL-terminated); 400 otherwise. */
bool svc_body_fields(json_t *body, const char *const *keys, svc_err *err);
/* "YYYY-MM-DDTHH:MM:SSZ" of t. */
void svc_iso_time(time_t t, char *buf, size_t n);

#endif
