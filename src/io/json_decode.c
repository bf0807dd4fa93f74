/* json_decode.c — see json_decode.h. */
#include "json_decode.h"

#include <errno.h>
#include <pthread.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *json_dec_sub(json_dec *x, const char *parent, const char *key)
{
	size_t pl = strlen(parent), kl = strlen(key);
	char *p = arena_alloc(x->a, pl + kl + 2);
	if (p == NULL)
		return "";
	memcpy(p, parent, pl);
	if (pl)
		p[pl++] = '.';
	memcpy(p + pl, key, kl + 1);
	return p;
}

const char *json_dec_idx(json_dec *x, const char *parent, size_t i)
{
	char digits[24];
	size_t nd = 0;
	do {
		digits[nd++] = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	size_t pl = strlen(parent);
	char *p = arena_alloc(x->a, pl + nd + 3);
	if (p == NULL)
		return "";
	memcpy(p, parent, pl);
	p[pl] = '[';
	for (size_t k = 0; k < nd; k++)
		p[pl + 1 + k] = digits[nd - 1 - k];
	p[pl + 1 + nd] = ']';
	p[pl + 2 + nd] = '\0';
	return p;
}

const char *json_kind_label(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "オブジェクト";
	case JSON_ARRAY: return "配列";
	case JSON_STRING: return "文字列";
	case JSON_INTEGER: return "整数";
	case JSON_REAL: return "小数";
	case JSON_TRUE:
	case JSON_FALSE: return "真偽値";
	case JSON_NULL: return "null";
	}
	return "?";
}

void json_dec_only_keys(json_dec *x, json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		bool ok = false;
		for (const char *const *k = allowed; *k && !ok; k++)
			ok = strcmp(*k, key) == 0;
		if (!ok)
			diag_add(x->d, DIAG_ERROR, "UNKNOWN_KEY", json_dec_sub(x, path, key),
				 "未知の項目「%s」です（綴りを確認してください。未知の項目は受け付けません）", key);
	}
}

void json_dec_type_error(json_dec *x, const char *path, const char *want, const json_t *got)
{
	diag_add(x->d, DIAG_ERROR, "TYPE_MISMATCH", path, "%sであるべきところが%sです", want, json_kind_label(got));
}

void json_dec_missing(json_dec *x, const char *path)
{
	diag_add(x->d, DIAG_ERROR, "REQUIRED_MISSING", path, "必須項目「%s」がありません", path);
}

void json_diags_append(json_t *arr, const diag_list *l, diag_severity sev)
{
	for (size_t i = 0; i < l->len; i++) {
		const diag *d = &l->items[i];
		if (d->severity != sev)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(d->code));
		json_object_set_new(o, "path", json_string(d->path));
		json_object_set_new(o, "message", json_string(d->message));
		json_array_append_new(arr, o);
	}
}

json_t *json_diags(const diag_list *l, diag_severity sev)
{
	json_t *arr = json_array();
	json_diags_append(arr, l, sev);
	return arr;
}

json_t *json_trace(const trace_step *steps, size_t n)
{
	json_t *trace = json_array();
	for (size_t i = 0; i < n; i++) {
		const trace_step *t = &steps[i];
		json_t *s = json_object();
		json_object_set_new(s, "rule", json_string(t->rule));
		json_object_set_new(s, "value", json_string(t->value));
		json_object_set_new(s, "source", t->source ? json_string(t->source) : json_null());
		json_object_set_new(s, "label", t->label ? json_string(t->label) : json_null());
		if (t->quote)
			json_object_set_new(s, "quote", json_string(t->quote));
		json_array_append_new(trace, s);
	}
	return trace;
}

/* ---- jv ---------------------------------------------------------------- */

#define JV_MAX_DEPTH 256   /* jansson allows 2048; deeper inputs go to jansson */
#define JV_STACK 4096      /* pending children; more go to jansson */
#define JV_DUP_SCAN 64     /* members checked pairwise for duplicates; more go to jansson */

typedef struct jv_parser {
	const unsigned char *p, *end;
	arena *a;
	bool build;     /* false: jv_scan — validate, keep only the wanted strings */
	jv scratch;     /* jv_scan: the value just read (nothing is kept) */
	jv_scan_want *want;
	bool in_want_object; /* jv_scan: inside the top-level object member want->object */
	int depth;
	size_t top;
	jv *stack[JV_STACK];
	const char *keys[JV_STACK];
	size_t klen[JV_STACK];
} jv_parser;

enum { JV_OK = 0, JV_DEFER = 1, JV_NOMEM = -1 };

static void jv_ws(jv_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static int hex4(const unsigned char *p, const unsigned char *end)
{
	if (end - p < 4)
		return -1;
	int v = 0;
	for (int k = 0; k < 4; k++) {
		int h = hexval(p[k]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs, no
 * surrogates, at most U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (n == 0 || c > 0xF4 || (size_t)(end - p) < n)
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((p[k] & 0xC0) != 0x80)
			return 0;
	if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] > 0x9F) || (c == 0xF0 && p[1] < 0x90) ||
	    (c == 0xF4 && p[1] > 0x8F))
		return 0;
	return n;
}

/* String at ps->p (just past the opening quote) into the arena. */
static int jv_string(jv_parser *ps, const char **out, size_t *outlen)
{
	const unsigned char *s = ps->p, *q = s;
	/* the common case first: no escapes */
	while (q < ps->end && *q != '"' && *q != '\\' && *q >= 0x20) {
		if (*q < 0x80) {
			q++;
			continue;
		}
		size_t n = utf8_len(q, ps->end);
		if (n == 0)
			return JV_DEFER;
		q += n;
	}
	if (q >= ps->end || *q < 0x20)
		return JV_DEFER;
	if (*q == '"' && !ps->build) { /* jv_scan: the text in place, not NUL-terminated */
		*out = (const char *)s;
		*outlen = (size_t)(q - s);
		ps->p = q + 1;
		return JV_OK;
	}
	if (*q == '"') {
		char *d = arena_alloc(ps->a, (size_t)(q - s) + 1);
		if (d == NULL)
			return JV_NOMEM;
		memcpy(d, s, (size_t)(q - s));
		*out = d;
		*outlen = (size_t)(q - s);
		ps->p = q + 1;
		return JV_OK;
	}
	/* escapes: the decoded text is never longer than the source */
	const unsigned char *close = q;
	while (close < ps->end && *close != '"')
		close += *close == '\\' ? 2 : 1;
	if (close >= ps->end)
		return JV_DEFER;
	char *d = arena_alloc(ps->a, (size_t)(close - s) + 1);
	if (d == NULL)
		return JV_NOMEM;
	size_t n = (size_t)(q - s);
	memcpy(d, s, n);
	while (q < ps->end && *q != '"') {
		unsigned c = *q;
		if (c < 0x20)
			return JV_DEFER;
		if (c >= 0x80) {
			size_t k = utf8_len(q, ps->end);
			if (k == 0)
				return JV_DEFER;
			memcpy(d + n, q, k);
			n += k;
			q += k;
			continue;
		}
		if (c != '\\') {
			d[n++] = (char)c;
			q++;
			continue;
		}
		if (q + 1 >= ps->end)
			return JV_DEFER;
		c = q[1];
		q += 2;
		switch (c) {
		case '"': d[n++] = '"'; continue;
		case '\\': d[n++] = '\\'; continue;
		case '/': d[n++] = '/'; continue;
		case 'b': d[n++] = '\b'; continue;
		case 'f': d[n++] = '\f'; continue;
		case 'n': d[n++] = '\n'; continue;
		case 'r': d[n++] = '\r'; continue;
		case 't': d[n++] = '\t'; continue;
		case 'u': break;
		default: return JV_DEFER;
		}
		int cp = hex4(q, ps->end);
		if (cp <= 0) /* malformed, or \u0000 (jansson refuses NUL) */
			return JV_DEFER;
		q += 4;
		if (cp >= 0xDC00 && cp <= 0xDFFF)
			return JV_DEFER;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (ps->end - q < 6 || q[0] != '\\' || q[1] != 'u')
				return JV_DEFER;
			int lo = hex4(q + 2, ps->end);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return JV_DEFER;
			q += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
		/* the escape took 6 or 12 source bytes, its UTF-8 at most 4 */
		if (cp < 0x80) {
			d[n++] = (char)cp;
		} else if (cp < 0x800) {
			d[n++] = (char)(0xC0 | (cp >> 6));
			d[n++] = (char)(0x80 | (cp & 0x3F));
		} else if (cp < 0x10000) {
			d[n++] = (char)(0xE0 | (cp >> 12));
			d[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			d[n++] = (char)(0x80 | (cp & 0x3F));
		} else {
			d[n++] = (char)(0xF0 | (cp >> 18));
			d[n++] = (char)(0x80 | ((cp >> 12) & 0x3F));
			d[n++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			d[n++] = (char)(0x80 | (cp & 0x3F));
		}
	}
	if (q >= ps->end)
		return JV_DEFER;
	d[n] = '\0';
	*out = d;
	*outlen = n;
	ps->p = q + 1;
	return JV_OK;
}

static bool jv_delim(const jv_parser *ps)
{
	if (ps->p >= ps->end)
		return true;
	unsigned c = *ps->p;
	return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static int jv_number(jv_parser *ps, jv *v)
{
	const unsigned char *s = ps->p, *q = s;
	if (q < ps->end && *q == '-')
		q++;
	if (q >= ps->end || *q < '0' || *q > '9')
		return JV_DEFER;
	if (*q == '0' && q + 1 < ps->end && q[1] >= '0' && q[1] <= '9')
		return JV_DEFER;
	const unsigned char *digits = q;
	while (q < ps->end && *q >= '0' && *q <= '9')
		q++;
	bool real = false;
	if (q < ps->end && *q == '.') {
		real = true;
		q++;
		if (q >= ps->end || *q < '0' || *q > '9')
			return JV_DEFER;
		while (q < ps->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < ps->end && (*q == 'e' || *q == 'E')) {
		real = true;
		q++;
		if (q < ps->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= ps->end || *q < '0' || *q > '9')
			return JV_DEFER;
		while (q < ps->end && *q >= '0' && *q <= '9')
			q++;
	}
	ps->p = q;
	if (!jv_delim(ps))
		return JV_DEFER;
	if (!real) {
		if (q - digits > 18) /* beyond 18 digits jansson decides (int64 range) */
			return JV_DEFER;
		int64_t i = 0;
		for (const unsigned char *k = digits; k < q; k++)
			i = i * 10 + (*k - '0');
		v->t = JV_INT;
		v->u.i = *s == '-' ? -i : i;
		return JV_OK;
	}
	char buf[64];
	if (q - s >= (ptrdiff_t)sizeof buf)
		return JV_DEFER;
	memcpy(buf, s, (size_t)(q - s));
	buf[q - s] = '\0';
	errno = 0;
	double d = strtod(buf, NULL);
	if (errno == ERANGE || isinf(d)) /* jansson: overflow is an error, underflow not; let it decide */
		return JV_DEFER;
	v->t = JV_REAL;
	v->u.d = d;
	return JV_OK;
}

static bool key_is(const char *key, size_t klen, const char *name)
{
	return strlen(name) == klen && memcmp(key, name, klen) == 0;
}

/* jv_scan: keeps string member key → v when it is one of the wanted ones (a copy in
 * the arena, NUL-terminated). */
static int jv_scan_take(jv_parser *ps, const char *key, size_t klen, const jv *v)
{
	jv_scan_want *w = ps->want;
	bool top = ps->depth == 1 && !ps->in_want_object, inner = ps->depth == 2 && ps->in_want_object;
	if (!top && !inner)
		return JV_OK;
	for (size_t i = 0; i < JV_SCAN_KEYS && w->keys[i]; i++) {
		if ((w->in_object[i] ? !inner : !top) || !key_is(key, klen, w->keys[i]))
			continue;
		w->values[i] = arena_strndup(ps->a, v->u.s, v->n);
		return w->values[i] ? JV_OK : JV_NOMEM;
	}
	return JV_OK;
}

static int jv_value(jv_parser *ps, jv **out);

static int jv_container(jv_parser *ps, jv *v, bool object)
{
	if (++ps->depth > JV_MAX_DEPTH)
		return JV_DEFER;
	size_t base = ps->top;
	unsigned char close = object ? '}' : ']';
	ps->p++; /* the opening bracket */
	jv_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
	} else {
		for (;;) {
			if (ps->top >= JV_STACK)
				return JV_DEFER;
			const char *key = NULL;
			size_t kl = 0; /* kept here: the value's own members use the stack slots from ps->top on */
			if (object) {
				if (ps->p >= ps->end || *ps->p != '"')
					return JV_DEFER;
				ps->p++;
				int rc = jv_string(ps, &key, &kl);
				if (rc != JV_OK)
					return rc;
				jv_ws(ps);
				if (ps->p >= ps->end || *ps->p != ':')
					return JV_DEFER;
				ps->p++;
				jv_ws(ps);
			}
			jv *child;
			bool outer = ps->in_want_object;
			if (!ps->build && object && ps->depth == 1 && ps->want->object && key_is(key, kl, ps->want->object))
				ps->in_want_object = true;
			int rc = jv_value(ps, &child);
			ps->in_want_object = outer;
			if (rc != JV_OK)
				return rc;
			if (!ps->build && object && child->t == JV_STRING && (rc = jv_scan_take(ps, key, kl, child)) != JV_OK)
				return rc;
			ps->keys[ps->top] = key;
			ps->klen[ps->top] = kl;
			ps->stack[ps->top++] = child;
			jv_ws(ps);
			if (ps->p >= ps->end)
				return JV_DEFER;
			if (*ps->p == ',') {
				ps->p++;
				jv_ws(ps);
				continue;
			}
			if (*ps->p != close)
				return JV_DEFER;
			ps->p++;
			break;
		}
	}
	size_t n = ps->top - base;
	v->n = n;
	if (object) {
		v->t = JV_OBJECT;
		if (n > JV_DUP_SCAN)
			return JV_DEFER;
		for (size_t i = base; i < ps->top; i++)
			for (size_t j = base; j < i; j++)
				if (ps->klen[i] == ps->klen[j] && memcmp(ps->keys[i], ps->keys[j], ps->klen[i]) == 0)
					return JV_DEFER; /* duplicate: jansson words the error */
		if (!ps->build) {
			ps->top = base;
			ps->depth--;
			return JV_OK;
		}
		v->u.members = arena_alloc(ps->a, (n ? n : 1) * sizeof(jv_member));
		if (v->u.members == NULL)
			return JV_NOMEM;
		for (size_t i = 0; i < n; i++)
			v->u.members[i] = (jv_member){ ps->keys[base + i], ps->stack[base + i] };
	} else if (!ps->build) {
		v->t = JV_ARRAY;
	} else {
		v->t = JV_ARRAY;
		v->u.items = arena_alloc(ps->a, (n ? n : 1) * sizeof(jv *));
		if (v->u.items == NULL)
			return JV_NOMEM;
		memcpy(v->u.items, ps->stack + base, n * sizeof(jv *));
	}
	ps->top = base;
	ps->depth--;
	return JV_OK;
}

static bool jv_literal(jv_parser *ps, const char *word, size_t n)
{
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return false;
	ps->p += n;
	return jv_delim(ps);
}

static int jv_value(jv_parser *ps, jv **out)
{
	if (ps->p >= ps->end)
		return JV_DEFER;
	jv *v = ps->build ? arena_alloc(ps->a, sizeof *v) : &ps->scratch;
	if (v == NULL)
		return JV_NOMEM;
	*out = v;
	switch (*ps->p) {
	case '{': return jv_container(ps, v, true);
	case '[': return jv_container(ps, v, false);
	case '"': {
		ps->p++;
		v->t = JV_STRING;
		/* no NUL inside: raw controls and \u0000 are deferred */
		return jv_string(ps, &v->u.s, &v->n);
	}
	case 't': v->t = JV_TRUE; return jv_literal(ps, "true", 4) ? JV_OK : JV_DEFER;
	case 'f': v->t = JV_FALSE; return jv_literal(ps, "false", 5) ? JV_OK : JV_DEFER;
	case 'n': v->t = JV_NULL; return jv_literal(ps, "null", 4) ? JV_OK : JV_DEFER;
	default: return jv_number(ps, v);
	}
}

/* The parser's state is ~100 KiB (the pending children): too much for a thread's
 * stack frame, and made once per thread rather than per document. */
static _Thread_local jv_parser *thread_parser;
static pthread_key_t parser_key; /* frees a thread's parser when the thread ends */
static pthread_once_t parser_once = PTHREAD_ONCE_INIT;

static void parser_free(void *p) { free(p); }
static void parser_key_make(void) { (void)pthread_key_create(&parser_key, parser_free); }

static jv_parser *parser_get(void)
{
	if (thread_parser == NULL) {
		pthread_once(&parser_once, parser_key_make);
		jv_parser *ps = malloc(sizeof *ps);
		if (ps == NULL)
			return NULL;
		(void)pthread_setspecific(parser_key, ps);
		thread_parser = ps;
	}
	return thread_parser;
}

static int jv_run(const char *text, size_t len, arena *a, jv **out, jv_scan_want *want)
{
	jv_parser *ps = parser_get();
	if (ps == NULL)
		return JV_NOMEM;
	jv *ignored;
	if (out == NULL)
		out = &ignored;
	ps->p = (const unsigned char *)text;
	ps->end = ps->p + len;
	ps->a = a;
	ps->build = want == NULL;
	ps->want = want;
	ps->in_want_object = false;
	ps->depth = 0;
	ps->top = 0;
	jv_ws(ps);
	int rc = JV_DEFER;
	/* jansson without JSON_DECODE_ANY takes only an object or an array at the top */
	if (ps->p < ps->end && (*ps->p == '{' || *ps->p == '['))
		rc = jv_value(ps, out);
	if (rc == JV_OK) {
		jv_ws(ps);
		if (ps->p != ps->end)
			rc = JV_DEFER;
	}
	return rc;
}

int jv_parse(const char *text, size_t len, arena *a, jv **out) { return jv_run(text, len, a, out, NULL); }

int jv_scan(const char *text, size_t len, arena *a, jv_scan_want *want)
{
	for (size_t i = 0; i < JV_SCAN_KEYS; i++)
		want->values[i] = NULL;
	return jv_run(text, len, a, NULL, want);
}

jv *jv_from_json(const json_t *v, arena *a)
{
	jv *o = arena_alloc(a, sizeof *o);
	if (o == NULL)
		return NULL;
	switch (json_typeof(v)) {
	case JSON_NULL: o->t = JV_NULL; break;
	case JSON_TRUE: o->t = JV_TRUE; break;
	case JSON_FALSE: o->t = JV_FALSE; break;
	case JSON_INTEGER:
		o->t = JV_INT;
		o->u.i = json_integer_value(v);
		break;
	case JSON_REAL:
		o->t = JV_REAL;
		o->u.d = json_real_value(v);
		break;
	case JSON_STRING:
		/* a value with a NUL inside (JSON_ALLOW_NUL) reads up to the NUL, as
		 * json_string_value() users always have */
		o->t = JV_STRING;
		o->u.s = arena_strdup(a, json_string_value(v));
		if (o->u.s == NULL)
			return NULL;
		o->n = strlen(o->u.s);
		break;
	case JSON_ARRAY: {
		o->t = JV_ARRAY;
		o->n = json_array_size(v);
		o->u.items = arena_alloc(a, (o->n ? o->n : 1) * sizeof(jv *));
		if (o->u.items == NULL)
			return NULL;
		for (size_t i = 0; i < o->n; i++)
			if ((o->u.items[i] = jv_from_json(json_array_get(v, i), a)) == NULL)
				return NULL;
		break;
	}
	case JSON_OBJECT: {
		o->t = JV_OBJECT;
		o->n = json_object_size(v);
		o->u.members = arena_alloc(a, (o->n ? o->n : 1) * sizeof(jv_member));
		if (o->u.members == NULL)
			return NULL;
		size_t i = 0;
		const char *key;
		json_t *m;
		json_object_foreach((json_t *)v, key, m)
		{
			if (i == o->n)
				break;
			o->u.members[i].key = arena_strdup(a, key);
			o->u.members[i].val = jv_from_json(m, a);
			if (o->u.members[i].key == NULL || o->u.members[i].val == NULL)
				return NULL;
			i++;
		}
		o->n = i;
		break;
	}
	}
	return o;
}

jv *jv_get(const jv *o, const char *key)
{
	if (o->t != JV_OBJECT)
		return NULL;
	for (size_t i = 0; i < o->n; i++)
		if (o->u.members[i].key[0] == key[0] && strcmp(o->u.members[i].key, key) == 0)
			return o->u.members[i].val;
	return NULL;
}

const char *jv_kind_label(const jv *v)
{
	switch (v->t) {
	case JV_OBJECT: return "オブジェクト";
	case JV_ARRAY: return "配列";
	case JV_STRING: return "文字列";
	case JV_INT: return "整数";
	case JV_REAL: return "小数";
	case JV_TRUE:
	case JV_FALSE: return "真偽値";
	case JV_NULL: return "null";
	}
	return "?";
}

void jv_dec_only_keys(json_dec *x, const jv *obj, const char *path, const char *const *allowed)
{
	for (size_t i = 0; i < obj->n; i++) {
		const char *key = obj->u.members[i].key;
		bool ok = false;
		for (const char *const *k = allowed; *k && !ok; k++)
			ok = (*k)[0] == key[0] && strcmp(*k, key) == 0;
		if (!ok)
			diag_add(x->d, DIAG_ERROR, "UNKNOWN_KEY", json_dec_sub(x, path, key),
				 "未知の項目「%s」です（綴りを確認してください。未知の項目は受け付けません）", key);
	}
}

void jv_dec_type_error(json_dec *x, const char *path, const char *want, const jv *got)
{
	diag_add(x->d, DIAG_ERROR, "TYPE_MISMATCH", path, "%sであるべきところが%sです", want, jv_kind_label(got));
}
