/* web.h — the HTTP server (libmicrohttpd): one route table, JSON API handlers. */
#ifndef DIGIDEN_WEB_H
#define DIGIDEN_WEB_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>

#include "../service/service.h"
#include "buf.h"
#include "public_cache.h"

/* Largest request body the server reads (documented in docs/api.md): 1 MiB. */
#define WEB_MAX_BODY ((size_t)1024 * 1024)
/* A body past WEB_MAX_BODY is read and dropped up to this much, then answered 413 (a
 * chunked one past this is cut off); a Content-Length above it is answered 413 from
 * the header at once (16 MiB). */
#define WEB_MAX_DISCARD ((size_t)16 * 1024 * 1024)

/* A name=value pair of a urlencoded form body. */
typedef struct form_pair {
	const char *name, *value;
} form_pair;

/* One request, from its first byte to its answer; freed when MHD completes it. */
typedef struct web_request {
	arena arena;
	char *body;
	size_t body_len, body_cap;
	bool too_big;        /* a chunked body passed WEB_MAX_BODY: dropped, then 413 */
	size_t discarded;
	bool started;        /* the access handler has seen this request (headers complete) */
	bool answered;       /* a response was queued before the body was read (413, 400) */
	bool secure_cookies; /* cookies get "; Secure" (TLS, or a proxy that says https) */
	char *raw_uri;       /* the request target as sent, before percent-decoding */
	struct conn_slot *slot; /* the connection's deadline record (server.c) */
	/* the worker pool: the answer made on a worker, queued by the I/O thread */
	struct MHD_Response *resp;
	unsigned resp_status;
	bool queued, failed;
	const char *method;
	struct web_request *next_job;
	/* a public answer: the change counter it is made at, and its ETag once made */
	bool cacheable;
	int64_t cache_seq;
	char etag[PUBLIC_ETAG_MAX];
	struct MHD_Connection *conn;
	svc *svc;
	svc_user user;      /* id 0 when anonymous */
	const char *token;  /* session token from the cookie, if any */
	int64_t id;         /* {id} of the route */
	json_t *json;       /* parsed body (NULL when none) */
	int status;         /* answer status (200 unless the handler says otherwise) */
	char set_cookie[256];
	const char *key;    /* {key} of the route (letters, digits, . _ -) */
	/* a non-JSON answer (CSV, XLSX, SVG, HTML): the handler fills raw and returns json_null() */
	buf raw;
	const char *raw_type;
	char disposition[256];
	/* pages: the parsed form body, a redirect target, the login-form CSRF cookie */
	form_pair *form;
	size_t n_form;
	char location[512];
	char anon_csrf[65];
	const char *url;
} web_request;

/* A handler answers JSON (new reference) or NULL with *err filled. */
typedef json_t *(*web_handler)(web_request *r, svc_err *err);

enum {
	ROUTE_LOGIN = 1, /* needs a logged-in user */
	ROUTE_BODY = 2,  /* takes a JSON body */
	ROUTE_BODY_TEXT = 4, /* with ROUTE_BODY: the handler parses the body itself (r->json NULL) */
};

typedef struct web_route {
	const char *method;
	const char *pattern; /* "/api/v1/applications/{id}/submit" */
	web_handler handler;
	unsigned flags;
} web_route;

/* r->json from the body, as for every ROUTE_BODY route: 0, or -1 with a 400
 * MALFORMED_JSON in *e (line, column and jansson's reason). */
int web_parse_json_body(web_request *r, svc_err *e);

extern const web_route web_routes[];
extern const size_t web_route_count;

/* Limits against slow, many or hostile clients (docs/api.md, README "セキュリティ").
 * Zero fields take the defaults below. */
typedef struct web_options {
	unsigned request_timeout_s;  /* request line + headers within this; default 10 */
	unsigned idle_timeout_s;     /* no byte for this long closes the connection; default 10 */
	unsigned body_min_rate;      /* bytes/s a body must keep up after request_timeout_s; default 4096 */
	unsigned max_connections;    /* all clients; default 4000 (bounded by RLIMIT_NOFILE) */
	unsigned per_ip_connections; /* one client address; default 64 */
	int secure_cookies;          /* 1 on, 0 off, -1 (default) on unless listening on loopback */
	unsigned threads;            /* request workers, each with its own database connection; default the cores (≥ 2) */
	unsigned grace_s;            /* on stop: how long in-flight requests may finish; default 10 */
	const char *db_path;         /* what each worker opens; NULL: one worker on the given svc */
} web_options;

#define WEB_DEFAULT_REQUEST_TIMEOUT 10u
#define WEB_DEFAULT_IDLE_TIMEOUT 10u
#define WEB_DEFAULT_BODY_MIN_RATE 4096u
#define WEB_DEFAULT_MAX_CONNECTIONS 4000u
#define WEB_DEFAULT_PER_IP 64u
#define WEB_DEFAULT_GRACE 10u

typedef struct web_server web_server;
/* Starts serving on addr:port (port 0 = any free port; *bound_port tells which).
 * opt may be NULL (all defaults). One I/O thread reads and writes every connection;
 * handlers run on a pool of workers, each with its own store connection opened on
 * opt->db_path and sharing s->cat (immutable), so a slow request never delays the
 * others. */
web_server *web_start(svc *s, const char *addr, uint16_t port, const web_options *opt, uint16_t *bound_port, char *err,
		      size_t errlen);
/* Stops accepting, lets in-flight requests finish (at most opt->grace_s), closes the
 * workers' databases. Returns false when requests were still running at the end of
 * the grace period (they are abandoned; the caller exits). */
bool web_stop(web_server *w);

/* Sets the answer's cookie NAME=VALUE (Path=/, HttpOnly, SameSite=Strict, Secure when
 * the request came over TLS or through a proxy saying so); max_age < 0 omits Max-Age. */
void web_set_cookie(web_request *r, const char *name, const char *value, long max_age);
/* The anonymous visitor's CSRF token, made (with its cookie) on first use. */
const char *web_anon_csrf(web_request *r);
/* The client's address as text ("127.0.0.1"), for throttling and the audit log. */
void web_client_addr(const web_request *r, char *out, size_t outlen);

#endif
