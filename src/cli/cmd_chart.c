/* cmd_chart.c — `digiden chart --db FILE [--round R] [--menu M] [--by KEY | --map]
 * [--measure national_share|projects|organizations]`: the SVG charts of the public
 * results pages, on standard output. */
#include <stdio.h>
#include <string.h>

#include "../service/results.h"
#include "../web/svg.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

enum { O_DB, O_ROUND, O_MENU, O_BY, O_MEASURE, O_MAP };
static const cli_opt chart_opts[] = {
	[O_DB] = CLI_OPT_DB,
	[O_ROUND] = { "round", 'r', "R", "募集回（カンマ区切りで複数）", false },
	[O_MENU] = { "menu", 'm', "M", "類型（カンマ区切りで複数）", false },
	[O_BY] = { "by", 'b', "KEY", "棒グラフの集計の軸（既定 menu。digiden report --help の --by と同じ）", false },
	[O_MEASURE] = { "measure", 'M', "KEY", "national_share（既定、国費）| projects（事業件数）| organizations（団体数）", false },
	[O_MAP] = { "map", 'p', NULL, "都道府県タイルマップにする", false },
	CLI_OPT_END,
};
int cmd_chart(const cli_args *o)
{
	int status;
	report_query q = { .by = BY_MENU, .rounds = o->val[O_ROUND], .menus = o->val[O_MENU] };
	svg_measure m = SVG_NATIONAL_SHARE;
	bool map = o->val[O_MAP] != NULL;
	if (o->val[O_BY] && !report_by_from_key(o->val[O_BY], &q.by))
		return cli_usage_error(&cmd_chart_spec, "--by「%s」は集計の軸として読めません", o->val[O_BY]);
	if (o->val[O_MEASURE] && !svg_measure_from_key(o->val[O_MEASURE], &m))
		return cli_usage_error(&cmd_chart_spec, "--measure は national_share, projects, organizations のいずれかです（「%s」）",
				       o->val[O_MEASURE]);
	const char *db = o->val[O_DB];
	if (map)
		q.by = BY_PREFECTURE;
	cli_db d;
	if (cli_db_open(&d, db, "digiden chart") != 0)
		return EXIT_BAD_INPUT;
	arena a;
	arena_init(&a);
	report rep;
	const rule_set *rs;
	svc_err e = { 0 };
	status = EXIT_OK;
	if (svc_report_table(&d.svc, &q, &a, &rep, &rs, &e) != 0) {
		cli_print_error("digiden chart", &e);
		status = EXIT_RULE_ERRORS;
	} else {
		buf b = { 0 };
		const char *what = m == SVG_NATIONAL_SHARE ? "国費" : m == SVG_PROJECTS ? "事業件数" : "団体数";
		char title[256];
		snprintf(title, sizeof title, "%s（%s）", what, report_by_label(q.by));
		if (map)
			svg_tile_map(&b, &rep, m, title);
		else
			svg_bar_chart(&b, &rep, m, title);
		if (b.oom || fwrite(b.data, 1, b.len, stdout) != b.len)
			status = EXIT_BAD_INPUT;
		buf_free(&b);
	}
	svc_err_clear(&e);
	arena_free(&a);
	cli_db_close(&d);
	return status;
}

const cli_cmd cmd_chart_spec = { "chart",
				   "chart --db FILE [--round R] [--menu M] [--by KEY | --map] [--measure national_share|projects|organizations]",
				   "集計の棒グラフ・都道府県タイルマップ（SVG）を標準出力に出します", chart_opts, NULL,
	.summary = "集計の棒グラフ・都道府県タイルマップ（SVG）を出力する", .run = cmd_chart
};
