/* store_txn.c — write transactions of the SQLite store (store.h): every write of the
 * process to one file goes through one connection, the writer, and the operations that
 * arrive while one is writing share its commit.
 *
 * Why: an acknowledged save costs an fsync of the WAL (synchronous=FULL). One
 * connection per thread, each with its own BEGIN IMMEDIATE, made writers of one process
 * wait in SQLite's busy handler, which sleeps 1 ms and more — several times a save's
 * whole transaction — and every write emptied the other connections' page caches. Here
 * the writers queue on a mutex; each operation runs in a savepoint of the writer's
 * transaction, and the last one in before nobody else waits commits it, so one fsync
 * acknowledges them all. An operation returns from store_commit() only once that commit
 * is durable, and fails if it failed; store_rollback() undoes its own savepoint only.
 * Operations of one transaction run one after another, so each sees the ones before it
 * as a serial order would; if the commit fails, all of them fail. Other processes (the
 * CLI) meet SQLite's busy timeout as before. */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

#define BATCH_MAX 32  /* operations in one transaction at the most */
#define FAILURES 64   /* failed transactions remembered for their waiting members */

struct store_writer {
	char *path;
	int users;
	struct store_writer *next;
	store *conn;          /* the one connection the writes go through */
	pthread_mutex_t m;    /* held by the operation writing now */
	pthread_cond_t done;  /* a transaction ended */
	atomic_int waiting;   /* threads in store_begin() waiting for m */
	bool open;            /* a transaction is open */
	bool real;            /* … with a write that is not the health probe */
	int members;          /* its operations done and waiting for the commit */
	uint64_t txn;         /* its number */
	/* Transactions end in the order of their numbers; only the failed ones are
	 * recorded (a ring of the last FAILURES), so a member that wakes late still knows
	 * its outcome however many commits went by meanwhile: absent from the ring means
	 * committed, unless the ring has wrapped past its number. */
	struct {
		uint64_t txn;
		store_rc rc;
		char errmsg[512];
	} failed[FAILURES];
	uint64_t n_failed; /* failures ever recorded */
	uint64_t ended;    /* the number of the last transaction that ended */
};

static pthread_mutex_t writers_guard = PTHREAD_MUTEX_INITIALIZER;
static struct store_writer *writers;

struct store_writer *store_writer_get(const char *path, char *err, size_t errlen)
{
	char real[PATH_MAX];
	if (realpath(path, real) == NULL)
		snprintf(real, sizeof real, "%s", path);
	pthread_mutex_lock(&writers_guard);
	struct store_writer *w = writers;
	while (w && strcmp(w->path, real) != 0)
		w = w->next;
	if (w == NULL) {
		w = calloc(1, sizeof *w);
		if (w == NULL || (w->path = strdup(real)) == NULL || store_open_conn(path, false, &w->conn, err, errlen) != 0) {
			if (w && w->conn == NULL && errlen && w->path == NULL)
				snprintf(err, errlen, "メモリが足りません");
			if (w)
				free(w->path);
			free(w);
			pthread_mutex_unlock(&writers_guard);
			return NULL;
		}
		pthread_mutexattr_t at;
		pthread_mutexattr_init(&at);
		/* a second store_begin() on a connection that writes already fails instead of hanging */
		pthread_mutexattr_settype(&at, PTHREAD_MUTEX_ERRORCHECK);
		pthread_mutex_init(&w->m, &at);
		pthread_mutexattr_destroy(&at);
		pthread_cond_init(&w->done, NULL);
		w->next = writers;
		writers = w;
	}
	w->users++;
	pthread_mutex_unlock(&writers_guard);
	return w;
}

void store_writer_put(struct store_writer *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&writers_guard);
	if (--w->users == 0) {
		struct store_writer **p = &writers;
		while (*p != w)
			p = &(*p)->next;
		*p = w->next;
		store_close(w->conn);
		pthread_cond_destroy(&w->done);
		pthread_mutex_destroy(&w->m);
		free(w->path);
		free(w);
	}
	pthread_mutex_unlock(&writers_guard);
}

/* Before m is given back: leaves the open transaction to the operations waiting to join
 * it, or ends it — commits it, or rolls back one without members — and publishes how it
 * ended. why: the message when SQLite already rolled it back (an error of a statement). */
static void settle(struct store_writer *w, const char *why)
{
	if (!w->open || (atomic_load(&w->waiting) > 0 && w->members < BATCH_MAX))
		return;
	store *c = w->conn;
	store_rc rc = STORE_OK;
	if (sqlite3_get_autocommit(c->db)) {
		rc = STORE_ERROR; /* gone with the error of one of its statements */
		snprintf(c->errmsg, sizeof c->errmsg, "%s", why && why[0] ? why : "SQLite: transaction rolled back");
	} else if (w->members == 0) {
		(void)store_exec(c, store_stmt(c, ST_ROLLBACK));
	} else if ((rc = store_exec(c, store_stmt(c, ST_COMMIT))) != STORE_OK && !sqlite3_get_autocommit(c->db)) {
		(void)store_exec(c, store_stmt(c, ST_ROLLBACK));
	}
	if (rc == STORE_OK && w->members > 0 && w->real)
		store_commit_ok();
	if (rc != STORE_OK) {
		int slot = (int)(w->n_failed++ % FAILURES);
		w->failed[slot].txn = w->txn;
		w->failed[slot].rc = rc;
		snprintf(w->failed[slot].errmsg, sizeof w->failed[slot].errmsg, "%s", c->errmsg);
	}
	w->ended = w->txn;
	w->open = false;
	pthread_cond_broadcast(&w->done);
}

/* A store without a writer (it could not be made) writes on its own connection. */
static store_rc alone(store *s, enum stmt which) { return store_exec(s, store_stmt(s, which)); }

store_rc store_begin(store *s)
{
	struct store_writer *w = s->wl;
	if (w == NULL)
		return alone(s, ST_BEGIN);
	if (s->writing) {
		snprintf(s->errmsg, sizeof s->errmsg, "a write transaction is open on this connection already");
		return STORE_ERROR;
	}
	atomic_fetch_add(&w->waiting, 1);
	pthread_mutex_lock(&w->m);
	atomic_fetch_sub(&w->waiting, 1);
	store *c = w->conn;
	store_rc rc = STORE_OK;
	if (!w->open && (rc = store_exec(c, store_stmt(c, ST_BEGIN))) == STORE_OK) {
		w->open = true;
		w->real = false;
		w->members = 0;
		w->txn++;
	}
	if (rc == STORE_OK)
		rc = store_exec(c, store_stmt(c, ST_SAVEPOINT));
	if (rc != STORE_OK) {
		snprintf(s->errmsg, sizeof s->errmsg, "%s", c->errmsg);
		settle(w, c->errmsg);
		pthread_mutex_unlock(&w->m);
		return rc;
	}
	s->writing = true;
	s->wconn = c;
	s->batch = w->txn;
	return STORE_OK;
}

store_rc store_commit(store *s)
{
	struct store_writer *w = s->wl;
	if (w == NULL || !s->writing) {
		store_rc rc = alone(s, ST_COMMIT);
		if (rc == STORE_OK && !s->probing)
			store_commit_ok();
		return rc;
	}
	store_rc rc = store_exec(s, store_stmt(s, ST_RELEASE));
	if (rc != STORE_OK) {
		store_rollback(s);
		return rc;
	}
	w->members++;
	if (!s->probing)
		w->real = true;
	s->writing = false;
	uint64_t mine = s->batch;
	settle(w, NULL);
	while (w->ended < mine)
		pthread_cond_wait(&w->done, &w->m);
	rc = STORE_OK;
	uint64_t kept = w->n_failed < FAILURES ? w->n_failed : FAILURES;
	for (uint64_t k = 0; k < kept; k++) {
		int slot = (int)((w->n_failed - 1 - k) % FAILURES);
		if (w->failed[slot].txn == mine) {
			rc = w->failed[slot].rc;
			snprintf(s->errmsg, sizeof s->errmsg, "%s", w->failed[slot].errmsg);
			break;
		}
		/* the ring wrapped past mine: FAILURES failures since — the outcome is
		 * unknown, and an unknown outcome is not acknowledged */
		if (k == kept - 1 && w->n_failed > FAILURES && w->failed[slot].txn > mine) {
			rc = STORE_ERROR;
			snprintf(s->errmsg, sizeof s->errmsg, "SQLite: the outcome of the commit was lost");
		}
	}
	pthread_mutex_unlock(&w->m);
	return rc;
}

void store_rollback(store *s)
{
	struct store_writer *w = s->wl;
	if (w == NULL || !s->writing) {
		if (!sqlite3_get_autocommit(s->db))
			(void)alone(s, ST_ROLLBACK);
		return;
	}
	/* this operation's writes only; the others of the transaction stay */
	if (!sqlite3_get_autocommit(store_db(s))) {
		(void)store_exec(s, store_stmt(s, ST_ROLLBACK_TO));
		(void)store_exec(s, store_stmt(s, ST_RELEASE));
	}
	s->writing = false;
	settle(w, s->errmsg);
	pthread_mutex_unlock(&w->m);
}

store_rc store_read_begin(store *s) { return store_exec(s, store_stmt(s, ST_BEGIN_READ)); }

void store_read_end(store *s)
{
	if (!s->writing && !sqlite3_get_autocommit(s->db))
		(void)store_exec(s, store_stmt(s, ST_COMMIT));
}

bool store_write_probe(store *s, int64_t now)
{
	if (store_begin(s) != STORE_OK)
		return false;
	sqlite3_stmt *st = store_stmt(s, ST_PROBE);
	sqlite3_bind_int64(st, 1, now);
	s->probing = true;
	bool ok = store_exec(s, st) == STORE_OK;
	if (ok)
		ok = store_commit(s) == STORE_OK;
	else
		store_rollback(s);
	s->probing = false;
	return ok;
}
