/* cmd_import.c — `digiden import --db FILE [--submit] APP.json...` stores applications
 * as drafts of their organizations (with --submit, also submits each on its
 * organization's behalf, through the same checks as the applicant's own submit);
 * `digiden export --db FILE [--round KEY]` prints every submitted application with
 * its current body as JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/json_application.h"
#include "../io/readfile.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

enum { O_DB, O_SUBMIT };
static const cli_opt import_opts[] = {
	[O_DB] = CLI_OPT_DB,
	[O_SUBMIT] = { "submit", 's', NULL, "取り込んだ申請をその団体に代わって提出する（紙やメールで受けた申請を事務局が登録するとき。\n"
					    "受付期間と判定は申請者自身の提出と同じ）",
		       false },
	CLI_OPT_END,
};
int cmd_import(const cli_args *a)
{
	int status;
	if (a->n_operands == 0)
		return cli_usage_error(&cmd_import_spec, "申請書（JSON）のファイルを指定してください");
	const char *db = a->val[O_DB];
	bool submit = a->val[O_SUBMIT] != NULL;
	char **files = a->operands;
	int n = a->n_operands;
	cli_db d;
	if (cli_db_open(&d, db, "digiden import") != 0)
		return EXIT_BAD_INPUT;
	int imported = 0, submitted = 0;
	status = EXIT_OK;
	for (int i = 0; i < n; i++) {
		char *text, err[1024];
		size_t len;
		if (readfile(files[i], READFILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
			fprintf(stderr, "digiden import: %s\n", err);
			status = EXIT_BAD_INPUT;
			continue;
		}
		json_t *body = json_parse_text(text, len, err, sizeof err);
		free(text);
		if (body == NULL) {
			fprintf(stderr, "digiden import: %s: %s\n", files[i], err);
			status = EXIT_BAD_INPUT;
			continue;
		}
		svc_err e = { 0 };
		json_t *out = svc_app_import(&d.svc, "cli", body, &e);
		if (out == NULL) {
			fprintf(stderr, "digiden import: %s:\n", files[i]);
			cli_print_error("digiden import", &e);
			status = status == EXIT_OK ? EXIT_RULE_ERRORS : status;
		} else if (submit) {
			int64_t id = json_integer_value(json_object_get(out, "id"));
			/* the organization's own act, done by the office for it: recorded as "cli" */
			const char *code = json_string_value(json_object_get(json_object_get(body, "applicant"), "code"));
			svc_user applicant = { .id = -1, .login = "cli", .role = ROLE_APPLICANT, .organization = code };
			svc_err se = { 0 };
			json_t *sub = svc_app_transition(&d.svc, &applicant, id, ACT_SUBMIT, &se);
			if (sub == NULL) {
				fprintf(stderr, "digiden import: %s: 申請 %lld は下書きのまま（提出できません）:\n", files[i], (long long)id);
				cli_print_error("digiden import", &se);
				status = status == EXIT_OK ? EXIT_RULE_ERRORS : status;
			} else {
				printf("%s → 申請 %lld（提出済み）\n", files[i], (long long)id);
				submitted++;
			}
			json_decref(sub);
			svc_err_clear(&se);
			imported++;
		} else {
			printf("%s → 申請 %lld（下書き）\n", files[i], (long long)json_integer_value(json_object_get(out, "id")));
			imported++;
		}
		if ((i + 1) % 500 == 0)
			fprintf(stderr, "digiden import: %d / %d件…\n", i + 1, n);
		json_decref(out);
		json_decref(body);
		svc_err_clear(&e);
	}
	if (submit)
		fprintf(stderr, "digiden import: %d件を取り込み、%d件を提出しました\n", imported, submitted);
	else
		fprintf(stderr, "digiden import: %d件を取り込みました\n", imported);
	cli_db_close(&d);
	return status;
}

const cli_cmd cmd_import_spec = { "import", "import --db FILE [--submit] APP.json...", "申請書を各団体の下書きとして取り込みます",
				    import_opts, NULL,
	.summary = "申請書（JSON）を下書きとして取り込む", .run = cmd_import
};

enum { X_DB, X_ROUND };
static const cli_opt export_opts[] = {
	[X_DB] = CLI_OPT_DB,
	[X_ROUND] = { "round", 'r', "KEY", "この募集回の申請だけ", false },
	CLI_OPT_END,
};
int cmd_export(const cli_args *a)
{
	int status;
	const char *db = a->val[X_DB], *round = a->val[X_ROUND];
	cli_db d;
	if (cli_db_open(&d, db, "digiden export") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = svc_export(&d.svc, round, &e);
	status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden export", &e);
		status = EXIT_RULE_ERRORS;
	} else {
		cli_print_json(out);
	}
	cli_finish(&d, out, &e);
	return status;
}

const cli_cmd cmd_export_spec = { "export", "export --db FILE [--round KEY]", "提出後の申請を現在の内容とともに JSON で書き出します",
				    export_opts, NULL,
	.summary = "提出された申請をJSONで書き出す", .run = cmd_export
};
