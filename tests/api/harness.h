/* harness.h — runs a real `digiden serve` as a child process and talks HTTP to it
 * with libcurl, for the API tests (tests/api/) and the HTTP benchmark (bench/).
 *
 *   h_server s;
 *   if (h_server_start(&s, argv[1]) != 0) ...     temp dir, --listen 127.0.0.1:0
 *   h_client *c = h_client_new(&s);
 *   h_login(c, "admin", "admin", H_ADMIN_PASSWORD);  cookie kept in jar "admin"
 *   h_resp r = h_http(c, "GET", "/api/v1/me", NULL, NULL, "admin");
 *   ... r.status, r.json ...
 *   h_resp_free(&r);
 *   h_client_free(c);
 *   h_server_stop(&s); h_server_cleanup(&s);
 *
 * Each "jar" is a named cookie holder (one per simulated user); the harness reads
 * Set-Cookie itself and sends `Cookie:` explicitly, so users never share sessions.
 * Every request has a 30 s timeout; the server is stopped with SIGTERM, then SIGKILL. */
#ifndef DIGIDEN_TESTS_API_HARNESS_H
#define DIGIDEN_TESTS_API_HARNESS_H

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define H_ADMIN_PASSWORD "admin-test-password-1"
#define H_MAX_JARS 32
#define H_MAX_EXTRA_ARGS 12

typedef struct {
	char bin[PATH_MAX];
	char dir[PATH_MAX];	 /* the temp dir (mkdtemp), removed by h_server_cleanup */
	char db[PATH_MAX + 16];	 /* DIR/t.db */
	char portfile[PATH_MAX + 16];
	char log[PATH_MAX + 16]; /* DIR/server.log: the server's stdout and stderr */
	pid_t pid;		 /* 0 when not running */
	int port;
	char base[64]; /* http://127.0.0.1:PORT */
	int last_exit; /* wait status of the last stopped process, -1 if unknown */
	/* more `serve` options (NULL-terminated), set before h_server_start; e.g.
	 * { "--request-timeout", "2", NULL } */
	const char *extra_args[H_MAX_EXTRA_ARGS + 1];
} h_server;

typedef struct {
	long status; /* HTTP status; 0 when the request failed (no connection, timeout) */
	json_t *json; /* parsed body, or NULL (empty or not JSON) */
	char *body; /* raw body, NUL-terminated (never NULL after h_http) */
	size_t len;
	double seconds;	      /* total time of the transfer */
	long new_connections; /* connections opened for this request (0 when keep-alive reused one) */
	char curl_error[256]; /* when status == 0 */
	char set_cookie[512]; /* the Set-Cookie header for digiden_session ("" if none) */
	char headers[2048];   /* the status line and every header as received (cut at the size) */
} h_resp;

typedef struct {
	char name[32];
	char cookie[256]; /* "digiden_session=…" or "" */
} h_jar;

typedef struct h_client h_client;

/* Starts `bin serve` in a new temp dir with DIGIDEN_ADMIN_PASSWORD=H_ADMIN_PASSWORD,
 * waits (≤ 20 s) for the port file and /api/v1/health. 0 on success; on failure the
 * reason is printed to stderr and the temp dir is removed. */
int h_server_start(h_server *s, const char *bin);
/* Starts the server again on the same dir and database (after stop or kill). */
int h_server_restart(h_server *s);
/* SIGTERM, wait up to 10 s, then SIGKILL. Returns 0 when it exited by itself with status 0. */
int h_server_stop(h_server *s);
/* SIGKILL now and reap. */
void h_server_kill(h_server *s);
/* Removes the temp dir and everything in it (the server must be stopped). */
void h_server_cleanup(h_server *s);
/* True when the server's log has no sanitizer report (AddressSanitizer, LeakSanitizer,
 * UndefinedBehaviorSanitizer "runtime error:"); otherwise copies the first such line to why. */
bool h_server_log_clean(const h_server *s, char *why, size_t whylen);
/* Prints the last lines of the server's log to stderr (for diagnosing failures). */
void h_server_log_tail(const h_server *s, int lines);

/* A client: one libcurl easy handle (keep-alive) and a set of named cookie jars.
 * Not thread-safe; use one client per thread. */
h_client *h_client_new(const h_server *s);
void h_client_free(h_client *c);
/* Connects from this local address (e.g. "127.0.0.2": any 127/8 address reaches the
 * loopback server), as a client on another machine would; NULL or "" for any. */
void h_client_set_source(h_client *c, const char *address);
/* Points the client at the server's current port (after a restart). */
void h_client_retarget(h_client *c, const h_server *s);

/* One request. path starts with "/". body may be NULL (no body). content_type NULL with
 * a body sends no Content-Type header. jar NULL sends no cookie; otherwise the jar's
 * cookie is sent and a Set-Cookie for digiden_session updates the jar. */
h_resp h_http(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
	      const char *jar);
/* Same with an explicit body length (for bodies with NUL or invalid UTF-8). */
h_resp h_http_raw(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
		  size_t len, const char *jar);
/* Same, sent with Transfer-Encoding: chunked (no Content-Length), in pieces of 16 KiB. */
h_resp h_http_chunked(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
		      size_t len, const char *jar);
/* Same with one more request header ("Origin: http://evil.example"). */
h_resp h_http_hdr(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
		  const char *jar, const char *header);
/* The port the client talks to. */
int h_client_port(const h_client *c);
/* JSON convenience: body = json_dumps(j) (j is not consumed), Content-Type: application/json. */
h_resp h_http_json(h_client *c, const char *method, const char *path, const json_t *j, const char *jar);
void h_resp_free(h_resp *r);
/* "code" of an error answer ({"error":{"code":…}}), or "" */
const char *h_err_code(const h_resp *r);
/* A short printable description of the response: "STATUS body…" (static buffer). */
const char *h_resp_brief(const h_resp *r);

/* POST /api/v1/session as login into jar; returns the HTTP status (200 on success). */
long h_login(h_client *c, const char *jar, const char *login, const char *password);
/* The cookie of a jar ("" when none); set replaces it (for replaying an old cookie). */
const char *h_jar_cookie(h_client *c, const char *jar);
void h_jar_set(h_client *c, const char *jar, const char *cookie);

/* The test's counts and its ok/FAIL lines: h_check prints "ok   NAME" or
 * "FAIL NAME: why" (why formatted from fmt) and counts it; returns ok. The final line
 * "<label>: h_passed passed, h_failed failed" is the test's own. */
extern int h_passed, h_failed;
bool h_check(const char *name, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Saves the server acknowledged (version and title), for the crash tests: every one
 * must still be there after a kill and a restart. */
typedef struct {
	json_int_t version;
	char title[64];
} h_ack;
typedef struct {
	h_ack *items;
	size_t len, cap;
} h_ack_list;
void h_ack_push(h_ack_list *l, json_int_t version, const char *title); /* aborts when memory runs out */

/* Arms a watchdog: if the program is still running after `seconds`, it kills the
 * server (if any), prints "FAIL watchdog …" and "<label>: P passed, F+1 failed" from
 * the counters, and exits 1. The test binaries never hang, whatever the server does. */
void h_watchdog(unsigned seconds, const char *label, const int *passed, const int *failed, const h_server *s);

/* Reads a whole file (NUL-terminated); NULL on error. Caller frees. */
char *h_read_file(const char *path, size_t *len);
/* Finds examples/NAME: $DIGIDEN_EXAMPLES/NAME first, then ./examples/NAME, then
 * BIN/../examples/NAME and BIN/../../examples/NAME (BIN's directory). Returns a malloc'd
 * path or NULL. */
char *h_find_example(const char *bin, const char *name);
/* Monotonic seconds. */
double h_now(void);

#endif
