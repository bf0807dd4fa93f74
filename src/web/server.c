/* server.c — libmicrohttpd glue: reads bodies (with the 1 MiB limit), finds the
 * route, authenticates from the session cookie, runs the handler and answers JSON.
 * One internal thread serves every connection, so the store sees one caller. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web.h"

struct web_server {
	struct MHD_Daemon *daemon;
	svc *svc;
};

static enum MHD_Result send_json(struct MHD_Connection *conn, int status, json_t *body, const char *cookie)
{
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (text == NULL)
		return MHD_NO;
	size_t len = strlen(text);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (cookie && cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", cookie);
	enum MHD_Result rc = MHD_queue_response(conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return rc;
}

static enum MHD_Result send_error(struct MHD_Connection *conn, int status, const char *code, const char *message)
{
	svc_err e = { .status = status, .code = code };
	snprintf(e.message, sizeof e.message, "%s", message);
	return send_json(conn, status, svc_err_json(&e), NULL);
}

/* Matches path against pattern; {id} takes a positive decimal id (≤ 15 digits),
 * {key} a name of letters, digits, '.', '_' and '-' (at most 128). */
static bool match(const char *pattern, const char *path, int64_t *id, char *key, size_t keylen)
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

static void request_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	web_request *r = *con_cls;
	if (r == NULL)
		return;
	json_decref(r->json);
	free(r->body);
	buf_free(&r->raw);
	arena_free(&r->arena);
	free(r);
	*con_cls = NULL;
}

static enum MHD_Result dispatch(web_server *w, web_request *r, const char *url, const char *method)
{
	const web_route *route = NULL;
	bool path_known = false;
	char key[129];
	for (size_t i = 0; i < web_route_count; i++) {
		int64_t id = 0;
		if (!match(web_routes[i].pattern, url, &id, key, sizeof key))
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
		return path_known ? send_error(r->conn, 405, "METHOD_NOT_ALLOWED", "このURLにこのメソッドは使えません")
				  : send_error(r->conn, 404, "NOT_FOUND", "そのURLはありません");
	if (r->too_big)
		return send_error(r->conn, 413, "BODY_TOO_LARGE", "本文が大きすぎます（上限 1 MiB）");

	/* who is asking: the session cookie */
	r->token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "digiden_session");
	if (r->token && !svc_session(w->svc, r->token, &r->arena, &r->user))
		memset(&r->user, 0, sizeof r->user);
	if ((route->flags & ROUTE_LOGIN) && r->user.id == 0)
		return send_error(r->conn, 401, "LOGIN_REQUIRED", "ログインしてください");

	if (route->flags & ROUTE_BODY) {
		const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 || (ct[16] != '\0' && ct[16] != ';'))
			return send_error(r->conn, 415, "UNSUPPORTED_MEDIA_TYPE", "本文は Content-Type: application/json で送ってください");
		json_error_t je;
		r->json = json_loadb(r->body ? r->body : "", r->body_len, JSON_REJECT_DUPLICATES, &je);
		if (r->json == NULL) {
			svc_err e = { .status = 400, .code = "MALFORMED_JSON" };
			snprintf(e.message, sizeof e.message, "本文をJSONとして読めません（%d行 %d列: %s）", je.line, je.column, je.text);
			return send_json(r->conn, 400, svc_err_json(&e), NULL);
		}
	}
	svc_err err = { 0 };
	r->status = 200;
	json_t *out = route->handler(r, &err);
	if (out == NULL) {
		int status = err.status ? err.status : 500;
		enum MHD_Result rc = send_json(r->conn, status, svc_err_json(&err), r->set_cookie);
		svc_err_clear(&err);
		return rc;
	}
	svc_err_clear(&err);
	if (r->raw_type != NULL) {
		json_decref(out);
		if (r->raw.oom)
			return send_error(r->conn, 500, "NOMEM", "メモリが足りません");
		struct MHD_Response *resp = MHD_create_response_from_buffer(r->raw.len, r->raw.data, MHD_RESPMEM_MUST_FREE);
		if (resp == NULL)
			return MHD_NO;
		r->raw.data = NULL; /* the response owns it now */
		MHD_add_response_header(resp, "Content-Type", r->raw_type);
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		if (r->disposition[0])
			MHD_add_response_header(resp, "Content-Disposition", r->disposition);
		if (r->set_cookie[0])
			MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
		enum MHD_Result rc = MHD_queue_response(r->conn, (unsigned)r->status, resp);
		MHD_destroy_response(resp);
		return rc;
	}
	return send_json(r->conn, r->status, out, r->set_cookie);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	(void)version;
	web_server *w = cls;
	web_request *r = *con_cls;
	if (r == NULL) {
		r = calloc(1, sizeof *r);
		if (r == NULL)
			return MHD_NO;
		arena_init(&r->arena);
		r->conn = conn;
		r->svc = w->svc;
		*con_cls = r;
		/* refuse an announced oversized body before reading it */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > WEB_MAX_BODY)
			r->too_big = true;
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!r->too_big) {
			if (r->body_len + *upload_data_size > WEB_MAX_BODY) {
				r->too_big = true;
			} else {
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
			}
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return dispatch(w, r, url, method);
}

web_server *web_start(svc *s, const char *addr, uint16_t port, uint16_t *bound_port, char *err, size_t errlen)
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
	w->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, port, NULL, NULL, on_request, w,
				     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED,
				     request_completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)512, MHD_OPTION_END);
	if (w->daemon == NULL) {
		snprintf(err, errlen, "%s:%u で待ち受けられません（使用中のポートかもしれません）", addr, (unsigned)port);
		free(w);
		return NULL;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(w->daemon, MHD_DAEMON_INFO_BIND_PORT);
	*bound_port = info ? info->port : port;
	return w;
}

void web_stop(web_server *w)
{
	if (w == NULL)
		return;
	MHD_stop_daemon(w->daemon);
	free(w);
}
