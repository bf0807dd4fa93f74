/* server_pages.c — the page side of the dispatch: the session and role of the
 * visitor, the form body and its CSRF token, the page handler, the answer; and the
 * static files embedded at build time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "../io/catalog.h"
#include "form.h"
#include "page.h"
#include "server_internal.h"

enum MHD_Result srv_send_page(web_request *r)
{
	if (r->raw.oom)
		return srv_send_error(r, 500, "NOMEM", "メモリが足りません");
	const char *type = r->raw_type ? r->raw_type : "text/html; charset=utf-8";
	if (r->location[0] == '\0' && r->disposition[0] == '\0')
		srv_cache_answer(r, r->status ? r->status : 200, r->raw.data, r->raw.len, type);
	struct MHD_Response *resp = MHD_create_response_from_buffer(r->raw.len, r->raw.data, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL)
		return MHD_NO;
	r->raw.data = NULL;
	MHD_add_response_header(resp, "Content-Type", type);
	srv_html_headers(resp, r->etag);
	if (r->location[0])
		MHD_add_response_header(resp, "Location", r->location);
	if (r->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", r->disposition);
	if (r->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	return srv_respond(r, (unsigned)(r->status ? r->status : 200), resp);
}

/* /static/NAME from the files embedded at build time. */
enum MHD_Result srv_send_static(web_request *r, const char *url)
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
		return srv_respond(r, 200, resp);
	}
	return srv_send_error(r, 404, "NOT_FOUND", "そのファイルはありません");
}

/* The anonymous CSRF token for the login form (double submit): the cookie's, if the
 * visitor has one. */
static void anon_csrf(web_request *r)
{
	const char *c = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "digiden_csrf");
	if (c && strlen(c) == 64 && strspn(c, "0123456789abcdef") == 64)
		memcpy(r->anon_csrf, c, 65);
}

/* Made only when a page has a form for an anonymous visitor (the login page), so
 * the public pages set no cookie and are the same bytes for everyone. */
const char *web_anon_csrf(web_request *r)
{
	if (r->anon_csrf[0] == '\0') {
		unsigned char raw[32];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(r->anon_csrf, sizeof r->anon_csrf, raw, sizeof raw);
		web_set_cookie(r, "digiden_csrf", r->anon_csrf, -1);
	}
	return r->anon_csrf;
}

enum MHD_Result srv_page_dispatch(web_request *r, const char *url, const char *method)
{
	const page_route *route = NULL;
	bool path_known = false;
	char key[129];
	r->url = url;
	for (size_t t = 0; t < page_table_count && route == NULL; t++)
		for (size_t i = 0; i < page_tables[t]->n; i++) {
			const page_route *pr = &page_tables[t]->routes[i];
			int64_t id = 0;
			if (!srv_match(pr->pattern, url, &id, key, sizeof key))
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
	if (r->token && !svc_session(r->svc, r->token, &r->arena, &r->user))
		memset(&r->user, 0, sizeof r->user);
	if (r->user.id == 0)
		anon_csrf(r);
	if (route == NULL) {
		page_error(r, path_known ? 405 : 404, path_known ? "このページにこの操作はできません" : "お探しのページはありません");
		return srv_send_page(r);
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
		return srv_send_page(r);
	}
	bool role_ok = !(f & (PAGE_APPLICANT | PAGE_OFFICE | PAGE_REVIEWER)) ||
		       ((f & PAGE_APPLICANT) && r->user.role == ROLE_APPLICANT) ||
		       ((f & PAGE_OFFICE) && (r->user.role == ROLE_SECRETARIAT || r->user.role == ROLE_ADMIN)) ||
		       ((f & PAGE_REVIEWER) && r->user.role == ROLE_REVIEWER);
	if (!role_ok) {
		page_error(r, 403, "このページはあなたの役割では使えません");
		return srv_send_page(r);
	}
	if (f & PAGE_FORM) {
		const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
		if (ct == NULL || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
			page_error(r, 415, "フォームから送信してください");
			return srv_send_page(r);
		}
		int n = form_parse(r->body ? r->body : "", r->body_len, &r->arena, &r->form);
		if (n < 0) {
			page_error(r, 400, "送信内容を読めません（文字コードが UTF-8 ではありません）");
			return srv_send_page(r);
		}
		r->n_form = (size_t)n;
		const char *sent = NULL;
		for (size_t i = 0; i < r->n_form && !sent; i++)
			if (strcmp(r->form[i].name, "csrf") == 0)
				sent = r->form[i].value;
		const char *want = r->user.id != 0 ? r->user.csrf : r->anon_csrf;
		if (sent == NULL || want[0] == '\0' || strlen(sent) != strlen(want) || sodium_memcmp(sent, want, strlen(want)) != 0) {
			page_error(r, 403, "フォームの確認用トークンが一致しません。ページを開き直してから送信してください");
			return srv_send_page(r);
		}
	}
	r->status = 200;
	route->handler(r);
	return srv_send_page(r);
}

