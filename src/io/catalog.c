/* catalog.c — loading the デジタル実装タイプ rule sets and the organization master
 * (catalog_load); the shipped catalogue is in catalog_all.c. See catalog.h. */
#include "catalog.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_rules.h"
#include "org_master.h"
#include "readfile.h"

static int add_rule_set(catalog *c, const char *text, size_t len, const char *label, char *err, size_t errlen)
{
	rule_set *rs = arena_alloc(&c->arena, sizeof *rs);
	if (rs == NULL || json_rules_load_text(text, len, label, &c->arena, rs, err, errlen) != 0) {
		if (rs == NULL)
			snprintf(err, errlen, "%s: メモリが足りません", label);
		return -1;
	}
	if (rules_find(&c->rules, rs->id) != NULL) {
		snprintf(err, errlen, "%s: 募集回 %s が重複しています", label, rs->id);
		return -1;
	}
	rule_set **n = arena_grow(&c->arena, c->rules.sets, c->rules.len, c->rules.len + 1, sizeof *n);
	if (n == NULL)
		return -1;
	n[c->rules.len++] = rs;
	c->rules.sets = n;
	return 0;
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Loads DIR/<program>/<round>.json in name order. */
static int load_rules_dir(catalog *c, const char *dir, char *err, size_t errlen)
{
	DIR *top = opendir(dir);
	if (top == NULL) {
		snprintf(err, errlen, "%s: ルールセットのディレクトリを開けません", dir);
		return -1;
	}
	char *paths[512];
	size_t np = 0;
	struct dirent *e;
	while ((e = readdir(top)) != NULL && np < 512) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = arena_printf(&c->arena, "%s/%s", dir, e->d_name);
		DIR *d = opendir(sub);
		if (d == NULL)
			continue;
		struct dirent *f;
		while ((f = readdir(d)) != NULL && np < 512) {
			size_t l = strlen(f->d_name);
			if (l > 5 && strcmp(f->d_name + l - 5, ".json") == 0 && strcmp(e->d_name, "digital-implementation") == 0)
				paths[np++] = arena_printf(&c->arena, "%s/%s", sub, f->d_name);
		}
		closedir(d);
	}
	closedir(top);
	qsort(paths, np, sizeof paths[0], cmp_name);
	for (size_t i = 0; i < np; i++) {
		char *text;
		size_t len;
		if (readfile(paths[i], READFILE_MAX_BYTES, &text, &len, err, errlen) != 0)
			return -1;
		int rc = add_rule_set(c, text, len, paths[i], err, errlen);
		free(text);
		if (rc != 0)
			return -1;
	}
	if (np == 0) {
		snprintf(err, errlen, "%s: ルールセット（<program>/<round>.json）がありません", dir);
		return -1;
	}
	return 0;
}

int catalog_load(catalog *c, const char *rules_dir, const char *extra_orgs, char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	arena_init(&c->arena);
	for (const embedded_file *f = embedded_files; f->name; f++) {
		if (strcmp(f->name, "data/organizations.tsv") == 0) {
			if (org_master_load_text(&c->orgs, f->data, f->len, f->name, &c->arena, err, errlen) != 0)
				return -1;
		} else if (rules_dir == NULL && strncmp(f->name, "rules/", 6) == 0 && embedded_has_format(f, RULES_FORMAT)) {
			if (add_rule_set(c, f->data, f->len, f->name, err, errlen) != 0)
				return -1;
		}
	}
	if (rules_dir != NULL && load_rules_dir(c, rules_dir, err, errlen) != 0)
		return -1;
	if (extra_orgs != NULL) {
		char *text;
		size_t len;
		if (readfile(extra_orgs, READFILE_MAX_BYTES, &text, &len, err, errlen) != 0)
			return -1;
		char *copy = arena_strndup(&c->arena, text, len);
		free(text);
		if (copy == NULL || org_master_load_text(&c->orgs, copy, len, extra_orgs, &c->arena, err, errlen) != 0)
			return -1;
	}
	return 0;
}

void catalog_free(catalog *c) { arena_free(&c->arena); }
