/* http_bench.c — a small load client for the HTTP API.
 *
 *   http_bench DIGIDEN_BINARY [N]
 *
 * Starts its own `digiden serve` (temp dir, free port; tests/api/harness.c), creates an
 * applicant, logs in, creates one application, then sends N (default 2000) requests of
 * each of GET /api/v1/applications/{id} and POST /api/v1/check from 2 threads, each with
 * its own keep-alive connection, and prints requests/second and p50/p99 latency. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/api/harness.h"

#define THREADS 2
#define PW "bench-password-1"

typedef struct {
	const h_server *srv;
	const char *method, *path, *body, *cookie;
	size_t n;
	double *lat; /* n latencies, seconds */
	size_t errors;
	long first_bad;
	long connects; /* new connections during the measured requests (keep-alive: 0) */
} worker;

static void *run(void *p)
{
	worker *w = p;
	h_client *c = h_client_new(w->srv);
	if (c == NULL) {
		w->errors = w->n;
		return NULL;
	}
	h_jar_set(c, "u", w->cookie);
	/* open the connection before measuring */
	h_resp r = h_http(c, w->method, w->path, w->body ? "application/json" : NULL, w->body, "u");
	h_resp_free(&r);
	for (size_t i = 0; i < w->n; i++) {
		double t0 = h_now();
		r = h_http(c, w->method, w->path, w->body ? "application/json" : NULL, w->body, "u");
		w->lat[i] = h_now() - t0;
		w->connects += r.new_connections;
		if (r.status != 200) {
			if (w->errors++ == 0)
				w->first_bad = r.status;
		}
		h_resp_free(&r);
	}
	h_client_free(c);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double percentile(const double *sorted, size_t n, double q)
{
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);
	return sorted[i < n ? i : n - 1];
}

static int bench(const h_server *s, const char *label, const char *method, const char *path, const char *body,
		 const char *cookie, size_t n)
{
	worker w[THREADS];
	pthread_t th[THREADS];
	double *all = calloc(n, sizeof *all);
	if (all == NULL)
		return -1;
	size_t off = 0;
	for (int t = 0; t < THREADS; t++) {
		size_t share = n / THREADS + ((size_t)t < n % THREADS);
		w[t] = (worker){ .srv = s, .method = method, .path = path, .body = body, .cookie = cookie, .n = share, .lat = all + off };
		off += share;
	}
	double t0 = h_now();
	int started = 0;
	for (int t = 0; t < THREADS; t++)
		if (pthread_create(&th[t], NULL, run, &w[t]) == 0)
			started++;
		else
			w[t].errors = w[t].n;
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	double wall = h_now() - t0;
	size_t errors = 0;
	long bad = 0, connects = 0;
	for (int t = 0; t < THREADS; t++) {
		errors += w[t].errors;
		connects += w[t].connects;
		if (w[t].errors && !bad)
			bad = w[t].first_bad;
	}
	qsort(all, n, sizeof *all, cmp_double);
	printf("%-38s %zu requests, %d threads: %8.0f req/s, p50 %.2f ms, p99 %.2f ms, %ld reconnects%s\n", label, n,
	       THREADS, (double)n / wall, percentile(all, n, 0.50) * 1e3, percentile(all, n, 0.99) * 1e3, connects,
	       errors ? "  (ERRORS)" : "");
	if (errors)
		printf("  %zu requests did not answer 200 (first: %ld)\n", errors, bad);
	free(all);
	return errors ? -1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY [N]\n", argv[0]);
		return 2;
	}
	size_t n = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000;
	if (n < THREADS)
		n = THREADS;
	char *ex = h_find_example(argv[1], "type1-natori.json");
	size_t len;
	char *example = ex ? h_read_file(ex, &len) : NULL;
	free(ex);
	if (example == NULL) {
		fprintf(stderr, "http_bench: cannot read examples/type1-natori.json\n");
		return 1;
	}
	h_server s;
	if (h_server_start(&s, argv[1]) != 0) {
		free(example);
		return 1;
	}
	int rc = 1;
	h_client *c = h_client_new(&s);
	json_t *u = json_pack("{ssssssss}", "login", "bench", "password", PW, "role", "applicant", "organization", "042072");
	h_resp r = { 0 };
	if (h_login(c, "admin", "admin", H_ADMIN_PASSWORD) != 200) {
		fprintf(stderr, "http_bench: admin login failed\n");
		goto out;
	}
	r = h_http_json(c, "POST", "/api/v1/users", u, "admin");
	if (r.status != 201 || h_login(c, "bench", "bench", PW) != 200) {
		fprintf(stderr, "http_bench: creating the applicant failed: %s\n", h_resp_brief(&r));
		goto out;
	}
	h_resp_free(&r);
	r = h_http(c, "POST", "/api/v1/applications", "application/json", example, "bench");
	json_int_t id = json_integer_value(json_object_get(r.json, "id"));
	if (r.status != 201 || id <= 0) {
		fprintf(stderr, "http_bench: creating the application failed: %s\n", h_resp_brief(&r));
		goto out;
	}
	char path[96], label[96];
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	snprintf(label, sizeof label, "GET /api/v1/applications/%lld", (long long)id);
	const char *cookie = h_jar_cookie(c, "bench");
	int a = bench(&s, label, "GET", path, NULL, cookie, n);
	int b = bench(&s, "POST /api/v1/check", "POST", "/api/v1/check", example, NULL, n);
	rc = a == 0 && b == 0 ? 0 : 1;
out:
	h_resp_free(&r);
	json_decref(u);
	h_client_free(c);
	h_server_stop(&s);
	h_server_cleanup(&s);
	free(example);
	return rc;
}
