/* test_faults.c — durability under failing storage and crashes (tests/fault/README.md).
 *
 *   test_faults DIGIDEN_BINARY FAULTVFS_SO
 *
 * a. I/O failures injected by faultvfs.so (LD_PRELOAD) while saving: fsync, write and
 *    "disk full" errors from SQLite's VFS.
 * b. A full disk: the server's RLIMIT_FSIZE lowered with prlimit(2) (SIGXFSZ ignored,
 *    so writes fail with EFBIG), then raised again.
 * c. SIGKILL trials: four writers save as fast as they can, the server is killed at a
 *    random moment and restarted; DIGIDEN_SOAK_TRIALS trials (default 20).
 *
 * Every case checks that a failed save is answered with a clean 5xx JSON error (never
 * 200, never a crash or a hang), that every save acknowledged with 200 is still there
 * after a restart (GET …/versions and GET), and that PRAGMA integrity_check says ok.
 *
 * Environment: DIGIDEN_SOAK_TRIALS (trials of case c), DIGIDEN_FAULT_SEED (the random
 * seed, printed on every run), DIGIDEN_FAULT_ASAN_RT (the ASan runtime to preload before
 * the shim when the binary is an ASan build; fault.mk sets it).
 * Prints "ok"/"FAIL" lines, "info"/"skip" lines that are not counted, and one final
 * line "faults: N passed, M failed". */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../api/harness.h"

#define PW "fault-password-1"
#define ORG "042072" /* 名取市, the organization of examples/type1-natori.json */
#define WRITERS 4
#define MAX_TRIALS 10000
#define CHECKPOINT_SAVES 300 /* enough for several automatic checkpoints */

static h_server srv;
static const char *bin, *shim;
static json_t *example;
static char workdir[PATH_MAX]; /* the test's own temp dir: control file, crash images */
static char ctl[PATH_MAX + 16];
static char preload[2 * PATH_MAX + 2];

/* ---- output ---- */

__attribute__((format(printf, 1, 2))) static void info(const char *fmt, ...)
{
	printf("info ");
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static const char *nm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *nm(const char *fmt, ...)
{
	static char bufs[4][256];
	static int k;
	char *b = bufs[k++ % 4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof bufs[0], fmt, ap);
	va_end(ap);
	return b;
}

/* "STATUS body…" of a response into buf (thread-safe, unlike h_resp_brief) */
static void brief(const h_resp *r, char *buf, size_t n)
{
	if (r->status == 0)
		snprintf(buf, n, "no answer (%.200s)", r->curl_error);
	else
		snprintf(buf, n, "%ld %.160s", r->status, r->body ? r->body : "");
}

/* ---- acknowledged saves ---- */


static const h_ack *ack_last(const h_ack_list *l) { return &l->items[l->len - 1]; }

static json_int_t ji(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* A clean error answer: 5xx with {"error":{"code":…}}. */
static bool clean_5xx(const h_resp *r) { return r->status >= 500 && r->status <= 599 && h_err_code(r)[0] != '\0'; }

/* ---- one applicant with one application ---- */

typedef struct {
	h_client *c;
	char login[32];
	char prefix[32]; /* every title this writer saves starts with it */
	json_int_t id;
	char path[96], vpath[128];
	json_t *body;
	h_ack_list acks;
	long seq;
	/* per run of writer_run */
	double cap;
	long other, refused, nonincreasing;
	char bad[256];
} writer;

static h_resp req(writer *w, const char *method, const char *path, const json_t *body)
{
	h_resp r = body ? h_http_json(w->c, method, path, body, w->login) : h_http(w->c, method, path, NULL, NULL, w->login);
	if (r.status == 401) { /* sessions are stored and should survive; log in again if not */
		h_resp_free(&r);
		h_login(w->c, w->login, w->login, PW);
		r = body ? h_http_json(w->c, method, path, body, w->login) : h_http(w->c, method, path, NULL, NULL, w->login);
	}
	return r;
}

/* Admin (logged in as jar "admin" of admin) creates the user; the user logs in with its
 * own client and creates its application. */
static bool writer_setup(writer *w, h_client *admin, const char *login, const char *prefix, char *why, size_t whylen)
{
	memset(w, 0, sizeof *w);
	snprintf(w->login, sizeof w->login, "%s", login);
	snprintf(w->prefix, sizeof w->prefix, "%s", prefix);
	w->c = h_client_new(&srv);
	w->body = json_deep_copy(example);
	json_t *u = json_pack("{ssssssss}", "login", login, "password", PW, "role", "applicant", "organization", ORG);
	h_resp r = h_http_json(admin, "POST", "/api/v1/users", u, "admin");
	json_decref(u);
	long st_user = r.status;
	h_resp_free(&r);
	long st_login = h_login(w->c, login, login, PW);
	char title[64];
	snprintf(title, sizeof title, "%s 作成", prefix);
	json_object_set_new(w->body, "title", json_string(title));
	r = h_http_json(w->c, "POST", "/api/v1/applications", w->body, login);
	w->id = ji(r.json, "id");
	char b[256];
	brief(&r, b, sizeof b);
	h_resp_free(&r);
	snprintf(why, whylen, "user %ld, login %ld, create %s", st_user, st_login, b);
	if (st_user != 201 || st_login != 200 || w->id <= 0)
		return false;
	snprintf(w->path, sizeof w->path, "/api/v1/applications/%lld", (long long)w->id);
	snprintf(w->vpath, sizeof w->vpath, "%s/versions", w->path);
	h_ack_push(&w->acks, 1, title);
	return true;
}

static void writer_free(writer *w)
{
	h_client_free(w->c);
	json_decref(w->body);
	free(w->acks.items);
	memset(w, 0, sizeof *w);
}

/* One save (PUT) with a new title; a 200 is recorded as acknowledged. */
static h_resp save(writer *w, const char *tag)
{
	char title[64];
	snprintf(title, sizeof title, "%s %s %ld", w->prefix, tag, ++w->seq);
	json_object_set_new(w->body, "title", json_string(title));
	h_resp r = req(w, "PUT", w->path, w->body);
	if (r.status == 200) {
		json_int_t v = ji(r.json, "version");
		if (v <= ack_last(&w->acks)->version)
			w->nonincreasing++;
		h_ack_push(&w->acks, v, title);
	}
	return r;
}

/* After a restart: every acknowledged version is listed, the versions are 1…N, and the
 * current version is the last acknowledged one (with its title) or, for a save whose
 * answer was lost in the crash, the next one (then recorded as acknowledged). */
static bool writer_verify(writer *w, char *why, size_t whylen)
{
	h_resp r = req(w, "GET", w->vpath, NULL);
	json_t *vs = json_object_get(r.json, "versions");
	size_t nv = json_array_size(vs);
	const h_ack *last = ack_last(&w->acks);
	size_t seen_len = (size_t)last->version + nv + 2;
	char *seen = calloc(seen_len, 1);
	if (seen == NULL)
		abort();
	json_int_t maxv = 0;
	bool contiguous = true;
	for (size_t i = 0; i < nv; i++) {
		json_int_t v = ji(json_array_get(vs, i), "version");
		if (v != (json_int_t)i + 1)
			contiguous = false;
		if (v > maxv)
			maxv = v;
		if (v > 0 && (size_t)v < seen_len)
			seen[v] = 1;
	}
	size_t missing = 0;
	json_int_t first_missing = 0;
	for (size_t i = 0; i < w->acks.len; i++)
		if (!seen[w->acks.items[i].version] && missing++ == 0)
			first_missing = w->acks.items[i].version;
	free(seen);
	long vstatus = r.status;
	h_resp_free(&r);
	if (vstatus != 200 || missing > 0 || !contiguous || nv == 0) {
		snprintf(why, whylen, "%s: %s → %ld, %zu versions (max %lld, %s); %zu of %zu acknowledged versions missing, first %lld",
			 w->login, w->vpath, vstatus, nv, (long long)maxv, contiguous ? "1…N" : "with gaps", missing, w->acks.len,
			 (long long)first_missing);
		return false;
	}
	r = req(w, "GET", w->path, NULL);
	json_int_t cur = ji(r.json, "version");
	const char *t = json_string_value(json_object_get(json_object_get(r.json, "application"), "title"));
	char title[128];
	snprintf(title, sizeof title, "%s", t ? t : "(none)");
	long gstatus = r.status;
	h_resp_free(&r);
	bool ok;
	if (gstatus != 200 || cur != maxv)
		ok = false;
	else if (cur == last->version)
		ok = strcmp(title, last->title) == 0;
	else
		ok = cur == last->version + 1 && strncmp(title, w->prefix, strlen(w->prefix)) == 0;
	if (!ok) {
		snprintf(why, whylen, "%s: GET %s → %ld, version %lld title %s; versions max %lld; last acknowledged %lld %s", w->login,
			 w->path, gstatus, (long long)cur, title, (long long)maxv, (long long)last->version, last->title);
		return false;
	}
	if (cur == last->version + 1)
		h_ack_push(&w->acks, cur, title);
	snprintf(why, whylen, "ok");
	return true;
}

/* ---- files and the database ---- */

static bool integrity_ok(const char *db_path, char *why, size_t whylen)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "%s: cannot open: %s", db_path, db ? sqlite3_errmsg(db) : "?");
		sqlite3_close(db);
		return false;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_stmt *st = NULL;
	int rows = 0;
	char first[256] = "";
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (rows++ == 0)
				snprintf(first, sizeof first, "%s", (const char *)sqlite3_column_text(st, 0));
		}
	}
	int rc = sqlite3_errcode(db);
	if (rows == 0)
		snprintf(first, sizeof first, "no answer: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	bool ok = rows == 1 && strcmp(first, "ok") == 0 && (rc == SQLITE_OK || rc == SQLITE_DONE);
	snprintf(why, whylen, "%s: %d rows, first: %s", db_path, rows, first);
	return ok;
}

/* copies src to dst; true also when src does not exist (then dst does not either) */
static bool copy_file(const char *src, const char *dst)
{
	unlink(dst);
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return errno == ENOENT;
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	bool ok = out >= 0;
	char buf[65536];
	ssize_t n;
	while (ok && (n = read(in, buf, sizeof buf)) > 0)
		ok = write(out, buf, (size_t)n) == n;
	close(in);
	if (out >= 0 && close(out) != 0)
		ok = false;
	return ok;
}

static off_t file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? sb.st_size : 0;
}

/* Sets the fault mode atomically (write a temp file, rename), so that the shim never
 * reads a half-written control file. */
static bool set_fault(const char *mode)
{
	char tmp[PATH_MAX + 32];
	snprintf(tmp, sizeof tmp, "%s.tmp", ctl);
	FILE *f = fopen(tmp, "w");
	if (f == NULL)
		return false;
	bool ok = fprintf(f, "%s\n", mode) > 0;
	ok = fclose(f) == 0 && ok;
	return ok && rename(tmp, ctl) == 0;
}

/* occurrences of needle in the server's log */
static int log_count(const char *needle)
{
	char *text = h_read_file(srv.log, NULL);
	int n = 0;
	for (const char *p = text; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	free(text);
	return n;
}

/* True when the binary links the AddressSanitizer runtime. */
static bool is_asan_build(const char *path)
{
	size_t len;
	char *data = h_read_file(path, &len);
	bool yes = data && memmem(data, len, "__asan_init", strlen("__asan_init")) != NULL;
	free(data);
	return yes;
}

/* Starts (or restarts) the server, with the shim preloaded when with_shim. The
 * variable is set only around the fork, so no other child gets the shim. */
static int start_server(bool with_shim, bool restart)
{
	if (with_shim)
		setenv("LD_PRELOAD", preload, 1);
	int rc = restart ? h_server_restart(&srv) : h_server_start(&srv, bin);
	if (with_shim)
		unsetenv("LD_PRELOAD");
	return rc;
}

/* True while the server process runs (a crashed one is reaped here, so a zombie does
 * not count as alive). */
static bool server_alive(void)
{
	if (srv.pid <= 0)
		return false;
	int st;
	pid_t r = waitpid(srv.pid, &st, WNOHANG);
	if (r == 0)
		return true;
	srv.last_exit = r == srv.pid ? st : -1;
	srv.pid = 0;
	return false;
}

static h_client *admin_client(void)
{
	h_client *c = h_client_new(&srv);
	long st = h_login(c, "admin", "admin", H_ADMIN_PASSWORD);
	if (st != 200) {
		h_check("admin logs in", false, "status %ld", st);
		h_client_free(c);
		return NULL;
	}
	return c;
}

static void finish_server(const char *label)
{
	char why[512];
	int stop = h_server_stop(&srv);
	h_check(nm("%s: the server stops cleanly on SIGTERM", label), stop == 0, "wait status %d", srv.last_exit);
	h_check(nm("%s: PRAGMA integrity_check on the stopped database → ok", label), integrity_ok(srv.db, why, sizeof why), "%s", why);
	h_check(nm("%s: the server log has no sanitizer report", label), h_server_log_clean(&srv, why, sizeof why), "%s", why);
}

static void sleep_s(double s)
{
	struct timespec ts = { (time_t)s, (long)((s - (double)(time_t)s) * 1e9) };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static void health(long *status, char *database, size_t n)
{
	h_client *c = h_client_new(&srv);
	h_resp r = h_http(c, "GET", "/api/v1/health", NULL, NULL, NULL);
	*status = r.status;
	const char *d = json_string_value(json_object_get(r.json, "database"));
	snprintf(database, n, "%s", d ? d : "(none)");
	h_resp_free(&r);
	h_client_free(c);
}

/* Polls /api/v1/health until it answers want or max_s have passed: the server caches
 * a successful write probe for up to 5 s, so a failure shows within that time. */
static double health_wait(long want, double max_s, long *status, char *database, size_t n)
{
	double t0 = h_now();
	for (;;) {
		health(status, database, n);
		if (*status == want || h_now() - t0 >= max_s)
			return h_now() - t0;
		sleep_s(0.2);
	}
}

/* ---- a. failures injected by the VFS shim ---- */

static void case_a(void)
{
	int fail0 = h_failed;
	const char *asan_rt = getenv("DIGIDEN_FAULT_ASAN_RT");
	if (is_asan_build(bin)) {
		if (asan_rt == NULL || asan_rt[0] == '\0' || access(asan_rt, R_OK) != 0) {
			printf("skip a: %s is an ASan build, which refuses a preloaded library ahead of the ASan runtime, and "
			       "DIGIDEN_FAULT_ASAN_RT does not name a readable runtime to preload first\n",
			       bin);
			return;
		}
		snprintf(preload, sizeof preload, "%s:%s", asan_rt, shim);
		info("a: ASan build: preloading %s first, then the shim", asan_rt);
	} else
		snprintf(preload, sizeof preload, "%s", shim);
	set_fault("off");
	if (!h_check("a: the server starts with faultvfs.so preloaded", start_server(true, false) == 0, "see stderr"))
		return;
	if (!h_check("a: the shim registered itself as the default VFS", log_count("faultvfs: registered") == 1,
		   "no \"faultvfs: registered\" line in %s", srv.log)) {
		h_server_kill(&srv);
		h_server_cleanup(&srv);
		return;
	}
	h_client *admin = admin_client();
	writer w;
	char why[512];
	bool ready = admin && h_check("a: setup: an applicant and an application", writer_setup(&w, admin, "fault-a", "障害注入", why, sizeof why),
				    "%s", why);
	h_client_free(admin);
	if (!ready) {
		if (admin)
			writer_free(&w);
		h_server_kill(&srv);
		h_server_cleanup(&srv);
		return;
	}
	int ok200 = 0;
	for (int i = 0; i < 3; i++) {
		h_resp r = save(&w, "before");
		ok200 += r.status == 200;
		h_resp_free(&r);
	}
	h_check("a: three saves before any failure → 200", ok200 == 3, "%d of 3", ok200);

	static const char *const modes[] = { "fsync", "write", "full" };
	for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		const char *mode = modes[m];
		int injected0 = log_count("faultvfs: injected");
		set_fault(mode);
		int clean = 0, acked = 0, other = 0;
		char bad[256] = "-", first_err[256] = "";
		json_int_t before = ack_last(&w.acks)->version;
		for (int i = 0; i < 3; i++) {
			h_resp r = save(&w, mode);
			if (clean_5xx(&r)) {
				clean++;
				if (!first_err[0])
					brief(&r, first_err, sizeof first_err);
			} else if (r.status == 200)
				acked++;
			else if (other++ == 0)
				brief(&r, bad, sizeof bad);
			h_resp_free(&r);
		}
		int injected = log_count("faultvfs: injected") - injected0;
		h_check(nm("a/%s: the shim injected the failure (%d times)", mode, injected), injected > 0, "no injection reported in the log");
		h_check(nm("a/%s: every save while failing → a clean 5xx JSON error", mode), clean == 3,
		      "%d clean 5xx, %d answered 200 (version %lld → %lld), %d other (first: %s)", clean, acked, (long long)before,
		      (long long)ack_last(&w.acks)->version, other, bad);
		if (first_err[0])
			info("a/%s: the answer was %s", mode, first_err);
		if (strcmp(mode, "fsync") == 0) {
			long hs;
			char db[64];
			double waited = health_wait(503, 8.0, &hs, db, sizeof db);
			h_check("a/fsync: GET /api/v1/health while fsync fails → 503 with database not \"ok\" (within the 5 s probe cache)",
			      hs == 503 && strcmp(db, "ok") != 0, "status %ld, database \"%s\" after %.1f s", hs, db, waited);
		}
		h_resp r = req(&w, "GET", w.path, NULL);
		h_check(nm("a/%s: reads still work while writes fail: GET → the last acknowledged version", mode),
		      r.status == 200 && ji(r.json, "version") == ack_last(&w.acks)->version, "%ld, version %lld, want %lld", r.status,
		      (long long)ji(r.json, "version"), (long long)ack_last(&w.acks)->version);
		h_resp_free(&r);
		set_fault("off");
		json_int_t want = ack_last(&w.acks)->version + 1;
		r = save(&w, "after");
		h_check(nm("a/%s: injection off → the next save succeeds as version %lld (the failed saves left none behind)", mode,
			 (long long)want),
		      r.status == 200 && ji(r.json, "version") == want, "%s", h_resp_brief(&r));
		h_resp_free(&r);
		if (strcmp(mode, "fsync") == 0) {
			long hs;
			char db[64];
			health(&hs, db, sizeof db);
			h_check("a/fsync: GET /api/v1/health after fsync works again → 200 with database \"ok\"", hs == 200 && strcmp(db, "ok") == 0,
			      "status %ld, database \"%s\"", hs, db);
		}
	}
	h_check("a: the server process survived the failures", server_alive(), "it is gone (wait status %d)", srv.last_exit);

	/* A save whose fsync failed, then a crash before anything else is written: the
	 * frames are in the WAL file (only not known to be on disk), so SQLite's recovery
	 * may bring back the save the server answered with 5xx. Reported, not judged. */
	set_fault("fsync");
	json_int_t last_before = ack_last(&w.acks)->version;
	h_resp r = save(&w, "fsync-then-crash");
	char failed_title[64];
	snprintf(failed_title, sizeof failed_title, "%s %s %ld", w.prefix, "fsync-then-crash", w.seq);
	h_check("a/crash: a save whose fsync fails → a clean 5xx", clean_5xx(&r), "%s", h_resp_brief(&r));
	h_resp_free(&r);
	h_server_kill(&srv);
	set_fault("off");
	if (h_check("a/crash: SIGKILL, then the server restarts on the same database", start_server(true, true) == 0, "see stderr")) {
		h_client_retarget(w.c, &srv);
		r = req(&w, "GET", w.path, NULL);
		json_int_t cur = ji(r.json, "version");
		const char *t = json_string_value(json_object_get(json_object_get(r.json, "application"), "title"));
		if (cur == last_before + 1 && t && strcmp(t, failed_title) == 0)
			info("a/crash: the save answered 5xx (fsync failed) is there after the crash as version %lld: a 5xx means "
			     "\"not known to be stored\", not \"not stored\"",
			     (long long)cur);
		else
			info("a/crash: after the crash GET → %ld, version %lld (the save answered 5xx is not there)", r.status, (long long)cur);
		h_resp_free(&r);
		h_check("a/crash: every acknowledged save is there after the restart", writer_verify(&w, why, sizeof why), "%s", why);
	}

	/* Failures on the main database file only: commits go to the WAL and succeed, the
	 * automatic checkpoints (every 1000 WAL pages) fail. Saves must go on answering
	 * 200, and after a SIGKILL every one of them must be there. */
	static const char *const db_modes[] = { "write db", "fsync db" };
	for (size_t m = 0; m < sizeof db_modes / sizeof db_modes[0]; m++) {
		const char *mode = db_modes[m];
		int injected0 = log_count("faultvfs: injected");
		set_fault(mode);
		int acked = 0, other = 0;
		char bad[256] = "-";
		for (int i = 0; i < CHECKPOINT_SAVES; i++) {
			r = save(&w, "checkpoint");
			if (r.status == 200)
				acked++;
			else if (other++ == 0)
				brief(&r, bad, sizeof bad);
			h_resp_free(&r);
		}
		int injected = log_count("faultvfs: injected") - injected0;
		h_check(nm("a/%s: checkpoints failed (%d injected failures on the database file)", mode, injected), injected > 0,
		      "no checkpoint reached the database file in %d saves", CHECKPOINT_SAVES);
		h_check(nm("a/%s: while checkpoints fail every save → 200 (the WAL holds them)", mode), acked == CHECKPOINT_SAVES,
		      "%d × 200, %d other (first: %s)", acked, other, bad);
		h_server_kill(&srv);
		set_fault("off");
		if (!h_check(nm("a/%s: SIGKILL, then the server restarts on the same database", mode), start_server(true, true) == 0,
			   "see stderr"))
			break;
		h_client_retarget(w.c, &srv);
		h_check(nm("a/%s: after the crash all %zu acknowledged saves are there", mode, w.acks.len), writer_verify(&w, why, sizeof why),
		      "%s", why);
	}

	/* a clean stop, integrity, a restart: still all there */
	if (srv.pid <= 0) {
		writer_free(&w);
		h_server_cleanup(&srv);
		return;
	}
	finish_server("a");
	if (h_check("a: the server restarts on the same database", start_server(true, true) == 0, "see stderr")) {
		h_client_retarget(w.c, &srv);
		h_check(nm("a: after the restart all %zu acknowledged saves are there", w.acks.len), writer_verify(&w, why, sizeof why), "%s",
		      why);
		h_server_stop(&srv);
	}
	if (h_failed > fail0)
		h_server_log_tail(&srv, 15);
	writer_free(&w);
	h_server_cleanup(&srv);
}

/* ---- b. a full disk: RLIMIT_FSIZE ---- */

static bool set_fsize(pid_t pid, rlim_t soft)
{
	struct rlimit rl = { soft, RLIM_INFINITY };
	return prlimit(pid, RLIMIT_FSIZE, &rl, NULL) == 0;
}

static void case_b(void)
{
	int fail0 = h_failed;
	if (!h_check("b: the server starts", start_server(false, false) == 0, "see stderr"))
		return;
	h_client *admin = admin_client();
	writer w;
	char why[512];
	bool ready = admin && h_check("b: setup: an applicant and an application", writer_setup(&w, admin, "fault-b", "容量不足", why, sizeof why),
				    "%s", why);
	h_client_free(admin);
	if (!ready) {
		if (admin)
			writer_free(&w);
		h_server_kill(&srv);
		h_server_cleanup(&srv);
		return;
	}
	int ok200 = 0;
	for (int i = 0; i < 3; i++) {
		h_resp r = save(&w, "before");
		ok200 += r.status == 200;
		h_resp_free(&r);
	}
	h_check("b: three saves before the disk fills → 200", ok200 == 3, "%d of 3", ok200);

	/* no file of the server may grow past its biggest database file + 32 KiB */
	char wal[PATH_MAX + 32];
	snprintf(wal, sizeof wal, "%s-wal", srv.db);
	off_t db_size = file_size(srv.db), wal_size = file_size(wal);
	rlim_t limit = (rlim_t)(db_size > wal_size ? db_size : wal_size) + 32768;
	if (!h_check(nm("b: RLIMIT_FSIZE of the running server lowered to %llu bytes (database %lld, WAL %lld)", (unsigned long long)limit,
		      (long long)db_size, (long long)wal_size),
		   set_fsize(srv.pid, limit), "prlimit: %s", strerror(errno))) {
		h_server_kill(&srv);
		writer_free(&w);
		h_server_cleanup(&srv);
		return;
	}
	/* save until a save fails */
	double t0 = h_now();
	long saved = 0;
	h_resp first = { 0 };
	while (h_now() - t0 < 30.0 && saved < 20000) {
		h_resp r = save(&w, "filling");
		if (r.status != 200) {
			first = r;
			break;
		}
		saved++;
		h_resp_free(&r);
	}
	h_check(nm("b: saves fail once the disk is full (after %ld more saves in %.1f s) with a clean 5xx JSON error", saved, h_now() - t0),
	      clean_5xx(&first), "%s", first.body ? h_resp_brief(&first) : "no failure within 30 s");
	if (first.body)
		info("b: the answer was %s", h_resp_brief(&first));
	bool full = first.body != NULL && first.status != 0;
	h_resp_free(&first);
	if (full) {
		int clean = 0, acked = 0, other = 0;
		char bad[256] = "-";
		for (int i = 0; i < 5; i++) {
			h_resp r = save(&w, "full");
			if (clean_5xx(&r))
				clean++;
			else if (r.status == 200)
				acked++;
			else if (other++ == 0)
				brief(&r, bad, sizeof bad);
			h_resp_free(&r);
		}
		h_check("b: while full, every further save → a clean 5xx (or 200 when it still fit; then it must last)", other == 0 && clean > 0,
		      "%d clean 5xx, %d × 200, %d other (first: %s)", clean, acked, other, bad);
		h_resp r = req(&w, "GET", w.path, NULL);
		h_check("b: reads still work while full: GET → the last acknowledged version",
		      r.status == 200 && ji(r.json, "version") == ack_last(&w.acks)->version, "%ld, version %lld, want %lld", r.status,
		      (long long)ji(r.json, "version"), (long long)ack_last(&w.acks)->version);
		h_resp_free(&r);
		long hs;
		char db[64];
		double waited = health_wait(503, 8.0, &hs, db, sizeof db);
		h_check("b: GET /api/v1/health while full → 503 with database not \"ok\" (within the 5 s probe cache)",
		      hs == 503 && strcmp(db, "ok") != 0, "status %ld, database \"%s\" after %.1f s", hs, db, waited);
	}
	h_check("b: the server process survived the full disk", server_alive(), "it is gone (wait status %d)", srv.last_exit);

	/* space returns */
	h_check("b: RLIMIT_FSIZE raised again (space returns)", set_fsize(srv.pid, RLIM_INFINITY), "prlimit: %s", strerror(errno));
	json_int_t want = ack_last(&w.acks)->version + 1;
	h_resp r = save(&w, "recovered");
	h_check(nm("b: after space returns the next save succeeds as version %lld", (long long)want),
	      r.status == 200 && ji(r.json, "version") == want, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	ok200 = 0;
	for (int i = 0; i < 3; i++) {
		r = save(&w, "recovered");
		ok200 += r.status == 200;
		h_resp_free(&r);
	}
	h_check("b: … and three more saves → 200", ok200 == 3, "%d of 3", ok200);
	long hs;
	char db[64];
	health(&hs, db, sizeof db);
	h_check("b: GET /api/v1/health after recovery → 200 with database \"ok\"", hs == 200 && strcmp(db, "ok") == 0, "status %ld, database \"%s\"",
	      hs, db);

	finish_server("b");
	if (h_check("b: the server restarts on the same database", start_server(false, true) == 0, "see stderr")) {
		h_client_retarget(w.c, &srv);
		h_check(nm("b: after the restart all %zu acknowledged saves are there", w.acks.len), writer_verify(&w, why, sizeof why), "%s",
		      why);
		h_server_stop(&srv);
	}
	if (h_failed > fail0)
		h_server_log_tail(&srv, 15);
	writer_free(&w);
	h_server_cleanup(&srv);
}

/* ---- c. SIGKILL trials with concurrent writers ---- */

static void *writer_run(void *p)
{
	writer *w = p;
	w->other = w->refused = w->nonincreasing = 0;
	w->bad[0] = '\0';
	while (h_now() < w->cap) {
		h_resp r = save(w, "kill");
		long st = r.status;
		if (st != 200 && st != 0 && w->other++ == 0)
			brief(&r, w->bad, sizeof w->bad);
		h_resp_free(&r);
		if (st == 0) {
			w->refused++;
			break;
		}
	}
	return NULL;
}

static void case_c(int trials)
{
	int fail0 = h_failed;
	if (!h_check("c: the server starts", start_server(false, false) == 0, "see stderr"))
		return;
	h_client *admin = admin_client();
	static writer ws[WRITERS];
	char why[512];
	int ready = 0;
	for (int k = 0; admin && k < WRITERS; k++) {
		char login[32], prefix[32];
		snprintf(login, sizeof login, "writer%d", k + 1);
		snprintf(prefix, sizeof prefix, "書き手%d", k + 1);
		if (!h_check(nm("c: setup: %s and its application", login), writer_setup(&ws[k], admin, login, prefix, why, sizeof why), "%s",
			   why)) {
			writer_free(&ws[k]);
			break;
		}
		ready++;
	}
	h_client_free(admin);
	char crash_db[PATH_MAX + 32], crash_wal[PATH_MAX + 32], wal[PATH_MAX + 32];
	snprintf(crash_db, sizeof crash_db, "%s/crash.db", workdir);
	snprintf(crash_wal, sizeof crash_wal, "%s/crash.db-wal", workdir);
	snprintf(wal, sizeof wal, "%s-wal", srv.db);
	double c0 = h_now();
	size_t total = 0;
	int trial = 1;
	for (; ready == WRITERS && trial <= trials; trial++) {
		double delay = 0.3 + 0.9 * ((double)rand() / RAND_MAX);
		size_t before[WRITERS];
		pthread_t th[WRITERS];
		int started = 0;
		for (int k = 0; k < WRITERS; k++) {
			before[k] = ws[k].acks.len;
			ws[k].cap = h_now() + 15.0;
			if (pthread_create(&th[k], NULL, writer_run, &ws[k]) != 0)
				break;
			started++;
		}
		sleep_s(delay);
		pid_t victim = srv.pid;
		kill(victim, SIGKILL);
		for (int k = 0; k < started; k++)
			pthread_join(th[k], NULL);
		h_server_kill(&srv); /* reaps */
		size_t saves = 0;
		long other = 0, refused = 0, nonincr = 0;
		const char *bad = "-";
		for (int k = 0; k < WRITERS; k++) {
			saves += ws[k].acks.len - before[k];
			other += ws[k].other;
			refused += ws[k].refused;
			nonincr += ws[k].nonincreasing;
			if (ws[k].other && strcmp(bad, "-") == 0)
				bad = ws[k].bad;
		}
		total += saves;
		h_check(nm("c/trial %d: %d writers, %zu saves acknowledged, SIGKILL after %.2f s", trial, started, saves, delay),
		      started == WRITERS && saves > 0 && other == 0 && nonincr == 0 && refused == started && WIFSIGNALED(srv.last_exit) &&
			      WTERMSIG(srv.last_exit) == SIGKILL,
		      "%d writers started, %zu saves, %ld other answers (first: %s), %ld non-increasing versions, %ld writers saw the "
		      "server go, wait status %d",
		      started, saves, other, bad, nonincr, refused, srv.last_exit);
		/* the crash image, as the killed server left it, passes integrity_check */
		bool copied = copy_file(srv.db, crash_db) && copy_file(wal, crash_wal);
		h_check(nm("c/trial %d: the crash image passes PRAGMA integrity_check", trial), copied && integrity_ok(crash_db, why, sizeof why),
		      "%s", copied ? why : "cannot copy the database files");
		unlink(crash_db);
		unlink(crash_wal);
		if (!h_check(nm("c/trial %d: the server restarts on the same database", trial), start_server(false, true) == 0, "see stderr"))
			break;
		bool all = true;
		size_t acked = 0;
		for (int k = 0; k < WRITERS && all; k++) {
			h_client_retarget(ws[k].c, &srv);
			all = writer_verify(&ws[k], why, sizeof why);
			acked += ws[k].acks.len;
		}
		h_check(nm("c/trial %d: all %zu acknowledged saves of the %d writers are there (GET …/versions and GET)", trial, acked, WRITERS),
		      all, "%s", why);
		if (!all)
			break;
	}
	if (ready == WRITERS)
		info("c: %d trials, %zu saves acknowledged in all, %.1f s", trial - 1, total, h_now() - c0);
	if (srv.pid > 0) {
		int ok200 = 0;
		for (int k = 0; k < ready; k++) {
			h_resp r = save(&ws[k], "last");
			ok200 += r.status == 200;
			h_resp_free(&r);
		}
		h_check("c: after the trials every writer saves again → 200", ok200 == ready, "%d of %d", ok200, ready);
		finish_server("c");
	}
	if (h_failed > fail0)
		h_server_log_tail(&srv, 15);
	for (int k = 0; k < ready; k++)
		writer_free(&ws[k]);
	h_server_cleanup(&srv);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY FAULTVFS_SO\n", argv[0]);
		return 2;
	}
	bin = argv[1];
	static char shim_abs[PATH_MAX];
	if (realpath(argv[2], shim_abs) == NULL) {
		fprintf(stderr, "test_faults: %s: %s\n", argv[2], strerror(errno));
		printf("faults: 0 passed, 1 failed\n");
		return 1;
	}
	shim = shim_abs;
	int trials = 20;
	const char *te = getenv("DIGIDEN_SOAK_TRIALS");
	if (te && te[0]) {
		trials = atoi(te);
		if (trials < 1 || trials > MAX_TRIALS) {
			fprintf(stderr, "test_faults: DIGIDEN_SOAK_TRIALS must be 1…%d\n", MAX_TRIALS);
			printf("faults: 0 passed, 1 failed\n");
			return 1;
		}
	}
	const char *se = getenv("DIGIDEN_FAULT_SEED");
	unsigned seed = se && se[0] ? (unsigned)strtoul(se, NULL, 10) : (unsigned)time(NULL) ^ (unsigned)getpid();
	srand(seed);
	char *ex = h_find_example(bin, "type1-natori.json");
	json_error_t je;
	example = ex ? json_load_file(ex, 0, &je) : NULL;
	free(ex);
	if (example == NULL) {
		fprintf(stderr, "test_faults: cannot read examples/type1-natori.json\n");
		printf("faults: 0 passed, 1 failed\n");
		return 1;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(workdir, sizeof workdir, "%s/digiden-fault-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (mkdtemp(workdir) == NULL) {
		fprintf(stderr, "test_faults: mkdtemp: %s\n", strerror(errno));
		printf("faults: 0 passed, 1 failed\n");
		return 1;
	}
	snprintf(ctl, sizeof ctl, "%s/fault.ctl", workdir);
	setenv("DIGIDEN_FAULT_CTL", ctl, 1);
	/* inherited by every server (an ignored signal stays ignored across exec): past
	 * RLIMIT_FSIZE a write fails with EFBIG instead of killing the process */
	signal(SIGXFSZ, SIG_IGN);
	info("seed %u (DIGIDEN_FAULT_SEED), %d kill trials (DIGIDEN_SOAK_TRIALS)", seed, trials);
	h_watchdog(120 + 10 * (unsigned)trials, "faults", &h_passed, &h_failed, &srv);

	double t0 = h_now();
	case_a();
	double ta = h_now();
	case_b();
	double tb = h_now();
	case_c(trials);
	info("time: a %.1f s, b %.1f s, c %.1f s", ta - t0, tb - ta, h_now() - tb);

	char tmpf[PATH_MAX + 32];
	snprintf(tmpf, sizeof tmpf, "%s.tmp", ctl);
	unlink(tmpf);
	unlink(ctl);
	rmdir(workdir);
	json_decref(example);
	printf("faults: %d passed, %d failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}
