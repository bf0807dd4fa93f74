/* cmd_import.c — `digiden import --db FILE [--submit] APP.json...` stores applications
 * as drafts of their organizations (with --submit, also submits each on its
 * organization's behalf, through the same checks as the applicant's own submit);
 * `digiden export --db FILE [--round KEY]` prints every submitted application with
 * its current body as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/json_application.h"
#include "../io/readfile.h"
#include "cli_db.h"
#include "commands.h"

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
					      { "submit", no_argument, NULL, 's' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL;
	bool submit = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:s", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 's')
			submit = true;
		else
			return EXIT_BAD_INPUT;
	}
	if (db == NULL || optind >= argc) {
		fputs("使い方: digiden import --db FILE [--submit] APP.json...\n"
		      "  申請書を各団体の下書きとして取り込みます。--submit で、取り込んだ申請をその団体に代わって提出します\n"
		      "  （紙やメールで受けた申請を事務局が登録するとき。受付期間と判定は申請者自身の提出と同じ）。\n",
		      stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden import") != 0)
		return EXIT_BAD_INPUT;
	int status = EXIT_OK, imported = 0, submitted = 0;
	for (int i = optind; i < argc; i++) {
		char *text, err[1024];
		size_t len;
		if (readfile(argv[i], READFILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
			fprintf(stderr, "digiden import: %s\n", err);
			status = EXIT_BAD_INPUT;
			continue;
		}
		json_t *body = json_parse_text(text, len, err, sizeof err);
		free(text);
		if (body == NULL) {
			fprintf(stderr, "digiden import: %s: %s\n", argv[i], err);
			status = EXIT_BAD_INPUT;
			continue;
		}
		svc_err e = { 0 };
		json_t *out = svc_app_import(&d.svc, "cli", body, &e);
		if (out == NULL) {
			fprintf(stderr, "digiden import: %s:\n", argv[i]);
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
				fprintf(stderr, "digiden import: %s: 申請 %lld は下書きのまま（提出できません）:\n", argv[i], (long long)id);
				cli_print_error("digiden import", &se);
				status = status == EXIT_OK ? EXIT_RULE_ERRORS : status;
			} else {
				printf("%s → 申請 %lld（提出済み）\n", argv[i], (long long)id);
				submitted++;
			}
			json_decref(sub);
			svc_err_clear(&se);
			imported++;
		} else {
			printf("%s → 申請 %lld（下書き）\n", argv[i], (long long)json_integer_value(json_object_get(out, "id")));
			imported++;
		}
		if ((i - optind + 1) % 500 == 0)
			fprintf(stderr, "digiden import: %d / %d件…\n", i - optind + 1, argc - optind);
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

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { "round", required_argument, NULL, 'r' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL, *round = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:r:", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			round = optarg;
		else
			return EXIT_BAD_INPUT;
	}
	if (db == NULL) {
		fputs("使い方: digiden export --db FILE [--round KEY]\n", stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden export") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = svc_export(&d.svc, round, &e);
	int status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden export", &e);
		status = EXIT_RULE_ERRORS;
	} else {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}
