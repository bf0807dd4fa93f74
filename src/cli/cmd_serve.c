/* cmd_serve.c — `digiden serve --db FILE [--listen ADDR:PORT] [--port-file FILE]
 * [--request-timeout S] [--idle-timeout S] [--max-connections N] [--per-ip-connections N]
 * [--secure-cookies|--no-secure-cookies] [--smtp URL --smtp-from ADDRESS] [--base-url URL]
 * [--attachment-max-mb MB] [--attachments-total-mb MB] [--attachments-max-files N]`:
 * the HTTP server (docs/api.md) and its notifier (deadline reminders; with --smtp the
 * outbox mailed, user and password from DIGIDEN_SMTP_USER / DIGIDEN_SMTP_PASSWORD).
 * Creates and seeds FILE when it does not exist. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/catalog.h"
#include "../service/notify.h"
#include "../service/attachments.h"
#include "../web/web.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

enum { O_DB, O_LISTEN, O_PORT_FILE, O_REQ_TIMEOUT, O_IDLE_TIMEOUT, O_MAX_CONN, O_PER_IP, O_SECURE, O_NO_SECURE, O_THREADS, O_GRACE,
       O_SMTP, O_SMTP_FROM, O_BASE_URL, O_ATT_FILE, O_ATT_TOTAL, O_ATT_FILES };
static const cli_opt serve_opts[] = {
	[O_DB] = { "db", 'd', "FILE", "データベース（なければ作成し、団体マスタ・募集回・管理者を登録します）", true },
	[O_LISTEN] = { "listen", 'l', "ADDR:PORT", "待ち受けるアドレス（既定 127.0.0.1:8080。ポート 0 で空いているポート）", false },
	[O_PORT_FILE] = { "port-file", 'p', "FILE", "待ち受けたポート番号を書き出す", false },
	[O_REQ_TIMEOUT] = { "request-timeout", 0, "秒", "リクエスト行とヘッダーを受け取るまでの期限（既定 10 秒）。本文はその後 4 KiB/秒以上で",
			    false },
	[O_IDLE_TIMEOUT] = { "idle-timeout", 0, "秒", "無通信で接続を閉じるまで（既定 10 秒）", false },
	[O_MAX_CONN] = { "max-connections", 0, "N", "全体の接続数の上限（既定 4000）", false },
	[O_PER_IP] = { "per-ip-connections", 0, "N", "1アドレスの接続数の上限（既定 64）", false },
	[O_SECURE] = { "secure-cookies", 0, NULL, "クッキーに Secure を付ける（既定: ループバック以外で待ち受けるとき。\n"
						 "X-Forwarded-Proto: https のリクエストにも付けます）",
		       false },
	[O_NO_SECURE] = { "no-secure-cookies", 0, NULL, "クッキーに Secure を付けない", false },
	[O_THREADS] = { "threads", 0, "N", "リクエストを処理するスレッド数（既定 CPU のコア数、2以上）。各々が自分の DB 接続を持つ", false },
	[O_GRACE] = { "grace", 0, "秒", "停止（SIGTERM/SIGINT）のとき処理中のリクエストを待つ秒数（既定 10）", false },
	[O_SMTP] = { "smtp", 0, "URL", "通知をメールで送る SMTP サーバ（smtp://HOST:PORT か smtps://…）。なければ送らずに\n"
				      "outbox に残します（digiden outbox）。利用者とパスワードは DIGIDEN_SMTP_USER / DIGIDEN_SMTP_PASSWORD",
		     false },
	[O_SMTP_FROM] = { "smtp-from", 0, "ADDRESS", "通知メールの送信者アドレス（--smtp には必須）", false },
	[O_BASE_URL] = { "base-url", 0, "URL", "通知メールのリンクの先頭（既定 http://待ち受けアドレス:ポート）", false },
	[O_ATT_FILE] = { "attachment-max-mb", 0, "MB", "添付ファイル1件の上限（既定 20 MB。1 MB = 1,000,000 バイト）", false },
	[O_ATT_TOTAL] = { "attachments-total-mb", 0, "MB", "1つの申請の添付ファイルの合計の上限（既定 100 MB）", false },
	[O_ATT_FILES] = { "attachments-max-files", 0, "N", "1つの申請に添付できるファイル数の上限（既定 30）", false },
	CLI_OPT_END,
};
int cmd_serve(const cli_args *a)
{
	const char *db = a->val[O_DB], *listen = a->val[O_LISTEN] ? a->val[O_LISTEN] : "127.0.0.1:8080", *port_file = a->val[O_PORT_FILE];
	web_options wo = { .secure_cookies = -1 };
	if (a->order[O_SECURE] || a->order[O_NO_SECURE]) /* the later of the two wins */
		wo.secure_cookies = a->order[O_SECURE] > a->order[O_NO_SECURE];
	unsigned att[3] = { 0 }; /* --attachment-max-mb, --attachments-total-mb, --attachments-max-files; 0 = default */
	static const int limit_opt[] = { O_REQ_TIMEOUT, O_IDLE_TIMEOUT, O_MAX_CONN, O_PER_IP, O_THREADS, O_GRACE,
					 O_ATT_FILE, O_ATT_TOTAL, O_ATT_FILES };
	unsigned *limit[] = { &wo.request_timeout_s, &wo.idle_timeout_s, &wo.max_connections, &wo.per_ip_connections, &wo.threads,
			      &wo.grace_s, &att[0], &att[1], &att[2] };
	for (size_t k = 0; k < sizeof limit_opt / sizeof limit_opt[0]; k++) {
		const char *v = a->val[limit_opt[k]];
		if (v == NULL)
			continue;
		char *end;
		long n = strtol(v, &end, 10);
		if (*end != '\0' || n < 1 || n > 100000) {
			fprintf(stderr, "digiden serve: --%s には 1 以上の整数を指定してください（「%s」）\n", serve_opts[limit_opt[k]].name, v);
			return EXIT_BAD_INPUT;
		}
		*limit[k] = (unsigned)n;
	}
	/* attachments (MB of 1,000,000 bytes): SQLite holds a blob of at most 1,000 MB */
	if (att[0] > 1000) {
		fprintf(stderr, "digiden serve: --attachment-max-mb は 1000 までです（「%u」）\n", att[0]);
		return EXIT_BAD_INPUT;
	}
	svc_attach_limits al = { .file_max = (int64_t)att[0] * 1000000, .total_max = (int64_t)att[1] * 1000000, .files_max = att[2] };
	svc_attach_set_limits(&al);
	char addr[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port = colon ? strtol(colon + 1, &end, 10) : -1;
	if (colon == NULL || (size_t)(colon - listen) >= sizeof addr || *end != '\0' || port < 0 || port > 65535) {
		fprintf(stderr, "digiden serve: --listen は ADDR:PORT（例 127.0.0.1:8080）で指定してください\n");
		return EXIT_BAD_INPUT;
	}
	memcpy(addr, listen, (size_t)(colon - listen));
	addr[colon - listen] = '\0';

	/* block the stop signals before threads start, then wait for them here */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* every shipped rule set loaded and validated once, before the first request: a
	 * defect in them is a start-up error naming the file, not a 500 later */
	char err[512];
	if (catalog_load_all(err, sizeof err) == NULL) {
		fprintf(stderr, "digiden serve: %s\n", err);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden serve") != 0)
		return EXIT_BAD_INPUT;
	uint16_t bound;
	wo.db_path = db;
	web_server *w = web_start(&d.svc, addr, (uint16_t)port, &wo, &bound, err, sizeof err);
	if (w == NULL) {
		fprintf(stderr, "digiden serve: %s\n", err);
		cli_db_close(&d);
		return EXIT_BAD_INPUT;
	}
	/* the notifier after the server: the links of its mail need the bound port */
	char base_url[128];
	snprintf(base_url, sizeof base_url, "http://%s:%u", addr, (unsigned)bound);
	notify_options no = { .db_path = db, .cat = d.svc.cat, .smtp_url = a->val[O_SMTP], .smtp_from = a->val[O_SMTP_FROM],
			      .smtp_user = getenv("DIGIDEN_SMTP_USER"), .smtp_password = getenv("DIGIDEN_SMTP_PASSWORD"),
			      .base_url = a->val[O_BASE_URL] ? a->val[O_BASE_URL] : base_url, .log = stderr };
	notify_worker *nw = notify_start(&no, err, sizeof err);
	if (nw == NULL) {
		fprintf(stderr, "digiden serve: %s\n", err);
		web_stop(w);
		cli_db_close(&d);
		return EXIT_BAD_INPUT;
	}
	if (port_file) {
		FILE *f = fopen(port_file, "w");
		if (f == NULL || fprintf(f, "%u\n", (unsigned)bound) < 0 || fclose(f) != 0)
			fprintf(stderr, "digiden serve: %s に書けません\n", port_file);
	}
	fprintf(stderr, "digiden serve: http://%s:%u/ で待ち受けています（API: /api/v1/、停止は Ctrl-C）\n", addr, (unsigned)bound);
	int sig;
	sigwait(&stop, &sig);
	fprintf(stderr, "digiden serve: 停止します（受付を止め、処理中のリクエストを最大 %u 秒待ちます）\n",
		wo.grace_s ? wo.grace_s : WEB_DEFAULT_GRACE);
	notify_stop(nw); /* a mail in flight is abandoned unsent, and goes after the restart */
	if (!web_stop(w))
		return EXIT_OK; /* abandoned requests: SQLite's WAL keeps the file consistent without a close */
	cli_db_close(&d);
	fprintf(stderr, "digiden serve: 停止しました\n");
	return EXIT_OK;
}

const cli_cmd cmd_serve_spec = {
	"serve",
	"serve --db FILE [--listen ADDR:PORT] [--port-file FILE]\n"
	"         [--request-timeout 秒] [--idle-timeout 秒] [--max-connections N] [--per-ip-connections N]\n"
	"         [--secure-cookies | --no-secure-cookies] [--threads N] [--grace 秒]\n"
	"         [--smtp URL --smtp-from ADDRESS] [--base-url URL]\n"
	"         [--attachment-max-mb MB] [--attachments-total-mb MB] [--attachments-max-files N]",
	"HTTPサーバ（JSON API と画面、docs/api.md）を起動します", serve_opts, NULL,
	.summary = "HTTPサーバ（JSON API）を起動する", .run = cmd_serve
};
