/* office_flow.h — what the publication and office-list tests (issue 13) share: requests
 * as a named user, users and applications made through the API, and the text inside an
 * XLSX download (its XML parts inflated with zlib), so a test can look for a value in it.
 * Header-only: each test binary includes it once. */
#ifndef DIGIDEN_TESTS_API_OFFICE_FLOW_H
#define DIGIDEN_TESTS_API_OFFICE_FLOW_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "harness.h"

#define FLOW_PW "correct-horse-battery-1"

/* A request with a JSON body (or none) as jar; body is not consumed. */
static h_resp flow_rq(h_client *c, const char *jar, const char *method, const char *path, const json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	h_resp r = h_http(c, method, path, "application/json", text, jar);
	free(text);
	return r;
}

/* POST path as jar with body (consumed); the answer's status. */
static long flow_post(h_client *c, const char *jar, const char *path, json_t *body)
{
	h_resp r = flow_rq(c, jar, "POST", path, body);
	long st = r.status;
	if (st >= 300)
		printf("info POST %s as %s → %s\n", path, jar, h_resp_brief(&r));
	h_resp_free(&r);
	json_decref(body);
	return st;
}

/* The admin creates login (role, organization or NULL) and it logs in into jar login. */
static bool flow_user(h_client *c, const char *login, const char *role, const char *org)
{
	json_t *b = json_pack("{ssssss}", "login", login, "password", FLOW_PW, "role", role);
	if (org)
		json_object_set_new(b, "organization", json_string(org));
	return flow_post(c, "admin", "/api/v1/users", b) == 201 && h_login(c, login, login, FLOW_PW) == 200;
}

/* examples/type1-natori.json, or NULL. */
static json_t *flow_example(const char *bin)
{
	char *ex = h_find_example(bin, "type1-natori.json");
	json_error_t je;
	json_t *j = ex ? json_load_file(ex, 0, &je) : NULL;
	free(ex);
	return j;
}

/* A new application of organization code titled title (a copy of example) created by
 * jar; its id, or 0. */
static json_int_t flow_app(h_client *c, const char *jar, const json_t *example, const char *code, const char *title)
{
	json_t *b = json_deep_copy(example);
	json_object_set_new(json_object_get(b, "applicant"), "code", json_string(code));
	json_object_set_new(b, "title", json_string(title));
	h_resp r = flow_rq(c, jar, "POST", "/api/v1/applications", b);
	json_decref(b);
	json_int_t id = r.status == 201 ? json_integer_value(json_object_get(r.json, "id")) : 0;
	if (id == 0)
		printf("info create %s → %s\n", title, h_resp_brief(&r));
	h_resp_free(&r);
	return id;
}

/* POST /api/v1/applications/{id}/{what} as jar with body (consumed, may be NULL). */
static long flow_act(h_client *c, const char *jar, json_int_t id, const char *what, json_t *body)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/applications/%lld/%s", (long long)id, what);
	return flow_post(c, jar, path, body);
}

static uint32_t flow_le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static unsigned flow_le16(const unsigned char *p) { return p[0] | p[1] << 8; }

/* Every XML part of an XLSX (a zip) inflated and joined, malloc'd; NULL when it is not
 * a readable zip. Reads the central directory, as sizes in the local headers may be 0. */
static char *flow_xlsx_text(const char *data, size_t len)
{
	const unsigned char *z = (const unsigned char *)data;
	size_t eocd = len >= 22 ? len - 22 : 0;
	while (eocd > 0 && flow_le32(z + eocd) != 0x06054b50)
		eocd--;
	if (len < 22 || flow_le32(z + eocd) != 0x06054b50)
		return NULL;
	size_t n = flow_le16(z + eocd + 10), cd = flow_le32(z + eocd + 16), out_len = 0;
	char *out = calloc(1, 1);
	for (size_t i = 0; i < n && out && cd + 46 <= len && flow_le32(z + cd) == 0x02014b50; i++) {
		unsigned method = flow_le16(z + cd + 10);
		size_t csize = flow_le32(z + cd + 20), usize = flow_le32(z + cd + 24), nl = flow_le16(z + cd + 28);
		size_t local = flow_le32(z + cd + 42);
		cd += 46 + nl + flow_le16(z + cd + 30) + flow_le16(z + cd + 32);
		if (local + 30 > len)
			break;
		size_t start = local + 30 + flow_le16(z + local + 26) + flow_le16(z + local + 28);
		if (start + csize > len || usize > 64u << 20)
			break;
		char *grown = realloc(out, out_len + usize + 1);
		if (grown == NULL)
			break;
		out = grown;
		if (method == 0) {
			memcpy(out + out_len, z + start, usize);
		} else {
			z_stream s = { 0 };
			if (inflateInit2(&s, -15) != Z_OK)
				break;
			s.next_in = (unsigned char *)z + start;
			s.avail_in = (uInt)csize;
			s.next_out = (unsigned char *)out + out_len;
			s.avail_out = (uInt)usize;
			int rc = inflate(&s, Z_FINISH);
			inflateEnd(&s);
			if (rc != Z_STREAM_END)
				break;
		}
		out_len += usize;
		out[out_len] = '\0';
	}
	return out;
}

/* Reads the example, arms the watchdog, starts the server and logs the admin in. NULL
 * (with the FAIL and summary lines printed) when any of it failed. */
static json_t *flow_start(const char *bin, const char *label, h_server *s, h_client **c)
{
	json_t *ex = flow_example(bin);
	h_watchdog(300, label, &h_passed, &h_failed, s);
	if (ex == NULL || h_server_start(s, bin) != 0) {
		printf("FAIL setup: examples/type1-natori.json and the server\n%s: 0 passed, 1 failed\n", label);
		json_decref(ex);
		return NULL;
	}
	*c = h_client_new(s);
	h_check("setup: admin logs in", h_login(*c, "admin", "admin", H_ADMIN_PASSWORD) == 200, "%s", "");
	return ex;
}

/* Stops the server, checks its log and prints the summary line; the exit status. */
static int flow_finish(h_server *s, h_client *c, const char *label)
{
	h_client_free(c);
	int stop = h_server_stop(s);
	h_check("the server stops cleanly", stop == 0, "wait status %d", s->last_exit);
	char why[512];
	h_check("the server log has no sanitizer report", h_server_log_clean(s, why, sizeof why), "%s", why);
	if (h_failed)
		h_server_log_tail(s, 15);
	h_server_cleanup(s);
	printf("%s: %d passed, %d failed\n", label, h_passed, h_failed);
	return h_failed ? 1 : 0;
}

#endif
