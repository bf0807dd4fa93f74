/* cmd_chart.c — `digiden chart --db FILE [--round R] [--menu M] [--by KEY | --map]
 * [--measure national_share|projects|organizations]`: the SVG charts of the public
 * results pages, on standard output. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../service/results.h"
#include "../web/svg.h"
#include "cli_db.h"
#include "commands.h"

int cmd_chart(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },     { "round", required_argument, NULL, 'r' },
					      { "menu", required_argument, NULL, 'm' },   { "by", required_argument, NULL, 'b' },
					      { "measure", required_argument, NULL, 'M' }, { "map", no_argument, NULL, 'p' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL;
	report_query q = { .by = BY_MENU };
	svg_measure m = SVG_NATIONAL_SHARE;
	bool map = false, bad = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:r:m:b:M:p", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': q.rounds = optarg; break;
		case 'm': q.menus = optarg; break;
		case 'b': bad = bad || !report_by_from_key(optarg, &q.by); break;
		case 'M': bad = bad || !svg_measure_from_key(optarg, &m); break;
		case 'p': map = true; break;
		default: bad = true; break;
		}
	}
	if (db == NULL || bad) {
		fputs("使い方: digiden chart --db FILE [--round R] [--menu M] [--by KEY | --map] [--measure national_share|projects|organizations]\n",
		      stderr);
		return EXIT_BAD_INPUT;
	}
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
	int status = EXIT_OK;
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
