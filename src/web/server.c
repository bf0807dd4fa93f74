/* server.c — libmicrohttpd glue: reads bodies (with the 1 MiB limit), finds the
 * route, authenticates from the session cookie, runs the handler and answers JSON.
 *
 * Threads: MHD's I/O threads (as many as workers) read and write the connections.
 * They answer anonymous public GETs from the public cache and run the short requests
 * themselves (one application, a check, a session: runs_inline), each thread on its
 * own store connection. Everything else — office pages, lists over a round, reports —
 * is suspended and queued to a pool of workers (the cores, --threads), each with its
 * own store connection; the worker makes the answer and resumes the connection, and
 * the I/O thread sends it. So a slow office page occupies one worker while health,
 * the public pages and the applicants' requests go on.
 *
 * Hostile clients (README "セキュリティ"): a request target with a decoded NUL or
 * control byte is refused; an announced oversized body gets 413 before a byte of it
 * is read; a state-changing request from another origin is refused; every
 * connection has a deadline for its request line and headers and a minimum body
 * rate, enforced by a reaper thread that shuts slow sockets down; one address may
 * hold only so many connections, and when the server fills up, connections that
 * have not started a request are dropped sooner so new clients find a slot.
 *
 * Attachment uploads (api_attachments.h) have their own body limit (the file limit of
 * `serve` and a little for the multipart headers, 413 from Content-Length at once) and
 * never reach r->body: the body streams into the upload's collector, an unlinked
 * temporary file, and the handler runs on a worker. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "../io/catalog.h"
#include "api_attachments.h"
#include "form.h"
#include "page.h"
#include "public_cache.h"
#include "server_internal.h"
#include "web.h"

/* A connection's deadline record: which phase it is in and since when. */
typedef enum { PHASE_WAITING, PHASE_BODY, PHASE_HANDLING } conn_phase;

typedef struct conn_slot {
	struct conn_slot *prev, *next;
	int fd;
	conn_phase phase;
	double since; /* monotonic seconds: start of the phase */
	size_t body_bytes;
} conn_slot;

/* An I/O thread's own database connection and service: for the public change counter
 * and for the short requests it runs itself (runs_inline). */
typedef struct io_ctx {
	store *st;
	svc svc;
	struct io_ctx *next;
} io_ctx;

/* A request worker: its own database connection and service. */
typedef struct worker {
	struct web_server *w;
	pthread_t thread;
	bool started;
	store *st; /* NULL when the worker uses the caller's svc */
	svc svc;
	svc *use;
} worker;

struct web_server {
	struct MHD_Daemon *daemon;
	svc *svc;
	struct io_ctx *io_ctxs; /* each I/O thread's own connection and service (made on first use) */
	unsigned n_io;
	/* the worker pool */
	worker *workers;
	unsigned n_workers;
	pthread_mutex_t jobs_lock;
	pthread_cond_t job_ready, jobs_idle;
	web_request *jobs_head, *jobs_tail;
	unsigned jobs_queued, jobs_running;
	bool workers_stop;
	web_options opt;
	bool secure_cookies;
	unsigned max_connections;
	/* the reaper */
	pthread_t reaper;
	bool reaper_running, stopping;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	conn_slot *slots;
	unsigned n_slots;
};

/* A request with what only server.c keeps about it: an upload's collector (attachment
 * routes: the body streams into it instead of r->body) and a long Content-Disposition.
 * r comes first, so a web_request * is also a srv_request *. */
typedef struct srv_request {
	web_request r;
	web_upload *upload;
	const char *long_disposition;
} srv_request;

web_upload *web_request_upload(web_request *r) { return ((srv_request *)r)->upload; }

void web_set_long_disposition(web_request *r, const char *value)
{
	((srv_request *)r)->long_disposition = arena_strdup(&r->arena, value);
}

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void cache_headers(struct MHD_Response *resp, const char *etag)
{
	if (etag && etag[0]) {
		MHD_add_response_header(resp, "ETag", etag);
		MHD_add_response_header(resp, "Cache-Control", "public, no-cache");
	} else {
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	}
}

/* A public answer just made (status 200, no cookie set): kept for the next readers,
 * and its ETag noted for the headers. */
void srv_cache_answer(web_request *r, int status, const char *data, size_t len, const char *type)
{
	if (!r->cacheable || status != 200 || r->set_cookie[0] != '\0')
		return;
	public_cache_put(r->raw_uri, r->cache_seq, data, len, type, r->etag);
}

/* Handlers run on worker threads while MHD holds the connection suspended, so an
 * answer is kept in the request and queued by the I/O thread when it resumes. */
enum MHD_Result srv_respond(web_request *r, unsigned status, struct MHD_Response *resp)
{
	if (r->resp)
		MHD_destroy_response(r->resp);
	r->resp = resp;
	r->resp_status = status;
	return MHD_YES;
}

/* Queues the kept answer (on the I/O thread, inside the access handler). */
static enum MHD_Result queue_kept(web_request *r)
{
	if (r->resp == NULL)
		return MHD_NO;
	enum MHD_Result rc = MHD_queue_response(r->conn, r->resp_status, r->resp);
	MHD_destroy_response(r->resp);
	r->resp = NULL;
	return rc;
}

static enum MHD_Result send_json_retry(web_request *r, int status, json_t *body, const char *cookie, int64_t retry_after);

int web_parse_json_body(web_request *r, svc_err *e)
{
	json_error_t je;
	r->json = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (r->json != NULL)
		return 0;
	e->status = 400;
	e->code = "MALFORMED_JSON";
	snprintf(e->message, sizeof e->message, "本文をJSONとして読めません（%d行 %d列: %s）", je.line, je.column, je.text);
	return -1;
}

static enum MHD_Result send_json(web_request *r, int status, json_t *body, const char *cookie)
{
	return send_json_retry(r, status, body, cookie, 0);
}

static enum MHD_Result send_json_retry(web_request *r, int status, json_t *body, const char *cookie, int64_t retry_after)
{
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (text == NULL)
		return MHD_NO;
	size_t len = strlen(text);
	if (cookie == NULL || cookie[0] == '\0')
		srv_cache_answer(r, status, text, len, "application/json; charset=utf-8");
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	cache_headers(resp, r->etag);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (cookie && cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", cookie);
	if (retry_after > 0) {
		char ra[24];
		snprintf(ra, sizeof ra, "%lld", (long long)retry_after);
		MHD_add_response_header(resp, "Retry-After", ra);
	}
	return srv_respond(r, (unsigned)status, resp);
}

enum MHD_Result srv_send_error(web_request *r, int status, const char *code, const char *message)
{
	svc_err e = { .status = status, .code = code };
	snprintf(e.message, sizeof e.message, "%s", message);
	return send_json(r, status, svc_err_json(&e), NULL);
}

/* Matches path against pattern; {id} takes a positive decimal id (≤ 15 digits),
 * {key} a name of letters, digits, '.', '_' and '-' (at most 128). */
bool srv_match(const char *pattern, const char *path, int64_t *id, char *key, size_t keylen)
{
	while (*pattern && *path) {
		if (strncmp(pattern, "{key}", 5) == 0) {
			size_t n = strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
			if (n == 0 || n >= keylen || (path[n] != '/' && path[n] != '\0'))
				return false;
			memcpy(key, path, n);
			key[n] = '\0';
			path += n;
			pattern += 5;
			continue;
		}
		if (strncmp(pattern, "{id}", 4) == 0) {
			int64_t v = 0;
			int digits = 0;
			while (*path >= '0' && *path <= '9' && digits < 16) {
				v = v * 10 + (*path - '0');
				path++;
				digits++;
			}
			if (digits == 0 || digits > 15 || v <= 0 || (*path != '/' && *path != '\0'))
				return false;
			*id = v;
			pattern += 4;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

static void slot_phase(web_server *w, conn_slot *slot, conn_phase phase)
{
	if (slot == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	slot->phase = phase;
	slot->since = now_mono();
	slot->body_bytes = 0;
	pthread_mutex_unlock(&w->lock);
}

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	web_server *w = cls;
	web_request *r = *con_cls;
	if (r == NULL)
		return;
	slot_phase(w, r->slot, PHASE_WAITING); /* keep-alive: the next request's clock starts now */
	web_upload_free(((srv_request *)r)->upload); /* an interrupted upload: its unlinked file goes */
	json_decref(r->json);
	free(r->body);
	free(r->raw_uri);
	buf_free(&r->raw);
	arena_free(&r->arena);
	free(r);
	*con_cls = NULL;
}

/* Called by MHD with the request target as sent, before it is percent-decoded: the
 * request object starts here so the raw target can be checked for %00 and controls. */
static void *request_begin(void *cls, const char *uri, struct MHD_Connection *conn)
{
	web_server *w = cls;
	srv_request *sr = calloc(1, sizeof *sr);
	if (sr == NULL)
		return NULL;
	web_request *r = &sr->r;
	arena_init(&r->arena);
	r->conn = conn;
	r->svc = w->svc; /* replaced by the worker's own before any handler runs */
	r->raw_uri = strdup(uri ? uri : "");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	r->slot = ci ? ci->socket_context : NULL;
	return r;
}

/* Connection start and end: the reaper's list. */
static void connection_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
			      enum MHD_ConnectionNotificationCode code)
{
	web_server *w = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		conn_slot *slot = calloc(1, sizeof *slot);
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = slot;
		if (slot == NULL)
			return;
		slot->fd = ci ? ci->connect_fd : -1;
		slot->phase = PHASE_WAITING;
		slot->since = now_mono();
		pthread_mutex_lock(&w->lock);
		slot->next = w->slots;
		if (w->slots)
			w->slots->prev = slot;
		w->slots = slot;
		w->n_slots++;
		pthread_mutex_unlock(&w->lock);
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		conn_slot *slot = *socket_context;
		if (slot == NULL)
			return;
		pthread_mutex_lock(&w->lock); /* MHD closes the socket after this returns */
		if (slot->prev)
			slot->prev->next = slot->next;
		else
			w->slots = slot->next;
		if (slot->next)
			slot->next->prev = slot->prev;
		w->n_slots--;
		pthread_mutex_unlock(&w->lock);
		free(slot);
		*socket_context = NULL;
	}
}

/* Once a second (or half): shuts down connections past their deadline. A connection
 * waiting for its request line and headers has request_timeout_s (2 s when the server
 * is three-quarters full, so idle sockets make room for new clients); a body must
 * keep up body_min_rate after that; a request being handled has no deadline here. */
static void *reaper_main(void *arg)
{
	web_server *w = arg;
	pthread_mutex_lock(&w->lock);
	while (!w->stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 500 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&w->wake, &w->lock, &until);
		double t = now_mono();
		bool crowded = w->n_slots * 4 >= w->max_connections * 3;
		double wait_limit = crowded ? 2.0 : (double)w->opt.request_timeout_s;
		for (conn_slot *c = w->slots; c; c = c->next) {
			double age = t - c->since;
			bool late = false;
			if (c->phase == PHASE_WAITING)
				late = age > wait_limit;
			else if (c->phase == PHASE_BODY && age > (double)w->opt.request_timeout_s)
				late = (double)c->body_bytes < (age - (double)w->opt.request_timeout_s) * (double)w->opt.body_min_rate;
			if (late && c->fd >= 0) {
				shutdown(c->fd, SHUT_RDWR); /* MHD sees the end of the stream and closes it */
				c->fd = -1;
			}
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static bool state_changing(const char *method);

static enum MHD_Result api_dispatch(web_request *r, const char *url, const char *method)
{
	const web_route *route = NULL;
	bool path_known = false;
	char key[129];
	for (size_t i = 0; i < web_route_count; i++) {
		int64_t id = 0;
		if (!srv_match(web_routes[i].pattern, url, &id, key, sizeof key))
			continue;
		path_known = true;
		if (strcmp(web_routes[i].method, method) == 0) {
			route = &web_routes[i];
			r->id = id;
			r->key = arena_strdup(&r->arena, key);
			break;
		}
	}
	if (route == NULL)
		return path_known ? srv_send_error(r, 405, "METHOD_NOT_ALLOWED", "このURLにこのメソッドは使えません")
				  : srv_send_error(r, 404, "NOT_FOUND", "そのURLはありません");
	/* who is asking: the session cookie */
	r->token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "digiden_session");
	if (r->token && !svc_session(r->svc, r->token, &r->arena, &r->user))
		memset(&r->user, 0, sizeof r->user);
	if ((route->flags & ROUTE_LOGIN) && r->user.id == 0)
		return srv_send_error(r, 401, "LOGIN_REQUIRED", "ログインしてください");
	/* CSRF: a logged-in state-changing request is either JSON (which a cross-site form
	 * cannot send without a preflight) or carries the session's token in a header */
	if (r->user.id != 0 && state_changing(method) && !(route->flags & ROUTE_BODY)) { /* body routes: JSON or 415 below */
		const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		const char *sent = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
		if (sent == NULL && web_request_upload(r)) /* a multipart upload: or its csrf part */
			sent = web_upload_field(web_request_upload(r), "csrf");
		bool json_ct = ct && strncasecmp(ct, "application/json", 16) == 0 && (ct[16] == '\0' || ct[16] == ';');
		bool token_ok = sent && r->user.csrf[0] && strlen(sent) == strlen(r->user.csrf) &&
				sodium_memcmp(sent, r->user.csrf, strlen(r->user.csrf)) == 0;
		if (!json_ct && !token_ok)
			return srv_send_error(r, 403, "CSRF_TOKEN_MISMATCH",
					  "Content-Type: application/json で送るか、X-CSRF-Token にセッションの確認用トークンを付けてください");
	}

	if (route->flags & ROUTE_BODY) {
		const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] != '\0' && ct[16] != ';'))
			return srv_send_error(r, 415, "UNSUPPORTED_MEDIA_TYPE", "本文は Content-Type: application/json で送ってください");
		if (!(route->flags & ROUTE_BODY_TEXT)) {
			svc_err e = { 0 };
			if (web_parse_json_body(r, &e) != 0)
				return send_json(r, 400, svc_err_json(&e), NULL);
		}
	}
	svc_err err = { 0 };
	r->status = 200;
	json_t *out = route->handler(r, &err);
	if (out == NULL) {
		int status = err.status ? err.status : 500;
		enum MHD_Result rc = send_json_retry(r, status, svc_err_json(&err), r->set_cookie, err.retry_after);
		svc_err_clear(&err);
		return rc;
	}
	svc_err_clear(&err);
	if (r->raw_type != NULL) {
		json_decref(out);
		if (r->raw.oom)
			return srv_send_error(r, 500, "NOMEM", "メモリが足りません");
		if (r->disposition[0] == '\0') /* a download is made for each request */
			srv_cache_answer(r, r->status, r->raw.data, r->raw.len, r->raw_type);
		struct MHD_Response *resp = MHD_create_response_from_buffer(r->raw.len, r->raw.data, MHD_RESPMEM_MUST_FREE);
		if (resp == NULL)
			return MHD_NO;
		r->raw.data = NULL; /* the response owns it now */
		MHD_add_response_header(resp, "Content-Type", r->raw_type);
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		cache_headers(resp, r->etag);
		const char *disposition = ((srv_request *)r)->long_disposition;
		if (disposition || r->disposition[0])
			MHD_add_response_header(resp, "Content-Disposition", disposition ? disposition : r->disposition);
		if (r->set_cookie[0])
			MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
		return srv_respond(r, (unsigned)r->status, resp);
	}
	return send_json(r, r->status, out, r->set_cookie);
}

static enum MHD_Result dispatch(web_request *r, const char *url, const char *method);

/* True when the raw request target has a percent-encoded or literal NUL or control
 * byte (a path "/static/tokens.css%00.txt" must not become "/static/tokens.css"). */
static bool target_has_control(const char *raw)
{
	for (const char *p = raw; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			return true;
		if (c == '%' && p[1] && p[2]) {
			int hi = p[1] >= '0' && p[1] <= '9' ? p[1] - '0' : (p[1] | 32) >= 'a' && (p[1] | 32) <= 'f' ? (p[1] | 32) - 'a' + 10 : -1;
			int lo = p[2] >= '0' && p[2] <= '9' ? p[2] - '0' : (p[2] | 32) >= 'a' && (p[2] | 32) <= 'f' ? (p[2] | 32) - 'a' + 10 : -1;
			if (hi >= 0 && lo >= 0 && (hi * 16 + lo < 0x20 || hi * 16 + lo == 0x7f))
				return true;
		}
	}
	return false;
}

static enum MHD_Result refuse_early(web_request *r, const char *url, int status, const char *code, const char *message);


/* This I/O thread's context, opened on its first request (NULL without a database path
 * or when the database cannot be opened: everything then goes to the workers). */
static _Thread_local io_ctx *tls_io;
static io_ctx *io_context(web_server *w)
{
	if (tls_io || w->opt.db_path == NULL)
		return tls_io;
	io_ctx *c = calloc(1, sizeof *c);
	char err[256];
	bool created;
	if (c == NULL || store_open(w->opt.db_path, &c->st, &created, err, sizeof err) != 0) {
		free(c);
		return NULL;
	}
	svc_init(&c->svc, c->st, w->svc->cat);
	pthread_mutex_lock(&w->jobs_lock);
	c->next = w->io_ctxs;
	w->io_ctxs = c;
	pthread_mutex_unlock(&w->jobs_lock);
	tls_io = c;
	return c;
}

/* Requests an I/O thread runs itself: short, bounded work on one application or none,
 * the hot paths of applicants and of other systems. Everything else (office pages,
 * lists over a round, reports, imports) goes to the workers, so it never holds up
 * the connections of an I/O thread. */
static bool runs_inline(const char *url)
{
	static const char *const exact[] = { "/api/v1/health", "/api/v1/session", "/api/v1/me", "/api/v1/check" };
	for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
		if (strcmp(url, exact[i]) == 0)
			return true;
	/* /api/v1/applications/{id} and its sub-resources (not the list) */
	static const char apps[] = "/api/v1/applications/";
	return strncmp(url, apps, sizeof apps - 1) == 0 && url[sizeof apps - 1] >= '0' && url[sizeof apps - 1] <= '9';
}

/* The kept public answer as this request's (304 when the client has it already). */
static bool answer_from_cache(web_request *r)
{
	char *body, type[64];
	size_t len;
	if (!public_cache_get(r->raw_uri, r->cache_seq, &body, &len, type, sizeof type, r->etag))
		return false;
	const char *inm = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "If-None-Match");
	bool fresh = inm && strcmp(inm, r->etag) == 0;
	struct MHD_Response *resp = fresh ? MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT)
					  : MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (fresh || resp == NULL)
		free(body);
	if (resp == NULL)
		return false;
	if (!fresh)
		MHD_add_response_header(resp, "Content-Type", type);
	if (strncmp(type, "text/html", 9) == 0)
		srv_html_headers(resp, r->etag);
	else {
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		cache_headers(resp, r->etag);
	}
	srv_respond(r, fresh ? 304 : 200, resp);
	return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	web_server *w = cls;
	web_request *r = *con_cls;
	if (r == NULL) /* out of memory in request_begin */
		return MHD_NO;
	if (!r->started) {
		r->started = true;
		slot_phase(w, r->slot, PHASE_BODY);
		const char *proto = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
		r->secure_cookies = w->secure_cookies || (proto && strcasecmp(proto, "https") == 0);
		if (r->raw_uri == NULL || target_has_control(r->raw_uri)) {
			refuse_early(r, url, 400, "BAD_TARGET", "URLに制御文字（%00 など）は使えません");
			return queue_kept(r);
		}
		/* an announced oversized body: past WEB_MAX_DISCARD, answer 413 now without
		 * reading a byte of it; a little over the limit, drop it as it comes and answer
		 * at its end (a client still sending when the server closes may see a reset
		 * instead of the answer) */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (web_upload_route(method, url)) {
			/* an attachment: its own limit, 413 from the header before a byte is read;
			 * the body streams into the collector, not into r->body */
			char *end;
			unsigned long long n = cl ? strtoull(cl, &end, 10) : 0;
			if (cl && (*end != '\0' || n > web_upload_body_max())) {
				char msg[160];
				snprintf(msg, sizeof msg, "添付ファイルが大きすぎます（1件 %lld MB まで）",
					 (long long)(svc_attach_limits_get().file_max / 1000000));
				refuse_early(r, url, 413, "FILE_TOO_LARGE", msg);
				return queue_kept(r);
			}
			srv_request *sr = (srv_request *)r;
			sr->upload = web_upload_new(conn);
			return sr->upload ? MHD_YES : MHD_NO;
		}
		if (cl) {
			char *end;
			unsigned long long n = strtoull(cl, &end, 10);
			if (*end != '\0' || n > WEB_MAX_DISCARD) {
				refuse_early(r, url, 413, "BODY_TOO_LARGE", "本文が大きすぎます（上限 1 MiB）");
				return queue_kept(r);
			}
			r->too_big = n > WEB_MAX_BODY;
		}
		return MHD_YES;
	}
	if (r->resp) /* back from a worker (or refused before the body) */
		return queue_kept(r);
	if (r->failed)
		return MHD_NO;
	if (r->queued) /* still on a worker: nothing to do until it resumes us */
		return MHD_YES;
	if (r->answered) { /* a response is queued; whatever still arrives is dropped */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (r->slot) {
			pthread_mutex_lock(&w->lock);
			r->slot->body_bytes += *upload_data_size;
			pthread_mutex_unlock(&w->lock);
		}
		web_upload *up = web_request_upload(r);
		if (up) {
			bool more = web_upload_feed(up, upload_data, *upload_data_size);
			*upload_data_size = 0;
			return more ? MHD_YES : MHD_NO;
		}
		if (r->too_big || r->body_len + *upload_data_size > WEB_MAX_BODY) {
			/* a chunked body past the limit (a sized one was refused from its header):
			 * MHD can answer only once the body is in, so the rest is dropped as it
			 * comes, at most WEB_MAX_DISCARD of it; beyond that the connection is closed */
			r->too_big = true;
			r->discarded += *upload_data_size;
			*upload_data_size = 0;
			return r->discarded > WEB_MAX_DISCARD ? MHD_NO : MHD_YES;
		}
		if (r->body_len + *upload_data_size + 1 > r->body_cap) {
			size_t cap = (r->body_len + *upload_data_size + 1) * 2;
			if (cap > WEB_MAX_BODY + 1)
				cap = WEB_MAX_BODY + 1;
			char *n = realloc(r->body, cap);
			if (n == NULL)
				return MHD_NO;
			r->body = n;
			r->body_cap = cap;
		}
		memcpy(r->body + r->body_len, upload_data, *upload_data_size);
		r->body_len += *upload_data_size;
		r->body[r->body_len] = '\0';
		*upload_data_size = 0;
		return MHD_YES;
	}
	slot_phase(w, r->slot, PHASE_HANDLING);
	if (web_request_upload(r)) {
		web_upload_finish(web_request_upload(r));
		if (web_upload_too_big(web_request_upload(r))) {
			char msg[160];
			snprintf(msg, sizeof msg, "添付ファイルが大きすぎます（1件 %lld MB まで）。何も保存していません",
				 (long long)(svc_attach_limits_get().file_max / 1000000));
			refuse_early(r, url, 413, "FILE_TOO_LARGE", msg);
			return queue_kept(r);
		}
	}
	if (r->too_big) {
		refuse_early(r, url, 413, "BODY_TOO_LARGE", "本文が大きすぎます（上限 1 MiB）");
		return queue_kept(r);
	}
	io_ctx *io = io_context(w);
	/* an anonymous read of a public page: the kept answer, if the public data has not
	 * changed since it was made (a handful of microseconds: no worker, no handler) */
	if (io && strcmp(method, "GET") == 0 && public_cache_target(r->raw_uri) &&
	    MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "digiden_session") == NULL &&
	    store_public_seq(io->st, &r->cache_seq) == STORE_OK) {
		r->cacheable = true;
		if (answer_from_cache(r))
			return queue_kept(r);
	}
	r->url = arena_strdup(&r->arena, url);
	r->method = arena_strdup(&r->arena, method);
	if (r->url == NULL || r->method == NULL)
		return MHD_NO;
	/* a short request (one application, a check, a session): run here, no hand-off */
	if (io && runs_inline(url) && web_request_upload(r) == NULL) { /* an upload's copy into the database: a worker */
		r->svc = &io->svc;
		/* a read is one read transaction: one snapshot and one lock, not one per
		 * statement (/health writes its probe, so it stays outside) */
		bool read = strcmp(method, "GET") == 0 && strcmp(url, "/api/v1/health") != 0 &&
			    store_read_begin(io->st) == STORE_OK;
		enum MHD_Result rc = dispatch(r, r->url, r->method);
		if (read)
			store_read_end(io->st);
		if (rc != MHD_YES && r->resp == NULL)
			return MHD_NO;
		return queue_kept(r);
	}
	/* the rest (office pages, reports, lists over the round): to a worker, holding the connection */
	r->queued = true;
	MHD_suspend_connection(conn);
	pthread_mutex_lock(&w->jobs_lock);
	if (w->jobs_tail)
		w->jobs_tail->next_job = r;
	else
		w->jobs_head = r;
	w->jobs_tail = r;
	w->jobs_queued++;
	pthread_cond_signal(&w->job_ready);
	pthread_mutex_unlock(&w->jobs_lock);
	return MHD_YES;
}

/* A worker: takes complete requests in arrival order, runs their handler on its own
 * database connection, and resumes the connection so the I/O thread sends the answer. */
static void *worker_main(void *arg)
{
	worker *k = arg;
	web_server *w = k->w;
	for (;;) {
		pthread_mutex_lock(&w->jobs_lock);
		while (w->jobs_head == NULL && !w->workers_stop)
			pthread_cond_wait(&w->job_ready, &w->jobs_lock);
		if (w->jobs_head == NULL) {
			pthread_mutex_unlock(&w->jobs_lock);
			break;
		}
		web_request *r = w->jobs_head;
		w->jobs_head = r->next_job;
		if (w->jobs_head == NULL)
			w->jobs_tail = NULL;
		w->jobs_queued--;
		w->jobs_running++;
		pthread_mutex_unlock(&w->jobs_lock);

		r->svc = k->use;
		if (dispatch(r, r->url, r->method) != MHD_YES && r->resp == NULL)
			r->failed = true;
		if (r->resp == NULL)
			r->failed = true;
		struct MHD_Connection *conn = r->conn; /* r may be freed once resumed */
		pthread_mutex_lock(&w->jobs_lock);
		w->jobs_running--;
		pthread_cond_broadcast(&w->jobs_idle);
		pthread_mutex_unlock(&w->jobs_lock);
		MHD_resume_connection(conn);
	}
	return NULL;
}

/* Security headers for every HTML answer: nothing but this server may be loaded.
 * A public answer may be kept by browsers and proxies but must be revalidated
 * (ETag) each time, so a decision shows at once; anything else is never stored. */
void srv_html_headers(struct MHD_Response *resp, const char *etag)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
				"frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	cache_headers(resp, etag);
}

static bool loopback_addr(const char *addr) { return strncmp(addr, "127.", 4) == 0; }

web_server *web_start(svc *s, const char *addr, uint16_t port, const web_options *opt, uint16_t *bound_port, char *err,
		      size_t errlen)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		snprintf(err, errlen, "待ち受けアドレス「%s」が不正です（例: 127.0.0.1）", addr);
		return NULL;
	}
	web_server *w = calloc(1, sizeof *w);
	if (w == NULL) {
		snprintf(err, errlen, "メモリが足りません");
		return NULL;
	}
	w->svc = s;
	if (opt)
		w->opt = *opt;
	if (w->opt.request_timeout_s == 0)
		w->opt.request_timeout_s = WEB_DEFAULT_REQUEST_TIMEOUT;
	if (w->opt.idle_timeout_s == 0)
		w->opt.idle_timeout_s = WEB_DEFAULT_IDLE_TIMEOUT;
	if (w->opt.body_min_rate == 0)
		w->opt.body_min_rate = WEB_DEFAULT_BODY_MIN_RATE;
	if (w->opt.max_connections == 0)
		w->opt.max_connections = WEB_DEFAULT_MAX_CONNECTIONS;
	if (w->opt.per_ip_connections == 0)
		w->opt.per_ip_connections = WEB_DEFAULT_PER_IP;
	w->secure_cookies = opt && opt->secure_cookies >= 0 ? opt->secure_cookies != 0 : !loopback_addr(addr);
	/* every connection is a file descriptor: take what the hard limit allows and keep
	 * some for the database, the rules and the logs */
	struct rlimit rl;
	w->max_connections = w->opt.max_connections;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
			getrlimit(RLIMIT_NOFILE, &rl);
		}
		if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)w->max_connections + 64)
			w->max_connections = rl.rlim_cur > 128 ? (unsigned)rl.rlim_cur - 64 : 64;
	}
	if (w->opt.grace_s == 0)
		w->opt.grace_s = WEB_DEFAULT_GRACE;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	pthread_mutex_init(&w->jobs_lock, NULL);
	pthread_cond_init(&w->job_ready, NULL);
	pthread_cond_init(&w->jobs_idle, NULL);
	if (pthread_create(&w->reaper, NULL, reaper_main, w) != 0) {
		snprintf(err, errlen, "監視スレッドを起動できません");
		web_stop(w);
		return NULL;
	}
	w->reaper_running = true;
	/* the workers, each on its own connection to the same database */
	unsigned n = w->opt.threads;
	if (n == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		n = cores > 2 ? (unsigned)cores : 2;
	}
	if (w->opt.db_path == NULL)
		n = 1; /* only the caller's connection: one worker */
	w->workers = calloc(n, sizeof *w->workers);
	if (w->workers == NULL) {
		snprintf(err, errlen, "メモリが足りません");
		web_stop(w);
		return NULL;
	}
	w->n_workers = n;
	for (unsigned i = 0; i < n; i++) {
		worker *k = &w->workers[i];
		k->w = w;
		if (w->opt.db_path) {
			bool created;
			if (store_open(w->opt.db_path, &k->st, &created, err, errlen) != 0) {
				web_stop(w);
				return NULL;
			}
			svc_init(&k->svc, k->st, s->cat);
			k->use = &k->svc;
		} else {
			k->use = s;
		}
		if (pthread_create(&k->thread, NULL, worker_main, k) != 0) {
			snprintf(err, errlen, "処理スレッドを起動できません");
			web_stop(w);
			return NULL;
		}
		k->started = true;
	}
	/* twice as many I/O threads as workers: the short requests they run themselves
	 * include saves, which wait for their commit's fsync; more of them waiting at once
	 * share one commit (store_txn.c) instead of queueing for the disk */
	w->n_io = w->opt.db_path ? 2 * (n > 1 ? n : 1) : 1;
	w->daemon = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC,
				     port, NULL, NULL, on_request, w, MHD_OPTION_THREAD_POOL_SIZE, w->n_io,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_URI_LOG_CALLBACK, request_begin, w,
				     MHD_OPTION_NOTIFY_COMPLETED, request_completed, w, MHD_OPTION_NOTIFY_CONNECTION,
				     connection_notify, w, MHD_OPTION_CONNECTION_TIMEOUT, w->opt.idle_timeout_s,
				     MHD_OPTION_CONNECTION_LIMIT, w->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
				     w->opt.per_ip_connections, MHD_OPTION_END);
	if (w->daemon == NULL) {
		snprintf(err, errlen, "%s:%u で待ち受けられません（使用中のポートかもしれません）", addr, (unsigned)port);
		web_stop(w);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
	*bound_port = info ? info->port : port;
	return w;
}

bool web_stop(web_server *w)
{
	if (w == NULL)
		return true;
	bool drained = true;
	if (w->daemon) {
		/* stop accepting; let what is queued or running finish, for at most grace_s */
		MHD_socket lsock = MHD_quiesce_daemon(w->daemon);
		if (lsock != MHD_INVALID_SOCKET)
			close(lsock);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)w->opt.grace_s;
		pthread_mutex_lock(&w->jobs_lock);
		while (w->jobs_queued + w->jobs_running > 0)
			if (pthread_cond_timedwait(&w->jobs_idle, &w->jobs_lock, &until) != 0)
				break;
		drained = w->jobs_queued + w->jobs_running == 0;
		pthread_mutex_unlock(&w->jobs_lock);
		if (!drained) {
			fprintf(stderr, "digiden serve: %u秒待っても終わらない処理があるため、待たずに停止します\n", w->opt.grace_s);
			return false; /* the threads still use w: the process ends without freeing it */
		}
		/* let the I/O thread send the answers just made before the connections close */
		struct timespec settle = { 0, 200 * 1000 * 1000 };
		nanosleep(&settle, NULL);
		MHD_stop_daemon(w->daemon); /* closes every connection: the slot list empties */
	}
	pthread_mutex_lock(&w->jobs_lock);
	w->workers_stop = true;
	pthread_cond_broadcast(&w->job_ready);
	pthread_mutex_unlock(&w->jobs_lock);
	for (unsigned i = 0; i < w->n_workers; i++) {
		worker *k = &w->workers[i];
		if (k->started)
			pthread_join(k->thread, NULL);
		if (k->st) {
			svc_free(&k->svc);
			store_close(k->st);
		}
	}
	free(w->workers);
	for (io_ctx *c = w->io_ctxs, *next; c; c = next) { /* the I/O threads have ended */
		next = c->next;
		svc_free(&c->svc);
		store_close(c->st);
		free(c);
	}
	if (w->reaper_running) {
		pthread_mutex_lock(&w->lock);
		w->stopping = true;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->reaper, NULL);
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->jobs_lock);
	pthread_cond_destroy(&w->job_ready);
	pthread_cond_destroy(&w->jobs_idle);
	free(w);
	return drained;
}

void web_set_cookie(web_request *r, const char *name, const char *value, long max_age)
{
	char age[32] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	snprintf(r->set_cookie, sizeof r->set_cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value, age,
		 r->secure_cookies ? "; Secure" : "");
}

void web_client_addr(const web_request *r, char *out, size_t outlen)
{
	snprintf(out, outlen, "unknown");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)outlen);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)outlen);
}

static bool state_changing(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

/* A browser says where a request comes from (Origin, Sec-Fetch-Site). A request
 * from another site may not change anything, whatever cookies it carries. Clients
 * that send neither header (curl, scripts) are judged by the CSRF rules alone. */
static bool from_other_origin(web_request *r)
{
	const char *site = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
	if (site && strcasecmp(site, "same-origin") != 0 && strcasecmp(site, "none") != 0)
		return true;
	const char *origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Origin");
	if (origin == NULL)
		return false;
	const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	const char *rest = strncasecmp(origin, "http://", 7) == 0 ? origin + 7 : strncasecmp(origin, "https://", 8) == 0 ? origin + 8 : NULL;
	return rest == NULL || host == NULL || strcasecmp(rest, host) != 0;
}

static enum MHD_Result refuse_early(web_request *r, const char *url, int status, const char *code, const char *message)
{
	r->answered = true;
	if (strncmp(url, "/api/", 5) == 0)
		return srv_send_error(r, status, code, message);
	page_error(r, status, message);
	return srv_send_page(r);
}

static enum MHD_Result dispatch(web_request *r, const char *url, const char *method)
{
	if (state_changing(method) && from_other_origin(r))
		return refuse_early(r, url, 403, "CROSS_ORIGIN", "別のサイトからの操作は受け付けません");
	if (strncmp(url, "/api/", 5) == 0)
		return api_dispatch(r, url, method);
	if (strncmp(url, "/static/", 8) == 0 && strcmp(method, "GET") == 0)
		return srv_send_static(r, url);
	return srv_page_dispatch(r, url, method);
}
