/* cmd_support.c — organizations' history and the 伴走支援 check (issue 6):
 *   digiden support-check --db FILE --program bansou/fy2025 --category 1|2|3 --org CODE[,CODE…]
 *                         [--answers FILE.json] [--representative CODE --contact TEXT] [--format json|text]
 *   digiden import-history --db FILE [--encoding auto|utf-8|sjis] CSV
 *   digiden history --db FILE (--org CODE | --program P [--round R]) [--format text|json] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/readfile.h"
#include "../service/history.h"
#include "cli_db.h"
#include "commands.h"

static const char support_usage[] =
	"使い方: digiden support-check --db FILE --program bansou/fy2025 --category 1|2|3 --org CODE[,CODE…]\n"
	"                              [--answers FILE.json] [--representative CODE --contact TEXT] [--format json|text]\n"
	"  類型①: --org は申請する市区町村1団体。類型②: 最初が都道府県、続けて事前に決めた支援対象の管内市区町村。\n"
	"  類型③: 構成団体すべて（都道府県を含めるなら1団体）。\n"
	"  --answers: {\"declarations\": {\"C2a\": true, …}, \"partner\": \"…\", \"prefecture_plans_category2\": false,\n"
	"              \"consulted_prefecture\": true}\n"
	"  終了コード: 0 応募要件を満たす / 1 満たさない / 2 入力の誤り\n";

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

int cmd_support_check(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
					      { "program", required_argument, NULL, 'p' },
					      { "category", required_argument, NULL, 'c' },
					      { "org", required_argument, NULL, 'o' },
					      { "answers", required_argument, NULL, 'a' },
					      { "representative", required_argument, NULL, 'r' },
					      { "contact", required_argument, NULL, 't' },
					      { "format", required_argument, NULL, 'f' },
					      { "help", no_argument, NULL, 'h' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL, *program = NULL, *category = NULL, *orgs = NULL, *answers = NULL, *rep = NULL, *contact = NULL,
		   *format = "text";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:p:c:o:a:r:t:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'p': program = optarg; break;
		case 'c': category = optarg; break;
		case 'o': orgs = optarg; break;
		case 'a': answers = optarg; break;
		case 'r': rep = optarg; break;
		case 't': contact = optarg; break;
		case 'f': format = optarg; break;
		case 'h': fputs(support_usage, stdout); return EXIT_OK;
		default: fputs(support_usage, stderr); return EXIT_BAD_INPUT;
		}
	}
	bool json_out = strcmp(format, "json") == 0;
	if (db == NULL || program == NULL || category == NULL || orgs == NULL || optind != argc ||
	    (!json_out && strcmp(format, "text") != 0)) {
		fputs(support_usage, stderr);
		return EXIT_BAD_INPUT;
	}
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
		json_t *a = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
		free(data);
		if (a == NULL) {
			fprintf(stderr, "digiden support-check: %s:%d:%d: JSON を読めません: %s\n", answers, je.line, je.column, je.text);
			json_decref(body);
			return EXIT_BAD_INPUT;
		}
		json_object_set_new(body, "answers", a);
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden support-check") != 0) {
		json_decref(body);
		return EXIT_BAD_INPUT;
	}
	svc_err e = { 0 };
	json_t *out = svc_support_check(&d.svc, body, &e);
	json_decref(body);
	int status;
	if (out == NULL) {
		cli_print_error("digiden support-check", &e);
		if (answers)
			fprintf(stderr, "digiden support-check: （answers.… は %s の中の位置です）\n", answers);
		status = EXIT_BAD_INPUT;
	} else {
		if (json_out) {
			json_dumpf(out, stdout, JSON_INDENT(2));
			fputc('\n', stdout);
		} else {
			print_text(out);
		}
		status = json_is_true(json_object_get(out, "eligible")) ? EXIT_OK : EXIT_RULE_ERRORS;
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}

int cmd_import_history(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { "encoding", required_argument, NULL, 'e' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL, *enc_s = "auto";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:e:", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'e')
			enc_s = optarg;
		else
			return EXIT_BAD_INPUT;
	}
	csv_encoding enc;
	if (db == NULL || optind != argc - 1 || !csv_encoding_from_name(enc_s, &enc)) {
		fputs("使い方: digiden import-history --db FILE [--encoding auto|utf-8|sjis] CSV\n"
		      "  CSV の見出し: " HISTORY_CSV_HEADER "\n",
		      stderr);
		return EXIT_BAD_INPUT;
	}
	const char *path = argv[optind];
	char *data, err[1024];
	size_t len;
	if (readfile(path, READFILE_MAX_BYTES * 4, &data, &len, err, sizeof err) != 0) {
		fprintf(stderr, "digiden import-history: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden import-history") != 0) {
		free(data);
		return EXIT_BAD_INPUT;
	}
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	svc_err e = { 0 };
	json_t *out = svc_import_history(&d.svc, "cli", data, len, enc, base, &e);
	free(data);
	int status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden import-history", &e);
		status = e.status == 400 ? EXIT_BAD_INPUT : EXIT_RULE_ERRORS;
	} else {
		printf("%s から %lld 件の実績を取り込みました\n", path, (long long)json_integer_value(json_object_get(out, "imported")));
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}

int cmd_history(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },     { "org", required_argument, NULL, 'o' },
					      { "program", required_argument, NULL, 'p' }, { "round", required_argument, NULL, 'r' },
					      { "format", required_argument, NULL, 'f' },  { NULL, 0, NULL, 0 } };
	const char *db = NULL, *org = NULL, *program = NULL, *round = NULL, *format = "text";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:o:p:r:f:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': org = optarg; break;
		case 'p': program = optarg; break;
		case 'r': round = optarg; break;
		case 'f': format = optarg; break;
		default: return EXIT_BAD_INPUT;
		}
	}
	bool json_out = strcmp(format, "json") == 0;
	if (db == NULL || optind != argc || (org == NULL) == (program == NULL) || (round && program == NULL) ||
	    (!json_out && strcmp(format, "text") != 0)) {
		fputs("使い方: digiden history --db FILE (--org CODE | --program P [--round R]) [--format text|json]\n", stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden history") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = org ? svc_history(&d.svc, org, &e) : svc_history_program(&d.svc, program, round, &e);
	int status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden history", &e);
		status = EXIT_BAD_INPUT;
	} else if (json_out) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
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
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}
