/* api_public.c — public results (no login): the result tables as JSON/CSV/XLSX
 * downloads, SVG charts and the tile map, an organization's adoptions, and the
 * programme listing in the shape of jGrants' public API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../io/report_export.h"
#include "../service/results.h"
#include "api_public.h"
#include "svg.h"

static const char *arg(web_request *r, const char *name)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	return v && v[0] ? v : NULL;
}

static bool bad(svc_err *err, const char *param, const char *message)
{
	err->status = 400;
	err->code = "INVALID";
	snprintf(err->message, sizeof err->message, "%s: %s", param, message);
	return false;
}

/* round, menu, by and orgs_once of the query string. */
static bool query_params(web_request *r, report_query *q, svc_err *err)
{
	const char *b = arg(r, "by"), *once = arg(r, "orgs_once");
	*q = (report_query){ .rounds = arg(r, "round"), .menus = arg(r, "menu"), .field = arg(r, "field"),
			     .prefecture = arg(r, "prefecture"), .by = BY_MENU, .orgs_once = once && strcmp(once, "1") == 0 };
	return b == NULL || report_by_from_key(b, &q->by) ||
	       bad(err, "by", "menu, kind, field, field_merged, prefecture, category, platform のいずれかです");
}

json_t *api_public_subsidies(web_request *r, svc_err *err)
{
	const char *acc = arg(r, "acceptance");
	return svc_subsidies(r->svc, arg(r, "keyword"), acc && strcmp(acc, "1") == 0, err);
}

json_t *api_public_subsidy(web_request *r, svc_err *err) { return svc_subsidy(r->svc, r->key, err); }

json_t *api_public_report(web_request *r, svc_err *err)
{
	report_query q;
	if (!query_params(r, &q, err))
		return NULL;
	const char *format = arg(r, "format") ? arg(r, "format") : "json", *round = q.rounds;
	report_by by = q.by;
	if (strcmp(format, "json") == 0)
		return svc_report(r->svc, &q, err);
	csv_encoding enc = CSV_ENC_UTF8;
	if (arg(r, "encoding") && (!csv_encoding_from_name(arg(r, "encoding"), &enc) || enc == CSV_ENC_AUTO)) {
		bad(err, "encoding", "utf-8 か sjis です");
		return NULL;
	}
	report rep;
	const rule_set *rs;
	if (svc_report_table(r->svc, &q, &r->arena, &rep, &rs, err) != 0)
		return NULL;
	char e[512] = "", path[] = "/tmp/digiden-export-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		err->status = 500;
		snprintf(err->message, sizeof err->message, "一時ファイルを作れません");
		return NULL;
	}
	int rc = -1;
	if (strcmp(format, "csv") == 0) {
		FILE *f = fdopen(fd, "wb");
		rc = f ? report_write_csv(&rep, round ? round : "all", rs, enc, f, e, sizeof e) : -1;
		if (f)
			fclose(f);
		else
			close(fd);
		r->raw_type = enc == CSV_ENC_CP932 ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
		snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"digiden-%s%s.csv\"", report_by_key(by),
			 enc == CSV_ENC_CP932 ? "-sjis" : "");
	} else if (strcmp(format, "xlsx") == 0) {
		close(fd);
		report tables[BY__MAX];
		size_t n = 0;
		for (int b = 0; b < BY__MAX; b++) {
			report_query qb = q;
			qb.by = (report_by)b;
			if (svc_report_table(r->svc, &qb, &r->arena, &tables[n], &rs, err) == 0)
				n++;
		}
		rc = report_write_xlsx(tables, n, round ? round : "all", rs, path, e, sizeof e);
		r->raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"digiden-results.xlsx\"");
	} else {
		close(fd);
		unlink(path);
		bad(err, "format", "json, csv, xlsx のいずれかです");
		return NULL;
	}
	if (rc == 0)
		(void)buf_file(&r->raw, path); /* an unreadable export answers empty, as before */
	unlink(path);
	if (rc != 0) {
		r->raw_type = NULL;
		err->status = 500;
		snprintf(err->message, sizeof err->message, "書き出しに失敗しました: %.300s", e);
		return NULL;
	}
	return json_null();
}

static json_t *svg_answer(web_request *r)
{
	r->raw_type = "image/svg+xml; charset=utf-8";
	return json_null();
}

json_t *api_public_bar_chart(web_request *r, svc_err *err)
{
	report_query q;
	svg_measure m = SVG_NATIONAL_SHARE;
	if (!query_params(r, &q, err) ||
	    (arg(r, "measure") && !svg_measure_from_key(arg(r, "measure"), &m) &&
	     !bad(err, "measure", "national_share, projects, organizations のいずれかです")))
		return NULL;
	report rep;
	const rule_set *rs;
	if (svc_report_table(r->svc, &q, &r->arena, &rep, &rs, err) != 0)
		return NULL;
	const char *what = m == SVG_NATIONAL_SHARE ? "国費" : m == SVG_PROJECTS ? "事業件数" : "団体数";
	svg_bar_chart(&r->raw, &rep, m, arena_printf(&r->arena, "%s（%s）", what, report_by_label(q.by)));
	return svg_answer(r);
}

json_t *api_public_tile_map(web_request *r, svc_err *err)
{
	svg_measure m = SVG_ORGANIZATIONS;
	report_query q;
	if (!query_params(r, &q, err))
		return NULL;
	if (arg(r, "measure") && !svg_measure_from_key(arg(r, "measure"), &m)) {
		bad(err, "measure", "national_share, projects, organizations のいずれかです");
		return NULL;
	}
	q.by = BY_PREFECTURE;
	report rep;
	const rule_set *rs;
	if (svc_report_table(r->svc, &q, &r->arena, &rep, &rs, err) != 0)
		return NULL;
	const char *what = m == SVG_NATIONAL_SHARE ? "国費" : m == SVG_PROJECTS ? "事業件数" : "採択団体数";
	svg_tile_map(&r->raw, &rep, m, arena_printf(&r->arena, "都道府県別の%s", what));
	return svg_answer(r);
}

json_t *api_public_org_adoptions(web_request *r, svc_err *err)
{
	const organization *o = org_find(&r->svc->cat->orgs, r->key);
	if (o == NULL) {
		err->status = 404;
		err->code = "NOT_FOUND";
		snprintf(err->message, sizeof err->message, "団体コード「%s」はありません", r->key);
		return NULL;
	}
	decided_project *p;
	size_t n;
	if (svc_decided_projects(r->svc, NULL, &r->arena, &p, &n, err) != 0)
		return NULL;
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		if (p[i].org != o)
			continue;
		json_t *a = json_object();
		char label[64];
		json_object_set_new(a, "round", json_string(p[i].round));
		json_object_set_new(a, "round_label", p[i].rules ? json_string(rules_round_label(p[i].rules, label, sizeof label)) : json_null());
		const rule_menu *m = rules_find_menu(p[i].rules, p[i].menu);
		json_object_set_new(a, "menu", json_string(p[i].menu));
		json_object_set_new(a, "menu_name", json_string(m ? m->name : p[i].menu));
		json_object_set_new(a, "title", json_string(p[i].title ? p[i].title : ""));
		json_object_set_new(a, "status", json_string(p[i].status ? p[i].status : ""));
		json_object_set_new(a, "project_cost_yen", json_integer(p[i].project_cost_yen));
		json_object_set_new(a, "national_share_yen", json_integer(p[i].national_share_yen));
		json_array_append_new(arr, a);
	}
	const organization *pref = org_prefecture_of(&r->svc->cat->orgs, o);
	json_t *out = json_object();
	json_t *org = json_object();
	json_object_set_new(org, "code", json_string(o->code));
	json_object_set_new(org, "name", json_string(o->name));
	json_object_set_new(org, "kind", json_string(org_kind_label(o->kind)));
	json_object_set_new(org, "prefecture", pref ? json_string(pref->name) : json_null());
	json_object_set_new(out, "organization", org);
	json_object_set_new(out, "adoptions", arr);
	return out;
}
