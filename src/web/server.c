/* server.c — libmicrohttpd glue: reads bodies (with the 1 MiB limit), finds the
 * route, authenticates from the session cookie, runs the handler and answers JSON.
 * One internal thread serves every connection, so the store sees one caller. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "../io/catalog.h"
#include "form.h"
#include "page.h"
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

static enum MHD_Result api_dispatch(web_server *w, web_request *r, const char *url, const char *method)
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

static enum MHD_Result dispatch(web_server *w, web_request *r, const char *url, const char *method);

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

/* Security headers for every HTML answer: nothing but this server may be loaded. */
static void html_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
				"frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
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

static enum MHD_Result send_page(web_request *r)
{
	if (r->raw.oom)
		return send_error(r->conn, 500, "NOMEM", "メモリが足りません");
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->raw.len, r->raw.data, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return MHD_NO;
	r->raw.data = NULL;
	MHD_add_response_header(resp, "Content-Type", r->raw_type ? r->raw_type : "text/html; charset=utf-8");
	html_headers(resp);
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	enum MHD_Result rc = MHD_queue_response(r->conn, (unsigned)(r->status ? r->status : 200), resp);
	MHD_destroy_response(resp);
	return rc;
}

/* /static/NAME from the files embedded at build time. */
static enum MHD_Result send_static(web_request *r, const char *url)
{
	char name[128];
	snprintf(name, sizeof name, "static/%s", url + strlen("/static/"));
	for (const embedded_file *f = embedded_files; f->name; f++) {
		if (strcmp(f->name, name) != 0)
			continue;
		const char *type = strstr(name, ".css") ? "text/css; charset=utf-8"
				   : strstr(name, ".js") ? "text/javascript; charset=utf-8"
				   : strstr(name, ".svg") ? "image/svg+xml"
							   : "application/octet-stream";
		struct MHD_Response *resp = MHD_create_response_from_buffer(f->len, (void *)f->data, MHD_RESPMEM_PERSISTENT);
		if (resp == NULL)
			return MHD_NO;
		MHD_add_response_header(resp, "Content-Type", type);
		MHD_add_response_header(resp, "Cache-Control", "public, max-age=300");
		MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
		enum MHD_Result rc = MHD_queue_response(r->conn, 200, resp);
		MHD_destroy_response(resp);
		return rc;
	}
	return send_error(r->conn, 404, "NOT_FOUND", "そのファイルはありません");
}

/* The anonymous CSRF cookie for the login form (double submit). */
static void anon_csrf(web_request *r)
{
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "digiden_csrf");
	if (c && strlen(c) == 64 && strspn(c, "0123456789abcdef") == 64) {
		memcpy(r->anon_csrf, c, 65);
		return;
	}
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(r->anon_csrf, sizeof r->anon_csrf, raw, sizeof raw);
	snprintf(r->set_cookie, sizeof r->set_cookie, "digiden_csrf=%s; Path=/; HttpOnly; SameSite=Strict", r->anon_csrf);
}

static enum MHD_Result page_dispatch(web_server *w, web_request *r, const char *url, const char *method)
{
	const page_route *route = NULL;
	bool path_known = false;
	char key[129];
	r->url = url;
	for (size_t t = 0; t < page_table_count && route == NULL; t++)
		for (size_t i = 0; i < page_tables[t]->n; i++) {
			const page_route *pr = &page_tables[t]->routes[i];
			int64_t id = 0;
			if (!match(pr->pattern, url, &id, key, sizeof key))
				continue;
			path_known = true;
			if (strcmp(pr->method, method) == 0) {
				route = pr;
				r->id = id;
				r->key = arena_strdup(&r->arena, key);
				break;
			}
		}
	r->token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "digiden_session");
	if (r->token && !svc_session(w->svc, r->token, &r->arena, &r->user))
		memset(&r->user, 0, sizeof r->user);
	if (r->user.id == 0)
		anon_csrf(r);
	if (route == NULL) {
		page_error(r, path_known ? 405 : 404, path_known ? "このページにこの操作はできません" : "お探しのページはありません");
		return send_page(r);
	}
	if (r->too_big) {
		page_error(r, 413, "送信内容が大きすぎます（上限 1 MiB）");
		return send_page(r);
	}
	unsigned f = route->flags;
	if ((f & (PAGE_LOGIN | PAGE_APPLICANT | PAGE_OFFICE | PAGE_REVIEWER)) && r->user.id == 0) {
		if (strcmp(method, "GET") == 0) {
			buf next = { 0 };
			buf_raw(&next, "/login?next=");
			html_url_param(&next, url);
			page_redirect(r, next.data ? next.data : "/login");
			buf_free(&next);
		} else {
			page_error(r, 401, "ログインしてください（セッションの有効期限が切れた可能性があります）");
		}
		return send_page(r);
	}
	bool role_ok = !(f & (PAGE_APPLICANT | PAGE_OFFICE | PAGE_REVIEWER)) ||
		       ((f & PAGE_APPLICANT) && r->user.role == ROLE_APPLICANT) ||
		       ((f & PAGE_OFFICE) && (r->user.role == ROLE_SECRETARIAT || r->user.role == ROLE_ADMIN)) ||
		       ((f & PAGE_REVIEWER) && r->user.role == ROLE_REVIEWER);
	if (!role_ok) {
		page_error(r, 403, "このページはあなたの役割では使えません");
		return send_page(r);
	}
	if (f & PAGE_FORM) {
		const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
			page_error(r, 415, "フォームから送信してください");
			return send_page(r);
		}
		int n = form_parse(r->body ? r->body : "", r->body_len, &r->arena, &r->form);
		if (n < 0) {
			page_error(r, 400, "送信内容を読めません（文字コードが UTF-8 ではありません）");
			return send_page(r);
		}
		r->n_form = (size_t)n;
		const char *sent = NULL;
		for (size_t i = 0; i < r->n_form && !sent; i++)
			if (strcmp(r->form[i].name, "csrf") == 0)
				sent = r->form[i].value;
		const char *want = r->user.id != 0 ? r->user.csrf : r->anon_csrf;
		if (sent == NULL || want[0] == '\0' || strlen(sent) != strlen(want) || sodium_memcmp(sent, want, strlen(want)) != 0) {
			page_error(r, 403, "フォームの確認用トークンが一致しません。ページを開き直してから送信してください");
			return send_page(r);
		}
	}
	r->status = 200;
	route->handler(r);
	return send_page(r);
}

static enum MHD_Result dispatch(web_server *w, web_request *r, const char *url, const char *method)
{
	if (strncmp(url, "/api/", 5) == 0)
		return api_dispatch(w, r, url, method);
	if (strncmp(url, "/static/", 8) == 0 && strcmp(method, "GET") == 0)
		return send_static(r, url);
	return page_dispatch(w, r, url, method);
}
