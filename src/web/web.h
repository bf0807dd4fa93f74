/* web.h — the HTTP server (libmicrohttpd): one route table, JSON API handlers. */
#ifndef DIGIDEN_WEB_H
#define DIGIDEN_WEB_H

#include <jansson.h>
#include <microhttpd.h>
#include <stdint.h>

#include "../service/service.h"
#include "buf.h"

/* Largest request body the server reads (documented in docs/api.md): 1 MiB. */
#define WEB_MAX_BODY ((size_t)1024 * 1024)

/* A name=value pair of a urlencoded form body. */
typedef struct form_pair {
	const char *name, *value;
} form_pair;

/* One request, from its first byte to its answer; freed when MHD completes it. */
typedef struct web_request {
	arena arena;
	char *body;
	size_t body_len, body_cap;
	bool too_big;
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
};

typedef struct web_route {
	const char *method;
	const char *pattern; /* "/api/v1/applications/{id}/submit" */
	web_handler handler;
	unsigned flags;
} web_route;

extern const web_route web_routes[];
extern const size_t web_route_count;

typedef struct web_server web_server;
/* Starts serving on addr:port (port 0 = any free port; *bound_port tells which). */
web_server *web_start(svc *s, const char *addr, uint16_t port, uint16_t *bound_port, char *err, size_t errlen);
void web_stop(web_server *w);

#endif
