/* org_master.c — organization master loader; see org_master.h. */
#include "org_master.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_org(const void *a, const void *b)
{
	return strcmp(((const organization *)a)->code, ((const organization *)b)->code);
}

int org_master_load_text(org_master *m, const char *text, size_t len, const char *label, arena *a, char *err,
			 size_t errlen)
{
	size_t rows = 0;
	for (size_t i = 0; i < len; i++)
		rows += text[i] == '\n';
	organization *items = arena_grow(a, m->items, m->len, m->len + rows + 1, sizeof(organization));
	if (items == NULL) {
		snprintf(err, errlen, "%s: メモリが足りません", label);
		return -1;
	}
	size_t n = m->len, lineno = 0;
	bool header = false;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		lineno++;
		char *line = arena_strndup(a, p, (size_t)(le - p));
		p = nl ? nl + 1 : end;
		if (line == NULL) {
			snprintf(err, errlen, "%s: メモリが足りません", label);
			return -1;
		}
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (ll == 0 || line[0] == '#')
			continue;
		if (!header) {
			if (strcmp(line, "code\tkind\tprefecture_code\tname\tkana\tparent_code\tapplicant") != 0) {
				snprintf(err, errlen, "%s:%zu: 見出し行が違います（code kind prefecture_code name kana parent_code applicant）",
					 label, lineno);
				return -1;
			}
			header = true;
			continue;
		}
		char *col[7];
		int nc = 0;
		for (char *s = line; nc < 7;) {
			col[nc++] = s;
			char *t = strchr(s, '\t');
			if (t == NULL)
				break;
			*t = '\0';
			s = t + 1;
		}
		if (nc != 7) {
			snprintf(err, errlen, "%s:%zu: 列が7つではありません（%d列）", label, lineno, nc);
			return -1;
		}
		organization *o = &items[n];
		memset(o, 0, sizeof *o);
		if (orgcode_validate(col[0]) != ORGCODE_OK) {
			snprintf(err, errlen, "%s:%zu: 団体コード「%s」が不正です（6桁・検査数字）", label, lineno, col[0]);
			return -1;
		}
		memcpy(o->code, col[0], 7);
		if (!org_kind_from_id(col[1], &o->kind)) {
			snprintf(err, errlen, "%s:%zu: 種別「%s」は未知です", label, lineno, col[1]);
			return -1;
		}
		if (strlen(col[2]) != 2 || strncmp(col[2], col[0], 2) != 0) {
			snprintf(err, errlen, "%s:%zu: prefecture_code「%s」がコードの先頭2桁と一致しません", label, lineno,
				 col[2]);
			return -1;
		}
		o->prefecture = (col[0][0] - '0') * 10 + (col[0][1] - '0');
		o->name = col[3];
		o->kana = col[4];
		if (col[3][0] == '\0') {
			snprintf(err, errlen, "%s:%zu: 名称が空です", label, lineno);
			return -1;
		}
		if (col[5][0] != '\0') {
			if (orgcode_validate(col[5]) != ORGCODE_OK) {
				snprintf(err, errlen, "%s:%zu: parent_code「%s」が不正です", label, lineno, col[5]);
				return -1;
			}
			memcpy(o->parent_code, col[5], 7);
		}
		if (strcmp(col[6], "1") != 0 && strcmp(col[6], "0") != 0) {
			snprintf(err, errlen, "%s:%zu: applicant は 1 か 0 です", label, lineno);
			return -1;
		}
		o->applicant = col[6][0] == '1';
		n++;
	}
	if (!header) {
		snprintf(err, errlen, "%s: 見出し行がありません", label);
		return -1;
	}
	qsort(items, n, sizeof *items, cmp_org);
	for (size_t i = 1; i < n; i++)
		if (strcmp(items[i - 1].code, items[i].code) == 0) {
			snprintf(err, errlen, "%s: 団体コード %s が重複しています", label, items[i].code);
			return -1;
		}
	m->items = items;
	m->len = n;
	return 0;
}
