/* cmd_support.c — organizations' history and the 伴走支援 check (issue 6):
 *   digiden support-check --db FILE --program bansou/fy2025 --category 1|2|3 --org CODE[,CODE…]
 *                         [--answers FILE.json] [--representative CODE --contact TEXT] [--format json|text]
 *   digiden import-history --db FILE [--encoding auto|utf-8|sjis] CSV
 *   digiden history --db FILE (--org CODE | --program P [--round R]) [--format text|json] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/readfile.h"
#include "../service/history.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

static void print_text(json_t *out)
{
	static const char *const circled[] = { "", "①", "②", "③" };
	json_int_t cat = json_integer_value(json_object_get(out, "category"));
	printf("%s 類型%s（%s）\n", json_string_value(json_object_get(out, "title")), circled[cat >= 1 && cat <= 3 ? cat : 0],
	       json_string_value(json_object_get(out, "category_name")));
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(out, "organizations"), i, v)
	{
		const char *pref = json_string_value(json_object_get(v, "prefecture"));
		const char *name = json_string_value(json_object_get(v, "name"));
		printf("  団体: %s%s（%s、%s）\n", pref && strcmp(pref, name) != 0 ? pref : "", name,
		       json_string_value(json_object_get(v, "code")), json_string_value(json_object_get(v, "kind")));
	}
	json_array_foreach(json_object_get(out, "conditions"), i, v)
	{
		bool ok = json_is_true(json_object_get(v, "ok"));
		printf("%s %-5s %s%s\n      %s\n", ok ? "  ○" : "  ×", json_string_value(json_object_get(v, "id")),
		       json_string_value(json_object_get(v, "label")), json_is_true(json_object_get(v, "reading")) ? "（digidenの読み）" : "",
		       json_string_value(json_object_get(v, "reason")));
	}
	json_array_foreach(json_object_get(out, "warnings"), i, v)
	printf("  ! %-5s %s\n      %s\n", json_string_value(json_object_get(v, "id")), json_string_value(json_object_get(v, "label")),
	       json_string_value(json_object_get(v, "message")));
	bool eligible = json_is_true(json_object_get(out, "eligible"));
	if (eligible) {
		printf("判定: 応募要件を満たします\n");
		return;
	}
	printf("判定: 応募要件を満たしません（");
	bool first = true;
	json_array_foreach(json_object_get(out, "conditions"), i, v)
	{
		const char *id = json_string_value(json_object_get(v, "id"));
		bool seen = false; /* P3a and W2 may fail once per organization */
		for (size_t k = 0; k < i && !seen; k++) {
			json_t *w = json_array_get(json_object_get(out, "conditions"), k);
			seen = !json_is_true(json_object_get(w, "ok")) && strcmp(json_string_value(json_object_get(w, "id")), id) == 0;
		}
		if (json_is_true(json_object_get(v, "ok")) || seen)
			continue;
		printf("%s%s", first ? "" : ", ", id);
		first = false;
	}
	printf("）\n");
}

enum { S_DB, S_PROGRAM, S_CATEGORY, S_ORG, S_ANSWERS, S_REP, S_CONTACT, S_FORMAT };
static const cli_opt support_opts[] = {
	[S_DB] = CLI_OPT_DB,
	[S_PROGRAM] = { "program", 'p', "P", "支援制度（bansou/fy2025）", true },
	[S_CATEGORY] = { "category", 'c', "1|2|3", "類型", true },
	[S_ORG] = { "org", 'o', "CODE[,CODE…]", "団体コード（類型①: 申請する市区町村1団体。類型②: 最初が都道府県、続けて\n"
						     "事前に決めた支援対象の管内市区町村。類型③: 構成団体すべて（都道府県を含めるなら1団体））",
		     true },
	[S_ANSWERS] = { "answers", 'a', "FILE.json", "申告: {\"declarations\": {\"C2a\": true, …}, \"partner\": \"…\",\n"
						      " \"prefecture_plans_category2\": false, \"consulted_prefecture\": true}",
			false },
	[S_REP] = { "representative", 'r', "CODE", "代表団体（類型③）", false },
	[S_CONTACT] = { "contact", 't', "TEXT", "連絡先", false },
	[S_FORMAT] = CLI_OPT_FORMAT("text（既定）| json"),
	CLI_OPT_END,
};
int cmd_support_check(const cli_args *a)
{
	int status;
	const char *program = a->val[S_PROGRAM], *category = a->val[S_CATEGORY], *orgs = a->val[S_ORG], *answers = a->val[S_ANSWERS],
		   *rep = a->val[S_REP], *contact = a->val[S_CONTACT], *format = a->val[S_FORMAT] ? a->val[S_FORMAT] : "text";
	bool json_out = strcmp(format, "json") == 0;
	if (a->n_operands != 0)
		return cli_usage_error(&cmd_support_check_spec, "余分な引数「%s」があります", a->operands[0]);
	if (!json_out && strcmp(format, "text") != 0)
		return cli_usage_error(&cmd_support_check_spec, "--format は json か text です（「%s」）", format);
	if (strcmp(category, "1") != 0 && strcmp(category, "2") != 0 && strcmp(category, "3") != 0) {
		fprintf(stderr, "digiden support-check: --category は 1, 2, 3 のいずれかです（「%s」）\n", category);
		return EXIT_BAD_INPUT;
	}
	json_t *body = json_object();
	json_object_set_new(body, "program", json_string(program));
	json_object_set_new(body, "category", json_integer(category[0] - '0'));
	json_t *list = json_array();
	for (const char *p = orgs; p;) {
		const char *comma = strchr(p, ',');
		size_t l = comma ? (size_t)(comma - p) : strlen(p);
		json_array_append_new(list, json_stringn(p, l));
		p = comma ? comma + 1 : NULL;
	}
	json_object_set_new(body, "organizations", list);
	if (rep)
		json_object_set_new(body, "representative", json_string(rep));
	if (contact) {
		json_t *ct = json_string(contact);
		if (ct == NULL) {
			fprintf(stderr, "digiden support-check: --contact が UTF-8 ではありません\n");
			json_decref(body);
			return EXIT_BAD_INPUT;
		}
		json_object_set_new(body, "contact", ct);
	}
	if (answers) {
		char *data, err[1024];
		size_t len;
		if (readfile(answers, READFILE_MAX_BYTES, &data, &len, err, sizeof err) != 0) {
			fprintf(stderr, "digiden support-check: %s\n", err);
			json_decref(body);
			return EXIT_BAD_INPUT;
		}
		json_error_t je;
		json_t *ans = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
		free(data);
		if (ans == NULL) {
			fprintf(stderr, "digiden support-check: %s:%d:%d: JSON を読めません: %s\n", answers, je.line, je.column, je.text);
			json_decref(body);
			return EXIT_BAD_INPUT;
		}
		json_object_set_new(body, "answers", ans);
	}
	cli_db d;
	if (cli_db_open(&d, a->val[S_DB], "digiden support-check") != 0) {
		json_decref(body);
		return EXIT_BAD_INPUT;
	}
	svc_err e = { 0 };
	json_t *out = svc_support_check(&d.svc, body, &e);
	json_decref(body);
	if (out == NULL) {
		cli_print_error("digiden support-check", &e);
		if (answers)
			fprintf(stderr, "digiden support-check: （answers.… は %s の中の位置です）\n", answers);
		status = EXIT_BAD_INPUT;
	} else {
		if (json_out)
			cli_print_json(out);
		else
			print_text(out);
		status = json_is_true(json_object_get(out, "eligible")) ? EXIT_OK : EXIT_RULE_ERRORS;
	}
	cli_finish(&d, out, &e);
	return status;
}

const cli_cmd cmd_support_check_spec = {
	"support-check",
	"support-check --db FILE --program bansou/fy2025 --category 1|2|3 --org CODE[,CODE…]\n"
	"                              [--answers FILE.json] [--representative CODE --contact TEXT] [--format json|text]",
	"伴走支援（類型①②③）の応募要件を団体の実績と照合します", support_opts,
	"終了コード: 0 応募要件を満たす / 1 満たさない / 2 入力の誤り",
	.summary = "伴走支援（類型①②③）の応募要件を団体の実績と照合する", .run = cmd_support_check
};

const cli_cmd cmd_import_history_spec = { "import-history", "import-history --db FILE [--encoding auto|utf-8|sjis] CSV",
					   "団体の実績（採択・伴走支援・人材派遣・未来技術）を CSV で取り込みます", cli_csv_import_opts,
					   "CSV の見出し: " HISTORY_CSV_HEADER,
	.summary = "団体の実績（採択・伴走支援・人材派遣・未来技術）をCSVで取り込む", .run = cmd_import_history
};

static json_t *import_history(cli_db *d, const char *data, size_t len, csv_encoding enc, const char *base, svc_err *e)
{
	return svc_import_history(&d->svc, "cli", data, len, enc, base, e);
}

int cmd_import_history(const cli_args *a)
{
	return cli_import_csv(&cmd_import_history_spec, a, import_history, "%s から %lld 件の実績を取り込みました\n");
}

enum { H_DB, H_ORG, H_PROGRAM, H_ROUND, H_FORMAT };
static const cli_opt history_opts[] = {
	[H_DB] = CLI_OPT_DB,
	[H_ORG] = { "org", 'o', "CODE", "この団体の実績", false },
	[H_PROGRAM] = { "program", 'p', "P", "この制度の実績（--org か --program のどちらか）", false },
	[H_ROUND] = { "round", 'r', "R", "--program の募集回", false },
	[H_FORMAT] = CLI_OPT_FORMAT("text（既定）| json"),
	CLI_OPT_END,
};
int cmd_history(const cli_args *a)
{
	int status;
	const char *db = a->val[H_DB], *org = a->val[H_ORG], *program = a->val[H_PROGRAM], *round = a->val[H_ROUND],
		   *format = a->val[H_FORMAT] ? a->val[H_FORMAT] : "text";
	bool json_out = strcmp(format, "json") == 0;
	if (a->n_operands != 0)
		return cli_usage_error(&cmd_history_spec, "余分な引数「%s」があります", a->operands[0]);
	if ((org == NULL) == (program == NULL) || (round && program == NULL))
		return cli_usage_error(&cmd_history_spec, "--org CODE か --program P（と --round R）のどちらかを指定してください");
	if (!json_out && strcmp(format, "text") != 0)
		return cli_usage_error(&cmd_history_spec, "--format は json か text です（「%s」）", format);
	cli_db d;
	if (cli_db_open(&d, db, "digiden history") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = org ? svc_history(&d.svc, org, &e) : svc_history_program(&d.svc, program, round, &e);
	status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden history", &e);
		status = EXIT_BAD_INPUT;
	} else if (json_out) {
		cli_print_json(out);
	} else {
		json_t *records = json_object_get(out, "records");
		if (org) {
			json_t *o = json_object_get(out, "organization");
			const char *pref = json_string_value(json_object_get(o, "prefecture"));
			const char *name = json_string_value(json_object_get(o, "name"));
			printf("%s%s（%s）の実績: %zu件\n", pref && strcmp(pref, name) != 0 ? pref : "", name,
			       json_string_value(json_object_get(o, "code")), json_array_size(records));
		} else {
			printf("%s%s%s の実績: %zu件\n", program, round ? " " : "", round ? json_string_value(json_object_get(out, "round")) : "",
			       json_array_size(records));
		}
		size_t i;
		json_t *r;
		json_array_foreach(records, i, r)
		{
			const char *title = json_string_value(json_object_get(r, "title"));
			printf("  %s %s%s%s%s  出典 %s（%s）\n", json_string_value(json_object_get(r, "organization")),
			       json_string_value(json_object_get(r, "label")), title[0] ? " 「" : "", title, title[0] ? "」" : "",
			       json_string_value(json_object_get(r, "source")), json_string_value(json_object_get(r, "imported_from")));
		}
	}
	cli_finish(&d, out, &e);
	return status;
}

const cli_cmd cmd_history_spec = { "history", "history --db FILE (--org CODE | --program P [--round R]) [--format text|json]",
				     "団体の実績を表示します（取り込んだ実績、公表結果、digiden で決定した申請）", history_opts, NULL,
	.summary = "団体の実績を表示する", .run = cmd_history
};
