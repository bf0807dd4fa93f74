/* cmd_decisions.c — published decisions:
 *   digiden import-decisions --db FILE [--encoding auto|utf-8|sjis] CSV
 *   digiden audit-decisions --db FILE --round R [--format text|json]
 *   digiden export-decisions --db FILE [--round R] [--encoding utf-8|sjis] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/readfile.h"
#include "../service/results.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

static void progress(size_t done, size_t total, void *ctx)
{
	fprintf(stderr, "%s: %zu / %zu 行を登録しました\n", (const char *)ctx, done, total);
}

enum { O_DB, O_ENC };
const cli_opt cli_csv_import_opts[] = {
	[O_DB] = CLI_OPT_DB,
	[O_ENC] = { "encoding", 'e', "ENC", "CSV の文字コード: auto（既定。UTF-8 と Shift_JIS を判定）| utf-8 | sjis", false },
	CLI_OPT_END,
};
const cli_cmd cmd_import_decisions_spec = { "import-decisions", "import-decisions --db FILE [--encoding auto|utf-8|sjis] CSV",
				    "公表された採択・交付決定（CSV）を取り込みます（問題のある行が1つでもあれば何も登録しません）",
				    cli_csv_import_opts, NULL,
	.summary = "公表された採択・交付決定（CSV）を取り込む", .run = cmd_import_decisions
};

int cli_import_csv(const cli_cmd *cmd, const cli_args *a,
		   json_t *(*fn)(cli_db *d, const char *data, size_t len, csv_encoding enc, const char *base, svc_err *e),
		   const char *done_fmt)
{
	int status;
	csv_encoding enc;
	const char *enc_s = a->val[O_ENC] ? a->val[O_ENC] : "auto";
	if (!csv_encoding_from_name(enc_s, &enc))
		return cli_usage_error(cmd, "--encoding は auto, utf-8, sjis のいずれかです（「%s」）", enc_s);
	if (a->n_operands != 1)
		return cli_usage_error(cmd, "CSV ファイルを1つ指定してください");
	const char *path = a->operands[0];
	char name[128], *data, err[1024];
	size_t len;
	snprintf(name, sizeof name, "digiden %s", cmd->name);
	if (readfile(path, READFILE_MAX_BYTES * 4, &data, &len, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", name, err);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, a->val[O_DB], name) != 0) {
		free(data);
		return EXIT_BAD_INPUT;
	}
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	svc_err e = { 0 };
	json_t *out = fn(&d, data, len, enc, base, &e);
	free(data);
	status = EXIT_OK;
	if (out == NULL) {
		cli_print_error(name, &e);
		status = e.status == 400 ? EXIT_BAD_INPUT : EXIT_RULE_ERRORS;
	} else {
		printf(done_fmt, path, (long long)json_integer_value(json_object_get(out, "imported")));
	}
	cli_finish(&d, out, &e);
	return status;
}

static json_t *import_decisions(cli_db *d, const char *data, size_t len, csv_encoding enc, const char *base, svc_err *e)
{
	return svc_import_decisions(&d->svc, "cli", data, len, enc, base, progress, "digiden import-decisions", e);
}

int cmd_import_decisions(const cli_args *a)
{
	return cli_import_csv(&cmd_import_decisions_spec, a, import_decisions, "%s から %lld 件の決定を取り込みました\n");
}

enum { A_DB, A_ROUND, A_FORMAT };
static const cli_opt audit_opts[] = {
	[A_DB] = CLI_OPT_DB,
	[A_ROUND] = { "round", 'r', "R", "募集回", true },
	[A_FORMAT] = CLI_OPT_FORMAT("text（既定）| json"),
	CLI_OPT_END,
};
int cmd_audit_decisions(const cli_args *a)
{
	int status;
	const char *format = a->val[A_FORMAT] ? a->val[A_FORMAT] : "text";
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error(&cmd_audit_decisions_spec, "--format は text か json です（「%s」）", format);
	cli_db d;
	if (cli_db_open(&d, a->val[A_DB], "digiden audit-decisions") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = svc_audit_decisions(&d.svc, a->val[A_ROUND], &e);
	status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden audit-decisions", &e);
		status = EXIT_BAD_INPUT;
	} else if (strcmp(format, "json") == 0) {
		cli_print_json(out);
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
	cli_finish(&d, out, &e);
	return status;
}

const cli_cmd cmd_audit_decisions_spec = { "audit-decisions", "audit-decisions --db FILE --round R [--format text|json]",
				   "取り込んだ決定を募集回のルールと照合します（例: 国費が上限を超える）", audit_opts, NULL,
	.summary = "取り込んだ決定を募集回のルールと照合する", .run = cmd_audit_decisions
};

enum { X_DB, X_ROUND, X_ENC };
static const cli_opt export_opts[] = {
	[X_DB] = CLI_OPT_DB,
	[X_ROUND] = { "round", 'r', "R", "この募集回の決定だけ", false },
	[X_ENC] = { "encoding", 'e', "ENC", "utf-8（既定、BOM付き）| sjis", false },
	CLI_OPT_END,
};
int cmd_export_decisions(const cli_args *a)
{
	int status;
	csv_encoding enc;
	const char *enc_s = a->val[X_ENC] ? a->val[X_ENC] : "utf-8";
	if (!csv_encoding_from_name(enc_s, &enc) || enc == CSV_ENC_AUTO)
		return cli_usage_error(&cmd_export_decisions_spec, "--encoding は utf-8 か sjis です（「%s」）", enc_s);
	cli_db d;
	if (cli_db_open(&d, a->val[X_DB], "digiden export-decisions") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	csv_writer w = { 0 };
	char err[512] = "";
	status = EXIT_OK;
	if (svc_export_decisions(&d.svc, a->val[X_ROUND], &w, &e) != 0) {
		cli_print_error("digiden export-decisions", &e);
		free(w.buf);
		status = EXIT_RULE_ERRORS;
	} else if (csv_finish(&w, enc, stdout, err, sizeof err) != 0) {
		fprintf(stderr, "digiden export-decisions: %s\n", err);
		status = EXIT_BAD_INPUT;
	}
	cli_finish(&d, NULL, &e);
	return status;
}

const cli_cmd cmd_export_decisions_spec = { "export-decisions", "export-decisions --db FILE [--round R] [--encoding utf-8|sjis]",
				    "決定を取り込みと同じ形式の CSV で書き出します", export_opts, NULL,
	.summary = "決定を取り込みと同じ形式のCSVで書き出す", .run = cmd_export_decisions
};
