/* cmd_report.c — `digiden report --db FILE --round R[,R…] --by KEY --format json|csv|xlsx
 * [--encoding utf-8|sjis] [--output FILE]`: the published result tables. With xlsx and
 * no --by, every table goes into one workbook (one sheet each). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../io/report_export.h"
#include "../service/results.h"
#include "cli_db.h"
#include "commands.h"

static void usage(FILE *f)
{
	fputs("使い方: digiden report --db FILE [--round R[,R…]] [--menu M[,M…]] [--by menu|kind|field|field_merged|prefecture|category|platform]\n"
	      "                      [--field KEY] [--prefecture NN] [--orgs-once] [--format json|csv|xlsx] [--encoding utf-8|sjis] [--output FILE]\n"
	      "  --orgs-once: 複数の行に現れる団体を最初の行だけで数える（公表のテレワーク型の団体数の数え方）\n"
	      "  決定された事業（取り込んだ公表結果と digiden で決定したもの）から公表用の集計表を作ります。\n",
	      f);
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },     { "round", required_argument, NULL, 'r' },
					      { "by", required_argument, NULL, 'b' },     { "format", required_argument, NULL, 'f' },
					      { "encoding", required_argument, NULL, 'e' }, { "output", required_argument, NULL, 'o' },
					      { "menu", required_argument, NULL, 'm' },   { "orgs-once", no_argument, NULL, '1' },
					      { "field", required_argument, NULL, 'F' },  { "prefecture", required_argument, NULL, 'P' },
					      { "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 } };
	const char *menus = NULL, *field = NULL, *prefecture = NULL;
	bool orgs_once = false;
	const char *db = NULL, *round = NULL, *by_s = NULL, *format = "json", *enc_s = "utf-8", *output = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:r:b:f:e:o:m:1F:P:h", opts, NULL)) != -1) {
		switch (c) {
		case 'F': field = optarg; break;
		case 'P': prefecture = optarg; break;
		case 'm': menus = optarg; break;
		case '1': orgs_once = true; break;
		case 'd': db = optarg; break;
		case 'r': round = optarg; break;
		case 'b': by_s = optarg; break;
		case 'f': format = optarg; break;
		case 'e': enc_s = optarg; break;
		case 'o': output = optarg; break;
		default: usage(c == 'h' ? stdout : stderr); return c == 'h' ? EXIT_OK : EXIT_BAD_INPUT;
		}
	}
	report_by by = BY_MENU;
	csv_encoding enc;
	bool xlsx = strcmp(format, "xlsx") == 0;
	if (db == NULL || (by_s && !report_by_from_key(by_s, &by)) || (!by_s && !xlsx) ||
	    !(xlsx || strcmp(format, "json") == 0 || strcmp(format, "csv") == 0) || !csv_encoding_from_name(enc_s, &enc) ||
	    enc == CSV_ENC_AUTO || (xlsx && output == NULL)) {
		fputs("digiden report: --db と --by が必要です（xlsx では --output も。--by を省くと全表を1冊に）\n", stderr);
		usage(stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden report") != 0)
		return EXIT_BAD_INPUT;
	int status = EXIT_OK;
	svc_err e = { 0 };
	char err[512] = "";
	arena a;
	arena_init(&a);
	FILE *out = stdout;
	if (!xlsx && output && (out = fopen(output, "wb")) == NULL) {
		fprintf(stderr, "digiden report: %s に書けません\n", output);
		status = EXIT_BAD_INPUT;
		goto done;
	}
	if (strcmp(format, "json") == 0) {
		report_query q = { .rounds = round, .menus = menus, .field = field, .prefecture = prefecture, .by = by, .orgs_once = orgs_once };
		json_t *j = svc_report(&d.svc, &q, &e);
		if (j == NULL) {
			cli_print_error("digiden report", &e);
			status = EXIT_RULE_ERRORS;
		} else {
			json_dumpf(j, out, JSON_INDENT(2));
			fputc('\n', out);
			json_decref(j);
		}
	} else {
		report tables[BY__MAX];
		size_t n = 0;
		const rule_set *rs = NULL;
		for (int b = 0; b < BY__MAX; b++) {
			if (by_s && b != (int)by)
				continue;
			report_query q = { .rounds = round, .menus = menus, .field = field, .prefecture = prefecture, .by = (report_by)b,
					   .orgs_once = orgs_once };
			if (svc_report_table(&d.svc, &q, &a, &tables[n], &rs, &e) != 0) {
				cli_print_error("digiden report", &e);
				status = EXIT_RULE_ERRORS;
				goto done;
			}
			n++;
		}
		int rc = xlsx ? report_write_xlsx(tables, n, round ? round : "all", rs, output, err, sizeof err)
			      : report_write_csv(&tables[0], round ? round : "all", rs, enc, out, err, sizeof err);
		if (rc != 0) {
			fprintf(stderr, "digiden report: %s\n", err);
			status = EXIT_BAD_INPUT;
		} else if (xlsx) {
			fprintf(stderr, "digiden report: %s に %zu 表を書き出しました\n", output, n);
		}
	}
done:
	if (out && out != stdout && fclose(out) != 0)
		status = EXIT_BAD_INPUT;
	arena_free(&a);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}
