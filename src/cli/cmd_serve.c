/* cmd_serve.c — `digiden serve --db FILE [--listen ADDR:PORT] [--port-file FILE]
 * [--request-timeout S] [--idle-timeout S] [--max-connections N] [--per-ip-connections N]
 * [--secure-cookies|--no-secure-cookies]`: the HTTP server (docs/api.md). Creates and
 * seeds FILE when it does not exist. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../web/web.h"
#include "cli_db.h"
#include "commands.h"

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
					      { "listen", required_argument, NULL, 'l' },
					      { "port-file", required_argument, NULL, 'p' },
					      { "request-timeout", required_argument, NULL, 'T' },
					      { "idle-timeout", required_argument, NULL, 'I' },
					      { "max-connections", required_argument, NULL, 'M' },
					      { "per-ip-connections", required_argument, NULL, 'P' },
					      { "secure-cookies", no_argument, NULL, 'S' },
					      { "no-secure-cookies", no_argument, NULL, 'N' },
					      { "threads", required_argument, NULL, 'W' },
					      { "grace", required_argument, NULL, 'G' },
					      { "help", no_argument, NULL, 'h' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL, *listen = "127.0.0.1:8080", *port_file = NULL;
	web_options wo = { .secure_cookies = -1 };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:l:p:h", opts, NULL)) != -1) {
		unsigned *limit = c == 'T' ? &wo.request_timeout_s : c == 'I' ? &wo.idle_timeout_s : c == 'M' ? &wo.max_connections
				 : c == 'P' ? &wo.per_ip_connections : c == 'W' ? &wo.threads : c == 'G' ? &wo.grace_s : NULL;
		if (limit) {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 100000) {
				fprintf(stderr, "digiden serve: --%s には 1 以上の整数を指定してください（「%s」）\n",
					c == 'T' ? "request-timeout" : c == 'I' ? "idle-timeout" : c == 'M' ? "max-connections"
					: c == 'P' ? "per-ip-connections" : c == 'W' ? "threads" : "grace",
					optarg);
				return EXIT_BAD_INPUT;
			}
			*limit = (unsigned)v;
			continue;
		}
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': listen = optarg; break;
		case 'p': port_file = optarg; break;
		case 'S': wo.secure_cookies = 1; break;
		case 'N': wo.secure_cookies = 0; break;
		default:
			fputs("使い方: digiden serve --db FILE [--listen ADDR:PORT] [--port-file FILE]\n"
			      "         [--request-timeout 秒] [--idle-timeout 秒] [--max-connections N] [--per-ip-connections N]\n"
			      "         [--secure-cookies | --no-secure-cookies] [--threads N] [--grace 秒]\n"
			      "  HTTPサーバを起動します（既定 127.0.0.1:8080。ポート 0 で空いているポート）。\n"
			      "  FILE がなければ作成し、団体マスタ・募集回・管理者を登録します。\n"
			      "  --request-timeout  リクエスト行とヘッダーを受け取るまでの期限（既定 10 秒）。本文はその後 4 KiB/秒以上で\n"
			      "  --idle-timeout     無通信で接続を閉じるまで（既定 10 秒）\n"
			      "  --max-connections  全体の接続数の上限（既定 4000）、--per-ip-connections 1アドレスの上限（既定 64）\n"
			      "  --secure-cookies   クッキーに Secure を付ける（既定: ループバック以外で待ち受けるとき。\n"
			      "                     X-Forwarded-Proto: https のリクエストにも付けます）\n"
			      "  --threads          リクエストを処理するスレッド数（既定 CPU のコア数、2以上）。各々が自分の DB 接続を持つ\n"
			      "  --grace            停止（SIGTERM/SIGINT）のとき処理中のリクエストを待つ秒数（既定 10）\n",
			      c == 'h' ? stdout : stderr);
			return c == 'h' ? EXIT_OK : EXIT_BAD_INPUT;
		}
	}
	if (db == NULL) {
		fprintf(stderr, "digiden serve: --db FILE を指定してください\n");
		return EXIT_BAD_INPUT;
	}
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

	cli_db d;
	if (cli_db_open(&d, db, "digiden serve") != 0)
		return EXIT_BAD_INPUT;
	char err[512];
	uint16_t bound;
	wo.db_path = db;
	web_server *w = web_start(&d.svc, addr, (uint16_t)port, &wo, &bound, err, sizeof err);
	if (w == NULL) {
		fprintf(stderr, "digiden serve: %s\n", err);
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
	if (!web_stop(w))
		return EXIT_OK; /* abandoned requests: SQLite's WAL keeps the file consistent without a close */
	cli_db_close(&d);
	fprintf(stderr, "digiden serve: 停止しました\n");
	return EXIT_OK;
}
