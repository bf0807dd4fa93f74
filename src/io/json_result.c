/* json_result.c — check result encoder; see json_result.h. */
#include "json_result.h"

#include <stdlib.h>
#include <string.h>

#include "json_decode.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *yen_or_null(bool has, int64_t v) { return has ? json_integer(v) : json_null(); }

json_t *json_result_encode(const check_result *r)
{
	const application *app = r->app;
	check_trace_labels(r);
	json_t *o = json_object();
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "ok", json_boolean(check_ok(r)));
	json_object_set_new(o, "round", str_or_null(app->round));
	json_object_set_new(o, "menu", str_or_null(app->menu));
	json_t *ap = json_object();
	json_object_set_new(ap, "code", str_or_null(app->applicant_code));
	json_object_set_new(ap, "name", r->org ? json_string(r->org->name) : json_null());
	json_object_set_new(ap, "kind", r->org ? json_string(org_kind_label(r->org->kind)) : json_null());
	json_object_set_new(o, "applicant", ap);
	json_object_set_new(o, "project_cost_yen", yen_or_null(r->has_project_cost, r->project_cost_yen));
	json_object_set_new(o, "eligible_cost_yen", yen_or_null(r->has_eligible_cost, r->eligible_cost_yen));
	char fb[48];
	json_object_set_new(o, "rate", r->has_rate ? json_string(fraction_format(r->rate, fb, sizeof fb)) : json_null());
	json_object_set_new(o, "cap_yen", yen_or_null(r->has_cap, r->cap_yen));
	json_object_set_new(o, "national_share_yen", yen_or_null(r->has_national_share, r->national_share_yen));
	json_object_set_new(o, "local_share_yen", yen_or_null(r->has_local_share, r->local_share_yen));
	json_object_set_new(o, "errors", json_diags(&r->diags, DIAG_ERROR));
	json_object_set_new(o, "warnings", json_diags(&r->diags, DIAG_WARNING));
	json_object_set_new(o, "trace", json_trace(r->trace, r->n_trace));
	json_object_set_new(o, "info", json_diags(&r->diags, DIAG_INFO));
	json_object_set_new(o, "file", str_or_null(app->label));
	return o;
}

/* ---- the compact writer ------------------------------------------------- */

static int json_buf_reserve(json_buf *b, size_t n);

int json_buf_put(json_buf *b, const char *s, size_t n)
{
	if (b->cap - b->len < n) {
		if (json_buf_reserve(b, n) != 0)
			return -1;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	return 0;
}

static int json_buf_reserve(json_buf *b, size_t n)
{
	{
		size_t ncap = b->cap ? b->cap : 4096;
		while (ncap - b->len < n) {
			if (ncap > SIZE_MAX / 2)
				return -1;
			ncap *= 2;
		}
		char *d = realloc(b->data, ncap);
		if (d == NULL)
			return -1;
		b->data = d;
		b->cap = ncap;
	}
	return 0;
}

#define PUT_LIT(b, lit) json_buf_put((b), (lit), sizeof(lit) - 1)

/* jansson's json_string() refuses text that is not UTF-8 (the member is then left
 * out); its dump escapes '"', '\\' and controls, and nothing else. */
/* Appends s quoted and escaped as jansson dumps it; 1 when s is not UTF-8 (what
 * was appended is then to be dropped), -1 when memory ran out. */
static int put_escaped(json_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	if (json_buf_reserve(b, 6 * n + 2) != 0) /* the worst case: every byte \u00XX */
		return -1;
	char *d = b->data + b->len;
	*d++ = '"';
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		unsigned c = *p;
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			*d++ = (char)c;
			p++;
			continue;
		}
		if (c >= 0x80) {
			/* the common case, kana and kanji: a 3-byte sequence without the
			 * overlong (E0) and surrogate (ED) lead bytes' extra rules */
			if (c >= 0xE1 && c != 0xED && c <= 0xEF && end - p >= 3 && (p[1] & 0xC0) == 0x80 &&
			    (p[2] & 0xC0) == 0x80) {
				d[0] = (char)p[0];
				d[1] = (char)p[1];
				d[2] = (char)p[2];
				d += 3;
				p += 3;
				continue;
			}
			size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
			if (k == 0 || c > 0xF4 || (size_t)(end - p) < k)
				return 1;
			for (size_t j = 1; j < k; j++)
				if ((p[j] & 0xC0) != 0x80)
					return 1;
			if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) ||
			    (c == 0xF4 && p[1] > 0x8F))
				return 1;
			memcpy(d, p, k);
			d += k;
			p += k;
			continue;
		}
		*d++ = '\\';
		switch (c) {
		case '"': *d++ = '"'; break;
		case '\\': *d++ = '\\'; break;
		case '\b': *d++ = 'b'; break;
		case '\f': *d++ = 'f'; break;
		case '\n': *d++ = 'n'; break;
		case '\r': *d++ = 'r'; break;
		case '\t': *d++ = 't'; break;
		default:
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = hex[c >> 4];
			*d++ = hex[c & 15];
		}
		p++;
	}
	*d++ = '"';
	b->len = (size_t)(d - b->data);
	return 0;
}

typedef struct writer {
	json_buf *b;
	bool first; /* no comma before the next member */
	int rc;
} writer;

/* Keys are ASCII literals without anything to escape. */
static void key(writer *w, const char *k)
{
	if (!w->first)
		w->rc |= PUT_LIT(w->b, ",");
	w->first = false;
	w->rc |= PUT_LIT(w->b, "\"");
	w->rc |= json_buf_put(w->b, k, strlen(k));
	w->rc |= PUT_LIT(w->b, "\":");
}

/* json_object_set_new(o, k, json_string(s)): left out when s is NULL or not UTF-8. */
static void member_str(writer *w, const char *k, const char *s)
{
	if (s == NULL)
		return;
	size_t mark = w->b->len;
	bool first = w->first;
	key(w, k);
	int rc = put_escaped(w->b, s);
	if (rc == 1) {
		w->b->len = mark;
		w->first = first;
	} else {
		w->rc |= rc;
	}
}

/* str_or_null(): null for NULL, left out when not UTF-8. */
static void member_str_or_null(writer *w, const char *k, const char *s)
{
	if (s == NULL) {
		key(w, k);
		w->rc |= PUT_LIT(w->b, "null");
		return;
	}
	member_str(w, k, s);
}

static void member_yen(writer *w, const char *k, bool has, int64_t v)
{
	key(w, k);
	if (!has) {
		w->rc |= PUT_LIT(w->b, "null");
		return;
	}
	char d[24];
	int n = snprintf(d, sizeof d, "%lld", (long long)v);
	w->rc |= json_buf_put(w->b, d, (size_t)n);
}

static void open_obj(writer *w) { w->rc |= PUT_LIT(w->b, "{"), w->first = true; }
static void close_obj(writer *w) { w->rc |= PUT_LIT(w->b, "}"), w->first = false; }

static void diags_array(writer *w, const char *k, const diag_list *l, diag_severity sev)
{
	key(w, k);
	w->rc |= PUT_LIT(w->b, "[");
	bool any = false;
	for (size_t i = 0; i < l->len; i++) {
		const diag *d = &l->items[i];
		if (d->severity != sev)
			continue;
		if (any)
			w->rc |= PUT_LIT(w->b, ",");
		any = true;
		open_obj(w);
		member_str(w, "code", d->code);
		member_str(w, "path", d->path);
		member_str(w, "message", d->message);
		close_obj(w);
	}
	w->rc |= PUT_LIT(w->b, "]");
}

static void trace_array(writer *w, const trace_step *steps, size_t n)
{
	key(w, "trace");
	w->rc |= PUT_LIT(w->b, "[");
	for (size_t i = 0; i < n; i++) {
		const trace_step *t = &steps[i];
		if (i)
			w->rc |= PUT_LIT(w->b, ",");
		open_obj(w);
		member_str(w, "rule", t->rule);
		member_str(w, "value", t->value);
		member_str_or_null(w, "source", t->source);
		member_str_or_null(w, "label", t->label);
		if (t->quote)
			member_str(w, "quote", t->quote);
		close_obj(w);
	}
	w->rc |= PUT_LIT(w->b, "]");
}

int json_result_write_compact(const check_result *r, json_buf *b) { return json_result_write(r, b, true); }

int json_result_write(const check_result *r, json_buf *b, bool with_file)
{
	const application *app = r->app;
	check_trace_labels(r);
	writer w = { b, true, 0 };
	size_t start = b->len;
	open_obj(&w);
	key(&w, "ok");
	w.rc |= check_ok(r) ? PUT_LIT(b, "true") : PUT_LIT(b, "false");
	member_str_or_null(&w, "round", app->round);
	member_str_or_null(&w, "menu", app->menu);
	key(&w, "applicant");
	open_obj(&w);
	member_str_or_null(&w, "code", app->applicant_code);
	if (r->org) {
		member_str(&w, "name", r->org->name);
		member_str(&w, "kind", org_kind_label(r->org->kind));
	} else {
		member_str_or_null(&w, "name", NULL);
		member_str_or_null(&w, "kind", NULL);
	}
	close_obj(&w);
	member_yen(&w, "project_cost_yen", r->has_project_cost, r->project_cost_yen);
	member_yen(&w, "eligible_cost_yen", r->has_eligible_cost, r->eligible_cost_yen);
	char fb[48];
	if (r->has_rate)
		member_str(&w, "rate", fraction_format(r->rate, fb, sizeof fb));
	else
		member_str_or_null(&w, "rate", NULL);
	member_yen(&w, "cap_yen", r->has_cap, r->cap_yen);
	member_yen(&w, "national_share_yen", r->has_national_share, r->national_share_yen);
	member_yen(&w, "local_share_yen", r->has_local_share, r->local_share_yen);
	diags_array(&w, "errors", &r->diags, DIAG_ERROR);
	diags_array(&w, "warnings", &r->diags, DIAG_WARNING);
	trace_array(&w, r->trace, r->n_trace);
	diags_array(&w, "info", &r->diags, DIAG_INFO);
	if (with_file)
		member_str_or_null(&w, "file", app->label);
	close_obj(&w);
	if (w.rc != 0) {
		b->len = start;
		return -1;
	}
	return 0;
}
