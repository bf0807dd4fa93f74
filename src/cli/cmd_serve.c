/* cmd_serve.c — `digiden serve --db FILE [--listen ADDR:PORT] [--port-file FILE]`:
 * the HTTP server (docs/api.md). Creates and seeds FILE when it does not exist. */
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
					      { "help", no_argument, NULL, 'h' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL, *listen = "127.0.0.1:8080", *port_file = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:l:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': listen = optarg; break;
		case 'p': port_file = optarg; break;
		default:
			fputs("使い方: digiden serve --db FILE [--listen ADDR:PORT] [--port-file FILE]\n"
			      "  HTTPサーバを起動します（既定 127.0.0.1:8080。ポート 0 で空いているポート）。\n"
			      "  FILE がなければ作成し、団体マスタ・募集回・管理者を登録します。\n",
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
	web_server *w = web_start(&d.svc, addr, (uint16_t)port, &bound, err, sizeof err);
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
	fprintf(stderr, "digiden serve: 停止します\n");
	web_stop(w);
	cli_db_close(&d);
	return EXIT_OK;
}
