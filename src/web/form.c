/* form.c — see form.h. */
#include "form.h"

#include <stdlib.h>
#include <string.h>

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool valid_utf8(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s;
		size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		if (k == 0 || (k == 2 && c < 0xC2))
			return false;
		for (size_t j = 1; j < k; j++)
			if ((s[j] & 0xC0) != 0x80)
				return false;
		s += k;
	}
	return true;
}

/* Percent-decodes s[0..n) into arena memory ('+' is a space). NULL when the
 * result would hold a NUL byte (%00) or memory ran out. */
static char *decode(const char *s, size_t n, arena *a)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return strlen(out) == o ? out : NULL;
}

int form_parse(const char *body, size_t len, arena *a, form_pair **out)
{
	size_t cap = 16, n = 0;
	form_pair *pairs = arena_alloc(a, cap * sizeof *pairs);
	if (pairs == NULL)
		return -1;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && body[j] != '&')
			j++;
		if (j > i) {
			const char *eq = memchr(body + i, '=', j - i);
			size_t nl = eq ? (size_t)(eq - (body + i)) : j - i;
			char *name = decode(body + i, nl, a);
			char *value = eq ? decode(eq + 1, (size_t)(body + j - (eq + 1)), a) : arena_strdup(a, "");
			if (name == NULL || value == NULL || !valid_utf8((const unsigned char *)name) ||
			    !valid_utf8((const unsigned char *)value))
				return -1;
			if (n == cap) {
				cap *= 2;
				form_pair *g = arena_grow(a, pairs, n, cap, sizeof *g);
				if (g == NULL)
					return -1;
				pairs = g;
			}
			pairs[n++] = (form_pair){ name, value };
		}
		i = j + 1;
	}
	*out = pairs;
	return (int)n;
}

/* Keys whose values are numbers, booleans, or kept as text. */
static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static json_t *typed(const char *path, const char *value)
{
	if (ends_with(path, "fiscal_year")) {
		char *end;
		long long v = strtoll(value, &end, 10);
		return *end == '\0' ? json_integer(v) : json_string(value); /* the engine reports a type error */
	}
	if (ends_with(path, ".value")) {
		char *end;
		double v = strtod(value, &end);
		return *end == '\0' ? json_real(v) : json_string(value);
	}
	if (ends_with(path, ".eligible") || ends_with(path, "external_evaluation") || strncmp(path, "declarations.", 13) == 0)
		return json_boolean(strcmp(value, "1") == 0 || strcmp(value, "true") == 0 || strcmp(value, "on") == 0);
	return json_string(value);
}

/* Walks/creates containers along path and sets the leaf. Path grammar: key(.key|[n])*
 * A path that runs into a value which is not a container (say "fields[0].a" after
 * "fields" was sent as a list of strings) is dropped: jansson refuses to add a child
 * to a string and frees the child, so every step checks that it really holds an
 * object (or array) before going on. */
static void set_path(json_t *root, const char *path, json_t *leaf)
{
	json_t *cur = root;
	const char *p = path;
	char key[128];
	while (*p) {
		if (!json_is_object(cur))
			goto drop;
		size_t kl = strcspn(p, ".[");
		if (kl == 0 || kl >= sizeof key)
			goto drop;
		memcpy(key, p, kl);
		key[kl] = '\0';
		p += kl;
		json_t *next = json_object_get(cur, key);
		if (*p == '\0') {
			json_object_set(cur, key, leaf);
			goto drop;
		}
		if (*p == '.') {
			if (next == NULL) {
				next = json_object();
				if (json_object_set_new(cur, key, next) != 0)
					goto drop;
			} else if (!json_is_object(next)) {
				goto drop; /* a text field cannot also be a group */
			}
			cur = next;
			p++;
			continue;
		}
		/* [n] (possibly several levels) */
		if (next == NULL) {
			next = json_array();
			if (json_object_set_new(cur, key, next) != 0)
				goto drop;
		} else if (!json_is_array(next)) {
			goto drop;
		}
		char *end;
		long idx = strtol(p + 1, &end, 10);
		if (!(p[1] >= '0' && p[1] <= '9') || *end != ']' || idx < 0 || idx > 200)
			goto drop;
		p = end + 1;
		while ((long)json_array_size(next) <= idx)
			if (json_array_append_new(next, json_object()) != 0)
				goto drop;
		cur = json_array_get(next, (size_t)idx);
		if (*p == '.')
			p++;
		else
			goto drop; /* a bare array element has no leaf name; "[0][1]" is not a field name */
	}
drop:
	json_decref(leaf);
}

/* Removes empty objects from arrays and empty arrays/objects from objects. */
static bool prune(json_t *v)
{
	if (json_is_object(v)) {
		const char *k;
		json_t *c;
		void *tmp;
		json_object_foreach_safe(v, tmp, k, c)
		if (prune(c))
			json_object_del(v, k);
		return json_object_size(v) == 0;
	}
	if (json_is_array(v)) {
		for (size_t i = json_array_size(v); i-- > 0;)
			if (json_is_object(json_array_get(v, i)) && prune(json_array_get(v, i)))
				json_array_remove(v, i);
		return false; /* an empty list stays: "services": [] means "none" */
	}
	return false;
}

json_t *form_to_application(const form_pair *pairs, size_t n)
{
	json_t *root = json_object();
	/* the declarations are checkboxes: unticked ones are not sent, so they are false */
	static const char *const decl[] = { "primary_purpose_staff_efficiency", "demonstration_only", "multi_year_build",
					    "one_off_event", "ict_purchase_subsidy_without_service",
					    "smartphone_class_or_staffing", "wifi_or_devices_primary" };
	json_t *d = json_object();
	for (size_t i = 0; i < sizeof decl / sizeof decl[0]; i++)
		json_object_set_new(d, decl[i], json_false());
	json_object_set_new(root, "declarations", d);
	for (size_t i = 0; i < n; i++) {
		const char *name = pairs[i].name, *value = pairs[i].value;
		if (strcmp(name, "csrf") == 0 || strncmp(name, "_", 1) == 0 || value[0] == '\0')
			continue;
		if (strcmp(name, "fields") == 0) {
			json_t *f = json_object_get(root, "fields");
			if (!json_is_array(f)) {
				f = json_array();
				json_object_set_new(root, "fields", f);
			}
			json_array_append_new(f, json_string(value));
			continue;
		}
		if (strcmp(name, "mynumber_card.new_uses") == 0 || strcmp(name, "data_platform.services_linked") == 0) {
			/* one per line */
			json_t *arr = json_array();
			char *copy = strdup(value);
			for (char *save = NULL, *t = strtok_r(copy, "\r\n", &save); t; t = strtok_r(NULL, "\r\n", &save))
				if (*t)
					json_array_append_new(arr, json_string(t));
			free(copy);
			set_path(root, name, arr);
			continue;
		}
		set_path(root, name, typed(name, value));
	}
	prune(root);
	json_object_set_new(root, "format", json_string("digiden/application/1"));
	/* lists the engine requires even when empty */
	if (!json_object_get(root, "services"))
		json_object_set_new(root, "services", json_array());
	/* eligible defaults to false for a cost item whose box is unticked */
	json_t *svcs = json_object_get(root, "services");
	size_t si;
	json_t *sv;
	json_array_foreach(svcs, si, sv)
	{
		size_t ci;
		json_t *item;
		json_array_foreach(json_object_get(sv, "cost_items"), ci, item)
		if (!json_object_get(item, "eligible"))
			json_object_set_new(item, "eligible", json_false());
		if (!json_object_get(sv, "cost_items"))
			json_object_set_new(sv, "cost_items", json_array());
	}
	if (json_is_object(json_object_get(root, "pdca")) && !json_object_get(json_object_get(root, "pdca"), "external_evaluation"))
		json_object_set_new(json_object_get(root, "pdca"), "external_evaluation", json_false());
	return root;
}

json_t *json_path_get(json_t *root, const char *path)
{
	json_t *cur = root;
	const char *p = path;
	char key[128];
	while (cur && *p) {
		size_t kl = strcspn(p, ".[");
		if (kl >= sizeof key)
			return NULL;
		memcpy(key, p, kl);
		key[kl] = '\0';
		p += kl;
		if (kl > 0)
			cur = json_object_get(cur, key);
		if (*p == '.') {
			p++;
		} else if (*p == '[') {
			char *end;
			long idx = strtol(p + 1, &end, 10);
			if (*end != ']')
				return NULL;
			cur = json_array_get(cur, (size_t)idx);
			p = end + 1;
			if (*p == '.')
				p++;
		}
	}
	return cur;
}
