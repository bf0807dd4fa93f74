/* store_attachments.c — attachments in the SQLite store (store.h): content-addressed
 * blobs written and read with the incremental BLOB API, and the rows that attach them
 * to an application's versions.
 *
 * The statements are prepared per call on the connection that runs them (store_db: the
 * writer's inside a write), bound, and finalized: they are few and run once per upload
 * or download, so they stay out of the shared statement table in sqlite.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* The blob is written in pieces of this size. */
#define BLOB_CHUNK ((size_t)64 * 1024)

static store_rc prep(store *s, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(store_db(s), sql, -1, st, NULL);
	return rc == SQLITE_OK ? STORE_OK : store_fail(s, rc);
}

/* Runs st (no rows) and finalizes it. */
static store_rc run(store *s, sqlite3_stmt *st, int64_t *id)
{
	store_rc rc = store_insert(s, st, id);
	sqlite3_finalize(st);
	return rc;
}

/* The rowid of the blob of sha256 (for sqlite3_blob_open). */
static store_rc blob_rowid(store *s, const char *sha256, int64_t *rowid)
{
	sqlite3_stmt *st;
	store_rc rc = prep(s, "SELECT rowid FROM blobs WHERE sha256 = ?", &st);
	if (rc != STORE_OK)
		return rc;
	store_bind_text(st, 1, sha256);
	rc = store_one_int64(s, st, rowid);
	sqlite3_finalize(st);
	return rc;
}

store_rc store_blob_put(store *s, const char *sha256, int64_t size, store_blob_src src, void *ctx, bool *stored)
{
	*stored = false;
	int64_t rowid;
	store_rc rc = blob_rowid(s, sha256, &rowid);
	if (rc != STORE_NOT_FOUND)
		return rc; /* there already (OK), or an error */
	sqlite3_stmt *st;
	if ((rc = prep(s, "INSERT INTO blobs(sha256, size, data) VALUES (?, ?, zeroblob(?))", &st)) != STORE_OK)
		return rc;
	store_bind_text(st, 1, sha256);
	sqlite3_bind_int64(st, 2, size);
	sqlite3_bind_int64(st, 3, size);
	if ((rc = run(s, st, &rowid)) != STORE_OK)
		return rc;
	sqlite3_blob *b;
	int src_rc = sqlite3_blob_open(store_db(s), "main", "blobs", "data", rowid, 1, &b);
	if (src_rc != SQLITE_OK)
		return store_fail(s, src_rc);
	char *chunk = malloc(BLOB_CHUNK);
	int64_t off = 0;
	rc = chunk ? STORE_OK : STORE_ERROR;
	if (chunk == NULL)
		snprintf(s->errmsg, sizeof s->errmsg, "メモリが足りません");
	while (rc == STORE_OK && off < size) {
		size_t want = (size_t)(size - off) < BLOB_CHUNK ? (size_t)(size - off) : BLOB_CHUNK;
		long got = src(ctx, chunk, want);
		if (got <= 0) {
			snprintf(s->errmsg, sizeof s->errmsg, "添付ファイルの一時ファイルを読めません");
			rc = STORE_ERROR;
			break;
		}
		int wrc = sqlite3_blob_write(b, chunk, (int)got, (int)off);
		if (wrc != SQLITE_OK)
			rc = store_fail(s, wrc);
		off += got;
	}
	free(chunk);
	int crc = sqlite3_blob_close(b);
	if (rc == STORE_OK && crc != SQLITE_OK)
		rc = store_fail(s, crc);
	*stored = rc == STORE_OK;
	return rc;
}

store_rc store_blob_read(store *s, const char *sha256, void *buf, size_t len)
{
	int64_t rowid;
	store_rc rc = blob_rowid(s, sha256, &rowid);
	if (rc != STORE_OK)
		return rc;
	sqlite3_blob *b;
	int src = sqlite3_blob_open(store_db(s), "main", "blobs", "data", rowid, 0, &b);
	if (src != SQLITE_OK)
		return store_fail(s, src);
	if ((size_t)sqlite3_blob_bytes(b) != len) {
		sqlite3_blob_close(b);
		snprintf(s->errmsg, sizeof s->errmsg, "保存された添付ファイルの大きさが記録と違います");
		return STORE_ERROR;
	}
	for (size_t off = 0; off < len && rc == STORE_OK;) {
		size_t n = len - off < BLOB_CHUNK ? len - off : BLOB_CHUNK;
		int r = sqlite3_blob_read(b, (char *)buf + off, (int)n, (int)off);
		if (r != SQLITE_OK)
			rc = store_fail(s, r);
		off += n;
	}
	sqlite3_blob_close(b);
	return rc;
}

store_rc store_attachment_add(store *s, const store_attachment *a, int64_t uploaded_by, int64_t *id)
{
	sqlite3_stmt *st;
	store_rc rc = prep(s,
			   "INSERT INTO attachments(application_id, version, kind, file_name, content_type, sha256, size, uploaded_by)"
			   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			   &st);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, a->application);
	sqlite3_bind_int(st, 2, a->version);
	store_bind_text(st, 3, a->kind);
	store_bind_text(st, 4, a->file_name);
	store_bind_text(st, 5, a->content_type);
	store_bind_text(st, 6, a->sha256);
	sqlite3_bind_int64(st, 7, a->size);
	sqlite3_bind_int64(st, 8, uploaded_by);
	return run(s, st, id);
}

#define A(field, kind) STORE_COL(store_attachment, field, kind)
static const store_col att_cols[] = { A(id, COL_I64),        A(application, COL_I64), A(version, COL_INT),
				      A(kind, COL_TEXT),      A(file_name, COL_TEXT),  A(content_type, COL_TEXT),
				      A(sha256, COL_TEXT),    A(size, COL_I64),        A(uploaded_by, COL_TEXT),
				      A(uploaded_at, COL_TEXT) };
#undef A

/* The columns of att_cols, and the set at a version (parameters 1 app, 2 version). */
#define ATT_SELECT                                                                                                 \
	"SELECT a.id, a.application_id, a.version, a.kind, a.file_name, a.content_type, a.sha256, a.size, u.login," \
	" a.uploaded_at FROM attachments a JOIN users u ON u.id = a.uploaded_by"                                  \
	" WHERE a.application_id = ?1 AND a.version <= ?2 AND (a.removed_in IS NULL OR a.removed_in > ?2)"

/* The set of app at version (out an array, *n its length) or, with id, that one row
 * of it (out one struct, n NULL). */
static store_rc att_query(store *s, int64_t app, int version, int64_t id, arena *a, void *out, size_t *n)
{
	sqlite3_stmt *st;
	store_rc rc = prep(s, n ? ATT_SELECT " ORDER BY a.id" : ATT_SELECT " AND a.id = ?3", &st);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, app);
	sqlite3_bind_int(st, 2, version);
	sqlite3_bind_int64(st, 3, id);
	rc = n ? store_rows(s, st, a, (void **)out, n, sizeof(store_attachment), att_cols, STORE_NCOLS(att_cols))
	       : store_row(s, st, a, out, att_cols, STORE_NCOLS(att_cols));
	sqlite3_finalize(st);
	return rc;
}

store_rc store_attachment_list(store *s, int64_t app, int version, arena *a, store_attachment **out, size_t *n)
{
	return att_query(s, app, version, 0, a, out, n);
}

store_rc store_attachment_get(store *s, int64_t app, int version, int64_t id, arena *a, store_attachment *out)
{
	return att_query(s, app, version, id, a, out, NULL);
}

store_rc store_attachment_remove(store *s, int64_t id, int version)
{
	static const char *const sql[] = {
		/* added in this version: no earlier version holds it */
		"DELETE FROM attachments WHERE id = ?1 AND version = ?2",
		/* held by earlier versions: out of this one and the later ones */
		"UPDATE attachments SET removed_in = ?2 WHERE id = ?1 AND version < ?2 AND removed_in IS NULL",
		/* its bytes, when no row names them any more */
		"DELETE FROM blobs WHERE sha256 = ?3 AND NOT EXISTS (SELECT 1 FROM attachments WHERE sha256 = ?3)",
	};
	sqlite3_stmt *st;
	store_rc rc = prep(s, "SELECT sha256 FROM attachments WHERE id = ?", &st);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	char sha[65] = "";
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(sha, sizeof sha, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return step == SQLITE_DONE ? STORE_NOT_FOUND : store_fail(s, step);
	int changed = 0;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if ((rc = prep(s, sql[i], &st)) != STORE_OK)
			return rc;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, version);
		store_bind_text(st, 3, sha);
		if ((rc = run(s, st, NULL)) != STORE_OK)
			return rc;
		if (i < 2)
			changed += sqlite3_changes(store_db(s));
	}
	return changed > 0 ? STORE_OK : STORE_NOT_FOUND;
}
