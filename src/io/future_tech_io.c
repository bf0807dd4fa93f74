/* future_tech_io.c — selections (CSV/JSON) reader and report encoder; see future_tech_io.h. */
#include "future_tech_io.h"

#include "json_decode.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csv.h"

enum col {
	COL_CODE,
	COL_ORG,
	COL_TITLE,
	COL_FIRST,
	COL_FILED,
	COL_DECISION,
	COL_DECIDED_ON,
	COL_SOURCE,
	COL_NOTE,
	COL__MAX
};

static const char *const col_names[COL__MAX] = {
	"organization_code",          "organization",          "title",
	"first_selected_fiscal_year", "continuation_filed_fiscal_year", "continuation_decision",
	"decided_on",                 "source",                "note",
};

/* Accumulates problems, one per line, into err. */
typedef struct problems {
	char *err;
	size_t errlen, used;
	size_t count;
	const char *label;
} problems;

__attribute__((format(printf, 3, 4))) static void problem(problems *p, const char *where, const char *fmt, ...)
{
	p->count++;
	if (p->used + 1 >= p->errlen)
		return;
	int k = snprintf(p->err + p->used, p->errlen - p->used, "%s%s%s: ", p->used ? "\n" : "", p->label, where);
	if (k < 0 || (size_t)k >= p->errlen - p->used) {
		p->used = p->errlen - 1;
		return;
	}
	p->used += (size_t)k;
	va_list ap;
	va_start(ap, fmt);
	k = vsnprintf(p->err + p->used, p->errlen - p->used, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= p->errlen - p->used)
		p->used = p->errlen - 1;
	else
		p->used += (size_t)k;
}

static bool blank(const char *s) { return s == NULL || s[0] == '\0'; }

/* Sets one field of s from its text; where is the prefix for messages ("label:5: "). */
static void set_field(problems *pr, const org_master *m, arena *a, ft_selection *s, enum col c, const char *text,
		      const char *where)
{
	const char *w = arena_printf(a, "%s%s", where, col_names[c]);
	if (blank(text))
		return;
	switch (c) {
	case COL_CODE:
		if (orgcode_validate(text) != ORGCODE_OK)
			problem(pr, w, "団体コード「%s」が正しくありません（6桁の全国地方公共団体コード、検査数字つき）", text);
		else if (org_find(m, text) == NULL)
			problem(pr, w, "団体コード「%s」は団体マスタにありません", text);
		else
			s->org_code = arena_strdup(a, text);
		break;
	case COL_ORG: s->org_name = arena_strdup(a, text); break;
	case COL_TITLE: s->title = arena_strdup(a, text); break;
	case COL_FIRST:
	case COL_FILED: {
		int fy;
		if (!wareki_parse_fiscal_year(text, &fy) || fy < 1989 || fy > 2100) {
			problem(pr, w, "「%s」は年度として読めません（例: 2019、令和元年度、R1、H30）", text);
			break;
		}
		if (c == COL_FIRST)
			s->first_fiscal_year = fy;
		else {
			s->filed = true;
			s->filed_fiscal_year = fy;
		}
		break;
	}
	case COL_DECISION:
		if (!ft_decision_parse(text, &s->decision))
			problem(pr, w, "「%s」は継続の判断として読めません（approved/承認、rejected/不承認、pending/審査中、空欄）", text);
		break;
	case COL_DECIDED_ON:
		if (!date_parse_iso(text, &s->decided_on))
			problem(pr, w, "「%s」は日付（YYYY-MM-DD）として読めません", text);
		else
			s->has_decided_on = true;
		break;
	case COL_SOURCE: s->source = arena_strdup(a, text); break;
	case COL_NOTE: s->note = arena_strdup(a, text); break;
	case COL__MAX: break;
	}
}

/* Checks that don't belong to one field. */
static void finish_record(problems *pr, const org_master *m, ft_selection *s, const char *where, bool had_first,
			  arena *a)
{
	if (!had_first)
		problem(pr, arena_printf(a, "%s%s", where, col_names[COL_FIRST]), "初めて選定された年度がありません");
	if (blank(s->org_name) && blank(s->org_code))
		problem(pr, arena_printf(a, "%s%s", where, col_names[COL_ORG]), "団体名（organization）または団体コードが必要です");
	if (s->org_code != NULL) {
		const organization *o = org_find(m, s->org_code);
		if (o != NULL && blank(s->org_name))
			s->org_name = o->name;
		else if (o != NULL && strstr(s->org_name, o->name) == NULL)
			problem(pr, arena_printf(a, "%s%s", where, col_names[COL_ORG]),
				"団体名「%s」が団体コード %s（%s）と合いません", s->org_name, s->org_code, o->name);
	}
}

static int load_csv(const char *text, size_t len, problems *pr, const org_master *m, arena *a, ft_selection **out,
		    size_t *n)
{
	csv_file f;
	char err[512];
	if (csv_parse(text, len, CSV_ENC_AUTO, a, &f, err, sizeof err) != 0) {
		problem(pr, ":", "%s", err);
		return -1;
	}
	/* skip blank lines before the header */
	size_t r0 = 0;
	while (r0 < f.n_records && f.records[r0].n_fields == 1 && f.records[r0].fields[0][0] == '\0')
		r0++;
	if (r0 == f.n_records) {
		problem(pr, "", "ファイルが空です（見出し行が必要です）");
		return -1;
	}
	const csv_record *h = &f.records[r0];
	int map[64];
	bool seen[COL__MAX] = { false };
	if (h->n_fields > 64) {
		problem(pr, arena_printf(a, ":%zu", h->line), "列が多すぎます");
		return -1;
	}
	for (size_t i = 0; i < h->n_fields; i++) {
		map[i] = -1;
		for (int c = 0; c < COL__MAX; c++)
			if (strcmp(h->fields[i], col_names[c]) == 0)
				map[i] = c;
		if (map[i] < 0)
			problem(pr, arena_printf(a, ":%zu", h->line), "見出し「%s」は未知の列です（使える列: organization_code, organization, title, first_selected_fiscal_year, continuation_filed_fiscal_year, continuation_decision, decided_on, source, note）",
				h->fields[i]);
		else if (seen[map[i]])
			problem(pr, arena_printf(a, ":%zu", h->line), "見出し「%s」が重複しています", h->fields[i]);
		else
			seen[map[i]] = true;
	}
	if (!seen[COL_FIRST])
		problem(pr, arena_printf(a, ":%zu", h->line), "見出しに first_selected_fiscal_year がありません");
	if (!seen[COL_ORG] && !seen[COL_CODE])
		problem(pr, arena_printf(a, ":%zu", h->line), "見出しに organization または organization_code がありません");
	if (pr->count)
		return -1;
	*out = arena_alloc(a, (f.n_records + 1) * sizeof **out);
	if (*out == NULL) {
		problem(pr, "", "メモリが足りません");
		return -1;
	}
	for (size_t r = r0 + 1; r < f.n_records; r++) {
		const csv_record *rec = &f.records[r];
		if (rec->n_fields == 1 && rec->fields[0][0] == '\0')
			continue; /* blank line */
		const char *where = arena_printf(a, ":%zu: ", rec->line);
		if (rec->n_fields != h->n_fields) {
			problem(pr, arena_printf(a, ":%zu", rec->line), "列の数が見出し（%zu列）と違います（%zu列）", h->n_fields,
				rec->n_fields);
			continue;
		}
		ft_selection *s = &(*out)[(*n)++];
		memset(s, 0, sizeof *s);
		s->where = arena_printf(a, "%zu:", rec->line);
		bool had_first = false;
		for (size_t i = 0; i < rec->n_fields; i++) {
			set_field(pr, m, a, s, (enum col)map[i], rec->fields[i], where);
			if (map[i] == COL_FIRST && !blank(rec->fields[i]))
				had_first = true;
		}
		finish_record(pr, m, s, where, had_first, a);
	}
	return pr->count ? -1 : 0;
}

static int load_json(const char *text, size_t len, problems *pr, const org_master *m, arena *a, ft_selection **out,
		     size_t *n)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		problem(pr, arena_printf(a, ": %d行 %d列", je.line, je.column), "JSONとして読めません（%s）", je.text);
		return -1;
	}
	int rc = -1;
	if (!json_is_object(root)) {
		problem(pr, ": (root)", "JSONオブジェクト {\"format\": \"%s\", \"selections\": [...]} であるべきです",
			FUTURE_TECH_SELECTIONS_FORMAT);
		goto out;
	}
	const char *key;
	json_t *v;
	json_object_foreach(root, key, v)
	if (strcmp(key, "format") != 0 && strcmp(key, "selections") != 0)
		problem(pr, arena_printf(a, ": %s", key), "未知の項目です");
	json_t *fmt = json_object_get(root, "format");
	if (!json_is_string(fmt) || strcmp(json_string_value(fmt), FUTURE_TECH_SELECTIONS_FORMAT) != 0)
		problem(pr, ": format", "形式は \"%s\" であるべきです", FUTURE_TECH_SELECTIONS_FORMAT);
	json_t *arr = json_object_get(root, "selections");
	if (!json_is_array(arr)) {
		problem(pr, ": selections", "選定の配列が必要です");
		goto out;
	}
	*out = arena_alloc(a, (json_array_size(arr) + 1) * sizeof **out);
	if (*out == NULL)
		goto out;
	size_t i;
	json_array_foreach(arr, i, v)
	{
		const char *where = arena_printf(a, ": selections[%zu].", i);
		if (!json_is_object(v)) {
			problem(pr, arena_printf(a, ": selections[%zu]", i), "オブジェクトであるべきです");
			continue;
		}
		ft_selection *s = &(*out)[(*n)++];
		memset(s, 0, sizeof *s);
		s->where = arena_printf(a, "selections[%zu].", i);
		bool had_first = false;
		json_t *fv;
		json_object_foreach(v, key, fv)
		{
			int c = -1;
			for (int k = 0; k < COL__MAX; k++)
				if (strcmp(key, col_names[k]) == 0)
					c = k;
			if (c < 0) {
				problem(pr, arena_printf(a, "%s%s", where, key), "未知の項目です");
				continue;
			}
			const char *t;
			char num[32];
			if (json_is_null(fv))
				continue;
			if (json_is_string(fv)) {
				t = json_string_value(fv);
			} else if (json_is_integer(fv) && (c == COL_FIRST || c == COL_FILED)) {
				snprintf(num, sizeof num, "%lld", (long long)json_integer_value(fv));
				t = num;
			} else {
				problem(pr, arena_printf(a, "%s%s", where, key), "%sであるべきです",
					c == COL_FIRST || c == COL_FILED ? "年度（整数または文字列）" : "文字列");
				continue;
			}
			if (c == COL_FIRST && !blank(t))
				had_first = true;
			set_field(pr, m, a, s, (enum col)c, t, where);
		}
		finish_record(pr, m, s, where, had_first, a);
	}
	rc = pr->count ? -1 : 0;
out:
	json_decref(root);
	return rc;
}

int future_tech_selections_load(const char *text, size_t len, const char *label, const org_master *m, arena *a,
				ft_selection **out, size_t *n, char *err, size_t errlen)
{
	problems pr = { .err = err, .errlen = errlen, .label = label };
	err[0] = '\0';
	*out = NULL;
	*n = 0;
	size_t i = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n'))
		i++;
	if (i == len) {
		problem(&pr, "", "ファイルが空です");
		return -1;
	}
	int rc = text[i] == '{' || text[i] == '[' ? load_json(text, len, &pr, m, a, out, n)
						   : load_csv(text, len, &pr, m, a, out, n);
	if (rc != 0) {
		*out = NULL;
		*n = 0;
	}
	return rc;
}

/* ---- output ---------------------------------------------------------------------- */

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *label_of(int fy)
{
	char b[32];
	return json_string(wareki_fiscal_year(fy, b, sizeof b));
}

static json_t *entry(const ft_status *st)
{
	const ft_selection *s = st->sel;
	json_t *o = json_object();
	char b[64], c[32];
	json_object_set_new(o, "organization_code", str_or_null(s->org_code));
	json_object_set_new(o, "organization", str_or_null(s->org_name));
	json_object_set_new(o, "title", str_or_null(s->title));
	json_object_set_new(o, "first_selected_fiscal_year", json_integer(s->first_fiscal_year));
	json_object_set_new(o, "first_selected_label", label_of(s->first_fiscal_year));
	json_object_set_new(o, "phase", json_string(ft_phase_key(st->phase)));
	json_object_set_new(o, "in_support", json_boolean(ft_in_support(st)));
	json_object_set_new(o, "support_start_fiscal_year", json_integer(s->first_fiscal_year));
	json_object_set_new(o, "support_end_fiscal_year", json_integer(st->support_end_fiscal_year));
	wareki_fiscal_year(s->first_fiscal_year, b, sizeof b);
	wareki_fiscal_year(st->support_end_fiscal_year, c, sizeof c);
	json_object_set_new(o, "support_period", json_string(strcat(strcat(b, "〜"), c)));
	json_object_set_new(o, "end_final", json_boolean(st->end_final));
	json_object_set_new(o, "ends_this_year", json_boolean(st->ends_this_year));
	if (s->filed || s->decision != FT_DECISION_NONE) {
		json_t *co = json_object();
		json_object_set_new(co, "filed_fiscal_year", s->filed ? json_integer(s->filed_fiscal_year) : json_null());
		json_object_set_new(co, "decision", json_string(ft_decision_key(s->decision)));
		if (s->has_decided_on) {
			snprintf(b, sizeof b, "%04d-%02d-%02d", s->decided_on.year, s->decided_on.month, s->decided_on.day);
			json_object_set_new(co, "decided_on", json_string(b));
		} else {
			json_object_set_new(co, "decided_on", json_null());
		}
		json_object_set_new(o, "continuation", co);
	} else {
		json_object_set_new(o, "continuation", json_null());
	}
	json_object_set_new(o, "reason", json_string(st->reason ? st->reason : ""));
	json_object_set_new(o, "source", str_or_null(s->source));
	return o;
}

json_t *future_tech_report_encode(const ft_report *r, const ft_rules *rules, const char *label, int selected_in)
{
	json_t *o = json_object();
	if (o == NULL)
		return NULL;
	size_t errors = 0;
	for (size_t i = 0; i < r->n; i++)
		errors += diag_count(&r->status[i].diags, DIAG_ERROR);
	json_object_set_new(o, "ok", json_boolean(errors == 0));
	json_object_set_new(o, "program", json_string(rules->id));
	json_object_set_new(o, "title", json_string(rules->title));
	json_object_set_new(o, "fiscal_year", json_integer(r->fiscal_year));
	json_object_set_new(o, "fiscal_year_label", label_of(r->fiscal_year));
	json_object_set_new(o, "selected_in", selected_in ? json_integer(selected_in) : json_null());
	json_object_set_new(o, "records", json_integer((json_int_t)r->n));
	json_object_set_new(o, "in_support_count", json_integer((json_int_t)r->in_support));
	json_object_set_new(o, "published_in_support",
			    r->published_in_support ? json_integer(r->published_in_support->value) : json_null());
	json_t *in = json_array(), *out = json_array();
	size_t not_yet = 0;
	for (size_t i = 0; i < r->n; i++) {
		const ft_status *st = &r->status[i];
		if (st->phase == FT_PHASE_NOT_YET)
			not_yet++;
		else
			json_array_append_new(ft_in_support(st) ? in : out, entry(st));
	}
	json_object_set_new(o, "in_support", in);
	json_object_set_new(o, "not_in_support", out);
	json_object_set_new(o, "not_yet_selected_count", json_integer((json_int_t)not_yet));
	json_t *years = json_array();
	for (size_t i = 0; i < r->n_years; i++) {
		const ft_year_summary *y = &r->years[i];
		json_t *yo = json_object();
		json_object_set_new(yo, "fiscal_year", json_integer(y->fiscal_year));
		json_object_set_new(yo, "label", label_of(y->fiscal_year));
		json_object_set_new(yo, "selected", json_integer((json_int_t)y->selected));
		json_object_set_new(yo, "published", y->has_published ? json_integer(y->published->value) : json_null());
		json_object_set_new(yo, "in_support", json_integer((json_int_t)y->in_support));
		json_array_append_new(years, yo);
	}
	json_object_set_new(o, "by_selection_year", years);
	json_t *e = json_array(), *w = json_array(), *inf = json_array();
	for (size_t i = 0; i < r->n; i++) {
		json_diags_append(e, &r->status[i].diags, DIAG_ERROR);
		json_diags_append(w, &r->status[i].diags, DIAG_WARNING);
		json_diags_append(inf, &r->status[i].diags, DIAG_INFO);
	}
	json_diags_append(e, &r->diags, DIAG_ERROR);
	json_diags_append(w, &r->diags, DIAG_WARNING);
	json_diags_append(inf, &r->diags, DIAG_INFO);
	json_object_set_new(o, "errors", e);
	json_object_set_new(o, "warnings", w);
	json_object_set_new(o, "trace", json_trace(r->trace, r->n_trace));
	json_object_set_new(o, "info", inf);
	json_object_set_new(o, "file", str_or_null(label));
	return o;
}
