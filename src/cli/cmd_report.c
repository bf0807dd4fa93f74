/* cmd_report.c — `digiden report --db FILE --round R[,R…] --by KEY --format json|csv|xlsx
 * [--encoding utf-8|sjis] [--output FILE]`: the published result tables. With xlsx and
 * no --by, every table goes into one workbook (one sheet each). */
#include <stdio.h>
#include <string.h>

#include "../io/report_export.h"
#include "../service/results.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

enum { O_DB, O_ROUND, O_MENU, O_BY, O_FIELD, O_PREF, O_ORGS_ONCE, O_FORMAT, O_ENC, O_OUTPUT };
static const cli_opt report_opts[] = {
	[O_DB] = CLI_OPT_DB,
	[O_ROUND] = { "round", 'r', "R[,R…]", "募集回", false },
	[O_MENU] = { "menu", 'm', "M[,M…]", "類型", false },
	[O_BY] = { "by", 'b', "KEY", "表: menu|kind|field|field_merged|prefecture|category|platform（xlsx で省くと全表を1冊に）",
		   false },
	[O_FIELD] = { "field", 'F', "KEY", "この事業分野の事業だけ", false },
	[O_PREF] = { "prefecture", 'P', "NN", "この都道府県の事業だけ", false },
	[O_ORGS_ONCE] = { "orgs-once", '1', NULL, "複数の行に現れる団体を最初の行だけで数える（公表のテレワーク型の団体数の数え方）", false },
	[O_FORMAT] = CLI_OPT_FORMAT("json（既定）| csv | xlsx"),
	[O_ENC] = { "encoding", 'e', "ENC", "CSV の文字コード: utf-8（既定、BOM付き）| sjis", false },
	[O_OUTPUT] = { "output", 'o', "FILE", "書き出す先（xlsx では必須。既定 標準出力）", false },
	CLI_OPT_END,
};
int cmd_report(const cli_args *o)
{
	int status;
	const char *menus = o->val[O_MENU], *field = o->val[O_FIELD], *prefecture = o->val[O_PREF];
	bool orgs_once = o->val[O_ORGS_ONCE] != NULL;
	const char *db = o->val[O_DB], *round = o->val[O_ROUND], *by_s = o->val[O_BY], *format = o->val[O_FORMAT] ? o->val[O_FORMAT] : "json",
		   *enc_s = o->val[O_ENC] ? o->val[O_ENC] : "utf-8", *output = o->val[O_OUTPUT];
	report_by by = BY_MENU;
	csv_encoding enc;
	bool xlsx = strcmp(format, "xlsx") == 0;
	if ((by_s && !report_by_from_key(by_s, &by)) || (!by_s && !xlsx) ||
	    !(xlsx || strcmp(format, "json") == 0 || strcmp(format, "csv") == 0) || !csv_encoding_from_name(enc_s, &enc) ||
	    enc == CSV_ENC_AUTO || (xlsx && output == NULL))
		return cli_usage_error(&cmd_report_spec, "--db と --by が必要です（xlsx では --output も。--by を省くと全表を1冊に）");
	cli_db d;
	if (cli_db_open(&d, db, "digiden report") != 0)
		return EXIT_BAD_INPUT;
	status = EXIT_OK;
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
			fputc('\n', out); /* out: stdout or --output */
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

const cli_cmd cmd_report_spec = {
	"report",
	"report --db FILE [--round R[,R…]] [--menu M[,M…]] [--by menu|kind|field|field_merged|prefecture|category|platform]\n"
	"                      [--field KEY] [--prefecture NN] [--orgs-once] [--format json|csv|xlsx] [--encoding utf-8|sjis] [--output FILE]",
	"決定された事業（取り込んだ公表結果と digiden で決定したもの）から公表用の集計表を作ります。", report_opts, NULL,
	.summary = "公表用の集計表（JSON・CSV・XLSX）を作る", .run = cmd_report
};
