/* cli_db.c — see cli_db.h. */
#include "cli_db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_db_open(cli_db *d, const char *path, const char *command)
{
	memset(d, 0, sizeof *d);
	char err[1024];
	if (sodium_init() < 0) {
		fprintf(stderr, "%s: libsodium を初期化できません\n", command);
		return -1;
	}
	if (cli_catalog_load(&d->cat, NULL, NULL, command) != 0)
		return -1;
	bool created;
	if (store_open(path, &d->st, &created, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", command, err);
		catalog_free(&d->cat);
		return -1;
	}
	svc_init(&d->svc, d->st, &d->cat);
	d->office = (svc_user){ .id = 0, .login = "cli", .role = ROLE_ADMIN };
	if (created) {
		const char *pw = getenv("DIGIDEN_ADMIN_PASSWORD");
		char generated[33];
		if (svc_seed(&d->svc, pw, generated, err, sizeof err) != 0) {
			fprintf(stderr, "%s: %s\n", command, err);
			cli_db_close(d);
			remove(path);
			return -1;
		}
		fprintf(stderr,
			"%s: データベース %s を作成し、団体マスタ %zu件と募集回 %zu件を登録しました"
			"（令和4年度補正 デジタル実装タイプ digital-implementation/fy2022-supp を受付中にしました）。\n",
			command, path, d->cat.orgs.len, d->cat.rules.len);
		if (generated[0])
			fprintf(stderr,
				"%s: 事務局（管理者）のログイン: ID admin / パスワード %s\n"
				"%s: このパスワードは今回だけ表示します。控えてください（DIGIDEN_ADMIN_PASSWORD を設定して起動すればその値になります）。\n",
				command, generated, command);
		else
			fprintf(stderr, "%s: 事務局（管理者）のログイン: ID admin / パスワードは DIGIDEN_ADMIN_PASSWORD の値です。\n",
				command);
	}
	return 0;
}

int cli_catalog_load(catalog *c, const char *rules_dir, const char *extra_orgs, const char *command)
{
	char err[1024];
	if (catalog_load(c, rules_dir, extra_orgs, err, sizeof err) == 0)
		return 0;
	fprintf(stderr, "%s: %s\n", command, err);
	catalog_free(c);
	return -1;
}

void cli_db_close(cli_db *d)
{
	svc_free(&d->svc);
	store_close(d->st);
	d->st = NULL;
	catalog_free(&d->cat);
}

void cli_print_error(const char *command, const svc_err *e)
{
	fprintf(stderr, "%s: %s [%s]\n", command, e->message, e->code ? e->code : "");
	size_t i;
	json_t *v;
	json_array_foreach(e->details, i, v)
	fprintf(stderr, "  - %s: %s\n", json_string_value(json_object_get(v, "path")),
		json_string_value(json_object_get(v, "message")));
}

void cli_print_json(const json_t *v)
{
	json_dumpf(v, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
}

void cli_finish(cli_db *d, json_t *out, svc_err *e)
{
	json_decref(out);
	svc_err_clear(e);
	cli_db_close(d);
}
