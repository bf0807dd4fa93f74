/* cmd_decisions.c — published decisions:
 *   digiden import-decisions --db FILE [--encoding auto|utf-8|sjis] CSV
 *   digiden audit-decisions --db FILE --round R [--format text|json]
 *   digiden export-decisions --db FILE [--round R] [--encoding utf-8|sjis] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/readfile.h"
#include "../service/results.h"
#include "cli_db.h"
#include "commands.h"

static void progress(size_t done, size_t total, void *ctx)
{
	fprintf(stderr, "%s: %zu / %zu 行を登録しました\n", (const char *)ctx, done, total);
}

int cmd_import_decisions(int argc, char **argv)
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
		fputs("使い方: digiden import-decisions --db FILE [--encoding auto|utf-8|sjis] CSV\n", stderr);
		return EXIT_BAD_INPUT;
	}
	const char *path = argv[optind];
	char *data, err[1024];
	size_t len;
	if (readfile(path, READFILE_MAX_BYTES * 4, &data, &len, err, sizeof err) != 0) {
		fprintf(stderr, "digiden import-decisions: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden import-decisions") != 0) {
		free(data);
		return EXIT_BAD_INPUT;
	}
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	svc_err e = { 0 };
	json_t *out = svc_import_decisions(&d.svc, "cli", data, len, enc, base, progress, "digiden import-decisions", &e);
	free(data);
	int status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden import-decisions", &e);
		status = e.status == 400 ? EXIT_BAD_INPUT : EXIT_RULE_ERRORS;
	} else {
		printf("%s から %lld 件の決定を取り込みました\n", path, (long long)json_integer_value(json_object_get(out, "imported")));
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}

int cmd_audit_decisions(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { "round", required_argument, NULL, 'r' },
					      { "format", required_argument, NULL, 'f' }, { NULL, 0, NULL, 0 } };
	const char *db = NULL, *round = NULL, *format = "text";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:r:f:", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			round = optarg;
		else if (c == 'f')
			format = optarg;
		else
			return EXIT_BAD_INPUT;
	}
	if (db == NULL || round == NULL || (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)) {
		fputs("使い方: digiden audit-decisions --db FILE --round R [--format text|json]\n", stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden audit-decisions") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = svc_audit_decisions(&d.svc, round, &e);
	int status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden audit-decisions", &e);
		status = EXIT_BAD_INPUT;
	} else if (strcmp(format, "json") == 0) {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	} else {
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(out, "findings"), i, f)
		{
			json_t *line = json_object_get(f, "line");
			char where[32];
			if (json_is_integer(line))
				snprintf(where, sizeof where, "%lld行", (long long)json_integer_value(line));
			else
				snprintf(where, sizeof where, "digiden");
			printf("%s %s（%s） %s: %s\n", where, json_string_value(json_object_get(f, "organization")),
			       json_string_value(json_object_get(f, "organization_code")), json_string_value(json_object_get(f, "rule")),
			       json_string_value(json_object_get(f, "message")));
		}
		fprintf(stderr, "digiden audit-decisions: %zu 件の指摘\n", json_array_size(json_object_get(out, "findings")));
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}

int cmd_export_decisions(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { "round", required_argument, NULL, 'r' },
					      { "encoding", required_argument, NULL, 'e' }, { NULL, 0, NULL, 0 } };
	const char *db = NULL, *round = NULL, *enc_s = "utf-8";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:r:e:", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			round = optarg;
		else if (c == 'e')
			enc_s = optarg;
		else
			return EXIT_BAD_INPUT;
	}
	csv_encoding enc;
	if (db == NULL || !csv_encoding_from_name(enc_s, &enc) || enc == CSV_ENC_AUTO) {
		fputs("使い方: digiden export-decisions --db FILE [--round R] [--encoding utf-8|sjis]\n", stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden export-decisions") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	csv_writer w = { 0 };
	char err[512] = "";
	int status = EXIT_OK;
	if (svc_export_decisions(&d.svc, round, &w, &e) != 0) {
		cli_print_error("digiden export-decisions", &e);
		free(w.buf);
		status = EXIT_RULE_ERRORS;
	} else if (csv_finish(&w, enc, stdout, err, sizeof err) != 0) {
		fprintf(stderr, "digiden export-decisions: %s\n", err);
		status = EXIT_BAD_INPUT;
	}
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}
