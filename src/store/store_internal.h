/* store_internal.h — what the files of the SQLite store share (sqlite.c, store_*.c):
 * the statement table's names, the connection, and the helpers that run statements and
 * move rows between columns and structs. Not for callers of store.h. */
#ifndef DIGIDEN_STORE_INTERNAL_H
#define DIGIDEN_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

enum stmt {
	ST_BEGIN,
	ST_BEGIN_READ,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_PING,
	ST_ORG_PUT,
	ST_USER_ADD,
	ST_USER_BY_LOGIN,
	ST_USER_BY_ID,
	ST_SESSION_ADD,
	ST_SESSION_USER,
	ST_SESSION_DELETE,
	ST_SESSION_PURGE,
	ST_ROUND_ADD,
	ST_ROUND_BY_KEY,
	ST_ROUND_BY_ID,
	ST_ROUND_LIST,
	ST_ROUND_STATUS,
	ST_APP_ADD,
	ST_VERSION_ADD,
	ST_APP_GET,
	ST_APP_HEAD,
	ST_APP_SAVE,
	ST_APP_STATUS,
	ST_APP_LIST_OFFICE,
	ST_APP_LIST_ORG,
	ST_APP_LIST_REVIEWER,
	ST_APP_LIST_ROUND,
	ST_APP_LIST_ROUND_ORG,
	ST_APP_LIST_ROUND_ALL,
	ST_ROUND_SEQ,
	ST_PUBLIC_SEQ,
	ST_APP_VERSIONS,
	ST_COMMENT_ADD,
	ST_COMMENT_LIST,
	ST_ASSIGN,
	ST_IS_ASSIGNED,
	ST_REVIEW_PUT,
	ST_REVIEW_LIST,
	ST_DECISION_PUT,
	ST_DECISION_GET,
	ST_KPI_ADD,
	ST_KPI_LIST,
	ST_AUDIT_ADD,
	ST_AUDIT_LIST,
	ST_PUBLISHED_ADD,
	ST_PUBLISHED_LIST,
	ST_DECIDED_LIST,
	ST_APP_SHARED,
	ST_HISTORY_ADD,
	ST_HISTORY_BY_ORG,
	ST_HISTORY_BY_PROGRAM,
	ST_PROBE,
	ST_LOGIN_FAIL_GET,
	ST_LOGIN_FAIL_PUT,
	ST_LOGIN_FAIL_CLEAR,
	ST_LOGIN_FAIL_BLOCKED,
	/* receipts (issue 13, part 5) */
	ST_RECEIPT_NEXT,
	ST_RECEIPT_ADD,
	ST_RECEIPT_LIST,
	ST__MAX
};

struct store_writer;

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[ST__MAX];
	char errmsg[512];
	bool probing; /* the health probe's commit does not prove that real writes work */
	struct store_writer *wl; /* the writes of this process to the file (store_txn.c) */
	bool writing;            /* inside store_begin … store_commit/store_rollback */
	uint64_t batch;          /* the writer's transaction this connection's writes are in */
	store *wconn;            /* the writer's connection, while writing */
};

/* The writer of the process for the file at path (store_txn.c): one connection every
 * write transaction goes through. NULL with err filled when it cannot be opened. */
struct store_writer *store_writer_get(const char *path, char *err, size_t errlen);
void store_writer_put(struct store_writer *w);
/* The connection s's statements run on now: the writer's while s writes. */
static inline sqlite3 *store_db(store *s) { return s->writing ? s->wconn->db : s->db; }
/* Opens one connection (migrating the schema when migrate) without a writer. */
int store_open_conn(const char *path, bool migrate, store **out, char *err, size_t errlen);
/* A write transaction with a real write (not only the health probe) was committed. */
void store_commit_ok(void);

/* The prepared statement i, reset and with bindings cleared. */
sqlite3_stmt *store_stmt(store *s, enum stmt i);
/* Records SQLite's message for rc in s->errmsg (and disk trouble); STORE_ERROR. */
store_rc store_fail(store *s, int rc);
/* Binds v as text, NULL as NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Runs a statement that returns no rows; maps constraint violations to DUPLICATE. */
store_rc store_exec(store *s, sqlite3_stmt *st);
/* store_exec, then the new row's id into *id (when id is not NULL). */
store_rc store_insert(store *s, sqlite3_stmt *st, int64_t *id);
/* Steps st, a query for one integer: STORE_OK with *out, STORE_NOT_FOUND, or the error. */
store_rc store_one_int64(store *s, sqlite3_stmt *st, int64_t *out);
/* Steps st once: true when it has a row (a yes/no question). */
bool store_exists(sqlite3_stmt *st);

/* Rows and structs: column i of a query is field cols[i] of the struct, one table per
 * struct instead of one assignment per column. Text lives in the caller's arena. */
typedef enum store_col_kind {
	COL_I64,
	COL_INT,
	COL_BOOL,       /* an int column read as bool */
	COL_TEXT,       /* NULL stays NULL */
	COL_TEXT_EMPTY, /* bound as "" when the field is NULL */
} store_col_kind;

typedef struct store_col {
	size_t off;
	store_col_kind kind;
} store_col;

#define STORE_COL(type, field, kind) { offsetof(type, field), kind }
#define STORE_NCOLS(cols) (sizeof(cols) / sizeof((cols)[0]))

/* Binds fields cols[0..n) of row as parameters 1..n. */
void store_bind_cols(sqlite3_stmt *st, const void *row, const store_col *cols, size_t n);
/* Steps st for one row into *row (zeroed first): OK, NOT_FOUND or the error. */
store_rc store_row(store *s, sqlite3_stmt *st, arena *a, void *row, const store_col *cols, size_t n);
/* Collects every row of st into a new arena array of elements of size bytes. */
store_rc store_rows(store *s, sqlite3_stmt *st, arena *a, void **out, size_t *count, size_t size, const store_col *cols,
		    size_t n);

/* Binds cols[1..n) of row (all but the id) and inserts it; its id into *id. */
store_rc store_insert_cols(store *s, enum stmt which, const void *row, const store_col *cols, size_t n, int64_t *id);
/* The one row of which (its parameter 1 the id, or the text key) into *out. */
store_rc store_row_by_id(store *s, enum stmt which, int64_t id, arena *a, void *out, const store_col *cols, size_t n);
store_rc store_row_by_text(store *s, enum stmt which, const char *key, arena *a, void *out, const store_col *cols,
			   size_t n);

/* The column maps shared between files (store_apps.c, store_records.c). */
extern const store_col store_app_cols[12]; /* APP_COLUMNS, then the body */

#endif
