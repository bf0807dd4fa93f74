/* test_durability.c — acknowledged saves survive a crash.
 *
 *   test_durability DIGIDEN_BINARY
 *
 * Starts the server, then saves application versions (PUT) as fast as it can,
 * recording every version the server acknowledged with 200. After a random delay of
 * 0.3–1.5 s another thread SIGKILLs the server in the middle of that stream. The server
 * is restarted on the same database and, through the API only, every acknowledged
 * version must be listed by GET /applications/{id}/versions and GET must return the
 * last acknowledged version or a later one. Three kill cycles on the same database.
 * Prints "ok"/"FAIL" lines and one line "durability tests: N passed, M failed". */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define PW "durable-password-1"
#define CYCLES 3
#define MAX_SECONDS_PER_CYCLE 20.0

static const char *nm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *nm(const char *fmt, ...)
{
	static char bufs[4][256];
	static int k;
	char *b = bufs[k++ % 4];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, sizeof bufs[0], fmt, ap);
	va_end(ap);
	return b;
}


typedef struct {
	pid_t pid;
	double delay;
	double killed_at;
} killer_arg;

static void *killer(void *p)
{
	killer_arg *k = p;
	struct timespec ts = { (time_t)k->delay, (long)((k->delay - (double)(time_t)k->delay) * 1e9) };
	while (nanosleep(&ts, &ts) != 0) {
	}
	kill(k->pid, SIGKILL);
	k->killed_at = h_now();
	return NULL;
}

static json_int_t ji(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* logs in natori again if its session did not survive (it should; sessions are stored) */
static h_resp get_as_natori(h_client *c, const char *path)
{
	h_resp r = h_http(c, "GET", path, NULL, NULL, "natori");
	if (r.status == 401) {
		h_resp_free(&r);
		h_login(c, "natori", "natori", PW);
		r = h_http(c, "GET", path, NULL, NULL, "natori");
	}
	return r;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY\n", argv[0]);
		return 2;
	}
	char *ex = h_find_example(argv[1], "type1-natori.json");
	json_error_t je;
	json_t *body = ex ? json_load_file(ex, 0, &je) : NULL;
	free(ex);
	if (body == NULL) {
		fprintf(stderr, "test_durability: cannot read examples/type1-natori.json\n");
		printf("durability tests: 0 passed, 1 failed\n");
		return 1;
	}
	static h_server s;
	h_watchdog(600, "durability tests", &h_passed, &h_failed, &s);
	if (h_server_start(&s, argv[1]) != 0) {
		printf("FAIL start the server: see stderr\ndurability tests: 0 passed, 1 failed\n");
		json_decref(body);
		return 1;
	}
	h_client *c = h_client_new(&s);
	srand((unsigned)time(NULL) ^ (unsigned)getpid());

	/* setup: an applicant and one application */
	long st = h_login(c, "admin", "admin", H_ADMIN_PASSWORD);
	json_t *u = json_pack("{ssssssss}", "login", "natori", "password", PW, "role", "applicant", "organization", "042072");
	h_resp r = h_http_json(c, "POST", "/api/v1/users", u, "admin");
	json_decref(u);
	long st_user = r.status;
	h_resp_free(&r);
	long st_login = h_login(c, "natori", "natori", PW);
	r = h_http_json(c, "POST", "/api/v1/applications", body, "natori");
	json_int_t id = ji(r.json, "id");
	bool setup = h_check("setup: admin creates natori, natori creates an application",
			   st == 200 && st_user == 201 && st_login == 200 && r.status == 201 && id > 0,
			   "admin login %ld, user %ld, natori login %ld, create %s", st, st_user, st_login, h_resp_brief(&r));
	h_resp_free(&r);
	char path[128], vpath[160];
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	snprintf(vpath, sizeof vpath, "%s/versions", path);

	h_ack_list acks = { 0 };
	h_ack_push(&acks, 1, json_string_value(json_object_get(body, "title")));
	long seq = 0;
	for (int cycle = 1; setup && cycle <= CYCLES; cycle++) {
		size_t first = acks.len;
		killer_arg k = { .pid = s.pid, .delay = 0.3 + 1.2 * ((double)rand() / RAND_MAX) };
		pthread_t th;
		if (pthread_create(&th, NULL, killer, &k) != 0) {
			h_check(nm("cycle %d: start the killer thread", cycle), false, "pthread_create failed");
			break;
		}
		double t0 = h_now();
		long refused = 0, errors = 0, other_status = 0;
		h_resp bad = { 0 };
		/* save as fast as possible until the server is gone */
		while (h_now() - t0 < MAX_SECONDS_PER_CYCLE) {
			char title[64];
			snprintf(title, sizeof title, "耐久性 cycle %d save %ld", cycle, ++seq);
			json_object_set_new(body, "title", json_string(title));
			h_resp pr = h_http_json(c, "PUT", path, body, "natori");
			if (pr.status == 200) {
				json_int_t v = ji(pr.json, "version");
				if (v <= acks.items[acks.len - 1].version)
					errors++;
				h_ack_push(&acks, v, title);
				h_resp_free(&pr);
				continue;
			}
			if (pr.status == 0) {
				refused++;
				h_resp_free(&pr);
				break;
			}
			other_status++;
			if (bad.body == NULL)
				bad = pr;
			else
				h_resp_free(&pr);
		}
		pthread_join(th, NULL);
		h_server_kill(&s); /* reaps the killed process (or kills it if the loop timed out) */
		size_t saved = acks.len - first;
		h_check(nm("cycle %d: %zu saves acknowledged before the SIGKILL at %.2f s", cycle, saved, k.delay), saved > 0 && k.killed_at > 0,
		      "saved %zu, killed %s", saved, k.killed_at > 0 ? "yes" : "no");
		h_check(nm("cycle %d: the server died of SIGKILL while saving", cycle),
		      WIFSIGNALED(s.last_exit) && WTERMSIG(s.last_exit) == SIGKILL && refused > 0,
		      "wait status %d, failed requests %ld", s.last_exit, refused);
		h_check(nm("cycle %d: every save before the kill answered 200 with a new, higher version", cycle),
		      other_status == 0 && errors == 0, "%ld other answers (first: %s), %ld non-increasing versions", other_status,
		      bad.body ? h_resp_brief(&bad) : "-", errors);
		h_resp_free(&bad);

		/* restart on the same database */
		if (!h_check(nm("cycle %d: the server restarts on the same database", cycle), h_server_restart(&s) == 0, "see stderr"))
			break;
		h_client_retarget(c, &s);
		r = h_http(c, "GET", "/api/v1/health", NULL, NULL, NULL);
		h_check(nm("cycle %d: /health after the restart → ok", cycle),
		      r.status == 200 && json_is_string(json_object_get(r.json, "status")) &&
			      strcmp(json_string_value(json_object_get(r.json, "status")), "ok") == 0,
		      "%s", h_resp_brief(&r));
		h_resp_free(&r);

		/* every acknowledged version is there */
		r = get_as_natori(c, vpath);
		json_t *vs = json_object_get(r.json, "versions");
		size_t nv = json_array_size(vs);
		json_int_t maxv = 0;
		char *seen = calloc((size_t)acks.items[acks.len - 1].version + nv + 2, 1);
		size_t seen_len = (size_t)acks.items[acks.len - 1].version + nv + 2;
		bool contiguous = true;
		for (size_t i = 0; i < nv; i++) {
			json_int_t v = ji(json_array_get(vs, i), "version");
			if (v != (json_int_t)i + 1)
				contiguous = false;
			if (v > maxv)
				maxv = v;
			if (seen && v > 0 && (size_t)v < seen_len)
				seen[v] = 1;
		}
		size_t missing = 0;
		json_int_t first_missing = 0;
		for (size_t i = 0; i < acks.len; i++)
			if (!seen || !seen[acks.items[i].version]) {
				if (missing++ == 0)
					first_missing = acks.items[i].version;
			}
		free(seen);
		h_check(nm("cycle %d: versions lists all %zu acknowledged versions (1…%lld)", cycle, acks.len,
			 (long long)acks.items[acks.len - 1].version),
		      r.status == 200 && missing == 0, "%s → %ld, %zu versions listed (max %lld); %zu acknowledged versions missing, first %lld",
		      vpath, r.status, nv, (long long)maxv, missing, (long long)first_missing);
		h_check(nm("cycle %d: the versions are numbered 1…N without gaps", cycle), r.status == 200 && contiguous && nv > 0,
		      "%zu versions, max %lld", nv, (long long)maxv);
		h_resp_free(&r);

		/* the current version is the last acknowledged one or later */
		r = get_as_natori(c, path);
		json_int_t cur = ji(r.json, "version");
		const h_ack *last = &acks.items[acks.len - 1];
		const char *tj = json_string_value(json_object_get(json_object_get(r.json, "application"), "title"));
		char title_buf[128];
		snprintf(title_buf, sizeof title_buf, "%s", tj ? tj : "");
		const char *title = tj ? title_buf : NULL;
		h_check(nm("cycle %d: GET returns version %lld or later", cycle, (long long)last->version),
		      r.status == 200 && cur >= last->version && cur == maxv, "%s → %ld, version %lld (versions list max %lld)", path,
		      r.status, (long long)cur, (long long)maxv);
		if (cur == last->version)
			h_check(nm("cycle %d: … with the content of that save", cycle), title && strcmp(title, last->title) == 0,
			      "title %s, want %s", title ? title : "(none)", last->title);
		else
			h_check(nm("cycle %d: … a save answered too late is complete (%lld after the last acknowledged %lld)", cycle,
				 (long long)cur, (long long)last->version),
			      cur == last->version + 1 && title && strncmp(title, "耐久性 cycle", strlen("耐久性 cycle")) == 0,
			      "version %lld, title %s", (long long)cur, title ? title : "(none)");
		h_resp_free(&r);
		/* continue from what the server has */
		if (cur > last->version && title)
			h_ack_push(&acks, cur, title);
	}

	/* after the last cycle: saving still works */
	if (setup && s.pid > 0) {
		json_object_set_new(body, "title", json_string("最後の保存"));
		r = h_http_json(c, "PUT", path, body, "natori");
		h_check("after the crashes: a new save → 200 with the next version",
		      r.status == 200 && ji(r.json, "version") == acks.items[acks.len - 1].version + 1, "%s", h_resp_brief(&r));
		h_resp_free(&r);
	}
	h_client_free(c);
	int stop = h_server_stop(&s);
	h_check("the server stops cleanly on SIGTERM", stop == 0, "wait status %d", s.last_exit);
	char why[512];
	h_check("the server log has no sanitizer report", h_server_log_clean(&s, why, sizeof why), "%s", why);
	if (h_failed)
		h_server_log_tail(&s, 15);
	h_server_cleanup(&s);
	free(acks.items);
	json_decref(body);
	printf("durability tests: %d passed, %d failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}
