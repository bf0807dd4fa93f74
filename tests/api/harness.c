/* harness.c — see harness.h. */
#include "harness.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct h_client {
	CURL *curl;
	char base[64];
	char source[64]; /* local address to connect from ("" = any) */
	char extra_header[512]; /* one more header for the next request only ("" = none) */
	h_jar jars[H_MAX_JARS];
	size_t njars;
};

int h_passed, h_failed;

bool h_check(const char *name, bool ok, const char *fmt, ...)
{
	if (ok) {
		printf("ok   %s\n", name);
		h_passed++;
	} else {
		printf("FAIL %s: ", name);
		va_list ap;
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		putchar('\n');
		h_failed++;
	}
	fflush(stdout);
	return ok;
}

void h_ack_push(h_ack_list *l, json_int_t version, const char *title)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		h_ack *n = realloc(l->items, cap * sizeof *n);
		if (n == NULL)
			abort();
		l->items = n;
		l->cap = cap;
	}
	l->items[l->len].version = version;
	snprintf(l->items[l->len].title, sizeof l->items[0].title, "%s", title);
	l->len++;
}

double h_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static void global_init(void)
{
	static bool done;
	if (!done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		done = true;
	}
}

char *h_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	bool bad = ferror(f);
	fclose(f);
	if (buf == NULL || bad) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

char *h_find_example(const char *bin, const char *name)
{
	char path[PATH_MAX * 2];
	const char *env = getenv("DIGIDEN_EXAMPLES");
	if (env && env[0]) {
		snprintf(path, sizeof path, "%s/%s", env, name);
		if (access(path, R_OK) == 0)
			return strdup(path);
	}
	snprintf(path, sizeof path, "examples/%s", name);
	if (access(path, R_OK) == 0)
		return strdup(path);
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", bin);
	char *slash = strrchr(dir, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	static const char *const ups[] = { "..", "../..", "../../.." };
	for (size_t i = 0; i < sizeof ups / sizeof ups[0]; i++) {
		snprintf(path, sizeof path, "%s/%s/examples/%s", dir, ups[i], name);
		if (access(path, R_OK) == 0)
			return strdup(path);
	}
	return NULL;
}

/* ---- the watchdog ---- */

static const char *wd_label;
static const int *wd_passed, *wd_failed;
static const h_server *wd_server;
static unsigned wd_seconds;

static void on_alarm(int sig)
{
	(void)sig;
	if (wd_server && wd_server->pid > 0)
		kill(wd_server->pid, SIGKILL);
	char buf[256];
	int n = snprintf(buf, sizeof buf, "FAIL watchdog: not finished within %u s\n%s: %d passed, %d failed\n", wd_seconds,
			 wd_label, *wd_passed, *wd_failed + 1);
	if (n > 0)
		(void)!write(1, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	_exit(1);
}

void h_watchdog(unsigned seconds, const char *label, const int *passed, const int *failed, const h_server *s)
{
	wd_label = label;
	wd_passed = passed;
	wd_failed = failed;
	wd_server = s;
	wd_seconds = seconds;
	fflush(stdout);
	signal(SIGALRM, on_alarm);
	alarm(seconds);
}

/* ---- the server process ---- */

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void h_server_cleanup(h_server *s)
{
	if (s->pid > 0)
		h_server_kill(s);
	if (s->dir[0])
		nftw(s->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	s->dir[0] = '\0';
}

void h_server_log_tail(const h_server *s, int lines)
{
	size_t len;
	char *text = h_read_file(s->log, &len);
	if (text == NULL)
		return;
	size_t i = len;
	int seen = 0;
	while (i > 0 && seen <= lines) {
		i--;
		if (text[i] == '\n')
			seen++;
	}
	fprintf(stderr, "--- server log (%s), last lines:\n%s\n---\n", s->log, text + i);
	free(text);
}

bool h_server_log_clean(const h_server *s, char *why, size_t whylen)
{
	char *text = h_read_file(s->log, NULL);
	if (text == NULL) {
		snprintf(why, whylen, "cannot read %s", s->log);
		return false;
	}
	static const char *const marks[] = { "AddressSanitizer", "LeakSanitizer", "runtime error:", "ThreadSanitizer" };
	const char *hit = NULL;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0] && !hit; i++)
		hit = strstr(text, marks[i]);
	if (hit) {
		const char *start = hit;
		while (start > text && start[-1] != '\n')
			start--;
		size_t n = strcspn(start, "\n");
		snprintf(why, whylen, "%.*s", (int)(n < 400 ? n : 400), start);
	}
	free(text);
	return hit == NULL;
}

/* Reaps the child if it has exited; true when it is gone. */
static bool reap(h_server *s, bool block)
{
	if (s->pid <= 0)
		return true;
	int st;
	pid_t r = waitpid(s->pid, &st, block ? 0 : WNOHANG);
	if (r == s->pid || (r < 0 && errno == ECHILD)) {
		s->last_exit = r == s->pid ? st : -1;
		s->pid = 0;
		return true;
	}
	return false;
}

static bool health_ok(const h_server *s)
{
	h_client *c = h_client_new(s);
	if (c == NULL)
		return false;
	h_resp r = h_http(c, "GET", "/api/v1/health", NULL, NULL, NULL);
	bool ok = r.status == 200;
	h_resp_free(&r);
	h_client_free(c);
	return ok;
}

static int spawn(h_server *s)
{
	unlink(s->portfile);
	s->port = 0;
	s->base[0] = '\0';
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "harness: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* never outlive the test program */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		int nul = open("/dev/null", O_RDONLY);
		if (nul >= 0) {
			dup2(nul, 0);
			close(nul);
		}
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setenv("DIGIDEN_ADMIN_PASSWORD", H_ADMIN_PASSWORD, 1);
		char *argv[8 + H_MAX_EXTRA_ARGS + 1];
		int n = 0;
		argv[n++] = s->bin;
		argv[n++] = (char *)"serve";
		argv[n++] = (char *)"--db";
		argv[n++] = s->db;
		argv[n++] = (char *)"--listen";
		argv[n++] = (char *)"127.0.0.1:0";
		argv[n++] = (char *)"--port-file";
		argv[n++] = s->portfile;
		for (int i = 0; i < H_MAX_EXTRA_ARGS && s->extra_args[i]; i++)
			argv[n++] = (char *)s->extra_args[i];
		argv[n] = NULL;
		execv(s->bin, argv);
		fprintf(stderr, "harness: exec %s: %s\n", s->bin, strerror(errno));
		_exit(127);
	}
	s->pid = pid;
	double deadline = h_now() + 20.0;
	while (h_now() < deadline) {
		if (reap(s, false)) {
			fprintf(stderr, "harness: the server exited during start-up (wait status %d)\n", s->last_exit);
			h_server_log_tail(s, 20);
			return -1;
		}
		if (s->port == 0) {
			char *text = h_read_file(s->portfile, NULL);
			int port = 0;
			char nl = 0;
			/* the file is complete once its newline is there */
			if (text && sscanf(text, "%d%c", &port, &nl) == 2 && nl == '\n' && port > 0 && port < 65536) {
				s->port = port;
				snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", port);
			}
			free(text);
		}
		if (s->port != 0 && health_ok(s))
			return 0;
		sleep_ms(20);
	}
	fprintf(stderr, "harness: the server did not become ready within 20 s (port %d)\n", s->port);
	h_server_log_tail(s, 20);
	h_server_kill(s);
	return -1;
}

int h_server_start(h_server *s, const char *bin)
{
	global_init();
	const char *extra[H_MAX_EXTRA_ARGS + 1];
	memcpy(extra, s->extra_args, sizeof extra); /* the one field a caller sets before starting */
	memset(s, 0, sizeof *s);
	memcpy(s->extra_args, extra, sizeof extra);
	s->last_exit = -1;
	if (strlen(bin) >= sizeof s->bin) {
		fprintf(stderr, "harness: binary path too long\n");
		return -1;
	}
	/* an absolute path, so the child can exec it whatever its cwd */
	if (realpath(bin, s->bin) == NULL) {
		fprintf(stderr, "harness: %s: %s\n", bin, strerror(errno));
		return -1;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(s->dir, sizeof s->dir, "%s/digiden-api-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (mkdtemp(s->dir) == NULL) {
		fprintf(stderr, "harness: mkdtemp %s: %s\n", s->dir, strerror(errno));
		s->dir[0] = '\0';
		return -1;
	}
	snprintf(s->db, sizeof s->db, "%s/t.db", s->dir);
	snprintf(s->portfile, sizeof s->portfile, "%s/port", s->dir);
	snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
	if (spawn(s) != 0) {
		h_server_cleanup(s);
		return -1;
	}
	return 0;
}

int h_server_restart(h_server *s)
{
	if (s->pid > 0)
		h_server_stop(s);
	return spawn(s);
}

int h_server_stop(h_server *s)
{
	if (s->pid <= 0)
		return 0;
	kill(s->pid, SIGTERM);
	double deadline = h_now() + 10.0;
	while (h_now() < deadline) {
		if (reap(s, false))
			return WIFEXITED(s->last_exit) && WEXITSTATUS(s->last_exit) == 0 ? 0 : -1;
		sleep_ms(10);
	}
	fprintf(stderr, "harness: the server did not stop within 10 s of SIGTERM; killing it\n");
	h_server_kill(s);
	return -1;
}

void h_server_kill(h_server *s)
{
	if (s->pid <= 0)
		return;
	kill(s->pid, SIGKILL);
	reap(s, true);
}

/* ---- the client ---- */

h_client *h_client_new(const h_server *s)
{
	global_init();
	h_client *c = calloc(1, sizeof *c);
	if (c == NULL)
		return NULL;
	c->curl = curl_easy_init();
	if (c->curl == NULL) {
		free(c);
		return NULL;
	}
	h_client_retarget(c, s);
	return c;
}

void h_client_retarget(h_client *c, const h_server *s) { snprintf(c->base, sizeof c->base, "%s", s->base); }

void h_client_set_source(h_client *c, const char *address)
{
	snprintf(c->source, sizeof c->source, "%s", address ? address : "");
	curl_easy_reset(c->curl);
}

void h_client_free(h_client *c)
{
	if (c == NULL)
		return;
	curl_easy_cleanup(c->curl);
	free(c);
}

static h_jar *jar_find(h_client *c, const char *name, bool create)
{
	for (size_t i = 0; i < c->njars; i++)
		if (strcmp(c->jars[i].name, name) == 0)
			return &c->jars[i];
	if (!create || c->njars >= H_MAX_JARS)
		return NULL;
	h_jar *j = &c->jars[c->njars++];
	snprintf(j->name, sizeof j->name, "%s", name);
	j->cookie[0] = '\0';
	return j;
}

const char *h_jar_cookie(h_client *c, const char *jar)
{
	h_jar *j = jar_find(c, jar, false);
	return j ? j->cookie : "";
}

void h_jar_set(h_client *c, const char *jar, const char *cookie)
{
	h_jar *j = jar_find(c, jar, true);
	if (j)
		snprintf(j->cookie, sizeof j->cookie, "%s", cookie ? cookie : "");
}

typedef struct {
	char *buf;
	size_t len, cap;
	bool oom;
} growbuf;

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	growbuf *g = userdata;
	size_t n = size * nmemb;
	if (g->len + n + 1 > g->cap) {
		size_t cap = (g->len + n + 1) * 2;
		char *nb = realloc(g->buf, cap);
		if (nb == NULL) {
			g->oom = true;
			return 0;
		}
		g->buf = nb;
		g->cap = cap;
	}
	memcpy(g->buf + g->len, data, n);
	g->len += n;
	g->buf[g->len] = '\0';
	return n;
}

typedef struct {
	bool seen;
	char value[200];
	char header[512];
	char all[2048]; /* every header line, as received (cut at the size) */
	size_t all_len;
} cookie_capture;

static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	cookie_capture *cc = userdata;
	size_t n = size * nmemb;
	if (cc->all_len + n < sizeof cc->all) {
		memcpy(cc->all + cc->all_len, data, n);
		cc->all_len += n;
		cc->all[cc->all_len] = '\0';
	}
	static const char name[] = "set-cookie:";
	if (n > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
		const char *p = data + sizeof name - 1, *end = data + n;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		static const char ck[] = "digiden_session=";
		if ((size_t)(end - p) >= sizeof ck - 1 && strncmp(p, ck, sizeof ck - 1) == 0) {
			p += sizeof ck - 1;
			size_t v = 0;
			while (p + v < end && p[v] != ';' && p[v] != '\r' && p[v] != '\n' && v + 1 < sizeof cc->value)
				v++;
			memcpy(cc->value, p, v);
			cc->value[v] = '\0';
			cc->seen = true;
			size_t hl = (size_t)(end - (data + sizeof name - 1));
			const char *hp = data + sizeof name - 1;
			while (hl > 0 && (*hp == ' ' || *hp == '\t')) {
				hp++;
				hl--;
			}
			while (hl > 0 && (hp[hl - 1] == '\r' || hp[hl - 1] == '\n'))
				hl--;
			if (hl >= sizeof cc->header)
				hl = sizeof cc->header - 1;
			memcpy(cc->header, hp, hl);
			cc->header[hl] = '\0';
		}
	}
	return n;
}

typedef struct {
	const char *data;
	size_t len, off;
} upload;

static size_t on_read(char *buf, size_t size, size_t nitems, void *userdata)
{
	upload *u = userdata;
	size_t n = size * nitems;
	if (n > 16384)
		n = 16384;
	if (n > u->len - u->off)
		n = u->len - u->off;
	memcpy(buf, u->data + u->off, n);
	u->off += n;
	return n;
}

static h_resp request(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
		      size_t len, const char *jar, bool chunked)
{
	h_resp r = { 0 };
	growbuf g = { 0 };
	cookie_capture cc = { 0 };
	CURL *h = c->curl;
	curl_easy_reset(h); /* keeps the live connection (keep-alive) */
	char url[4096];
	snprintf(url, sizeof url, "%s%s", c->base, path);
	curl_easy_setopt(h, CURLOPT_URL, url);
	if (c->source[0])
		curl_easy_setopt(h, CURLOPT_INTERFACE, c->source);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &g);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &cc);
	curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r.curl_error);
	bool has_body = body != NULL;
	upload up = { body, len, 0 };
	if (chunked && has_body) {
		curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(h, CURLOPT_READDATA, &up);
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	} else if (strcmp(method, "GET") == 0 && !has_body) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	} else {
		if (has_body || strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
			curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(has_body ? len : 0));
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, has_body ? body : "");
		}
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	}
	struct curl_slist *hdrs = curl_slist_append(NULL, "Expect:");
	if (chunked && has_body)
		hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
	char line[512];
	if (c->extra_header[0]) {
		hdrs = curl_slist_append(hdrs, c->extra_header);
		c->extra_header[0] = '\0';
	}
	if (content_type) {
		snprintf(line, sizeof line, "Content-Type: %s", content_type);
		hdrs = curl_slist_append(hdrs, line);
	} else {
		hdrs = curl_slist_append(hdrs, "Content-Type:");
	}
	h_jar *j = jar ? jar_find(c, jar, true) : NULL;
	if (j && j->cookie[0]) {
		snprintf(line, sizeof line, "Cookie: %s", j->cookie);
		hdrs = curl_slist_append(hdrs, line);
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	double t0 = h_now();
	CURLcode rc = curl_easy_perform(h);
	r.seconds = h_now() - t0;
	curl_slist_free_all(hdrs);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
		curl_easy_getinfo(h, CURLINFO_NUM_CONNECTS, &r.new_connections);
		if (cc.seen)
			snprintf(r.set_cookie, sizeof r.set_cookie, "%s", cc.header);
		snprintf(r.headers, sizeof r.headers, "%s", cc.all);
	} else {
		r.status = 0;
		if (r.curl_error[0] == '\0')
			snprintf(r.curl_error, sizeof r.curl_error, "%s", curl_easy_strerror(rc));
	}
	if (g.buf == NULL) {
		g.buf = calloc(1, 1);
		g.len = 0;
	}
	r.body = g.buf;
	r.len = g.len;
	if (r.status != 0 && r.len > 0)
		r.json = json_loadb(r.body, r.len, 0, NULL);
	if (r.status != 0 && j && cc.seen) {
		if (cc.value[0])
			snprintf(j->cookie, sizeof j->cookie, "digiden_session=%s", cc.value);
		else
			j->cookie[0] = '\0'; /* the server cleared the cookie (logout) */
	}
	return r;
}

h_resp h_http_raw(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
		  size_t len, const char *jar)
{
	return request(c, method, path, content_type, body, len, jar, false);
}

h_resp h_http_chunked(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
		      size_t len, const char *jar)
{
	return request(c, method, path, content_type, body, len, jar, true);
}

h_resp h_http(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
	      const char *jar)
{
	return h_http_raw(c, method, path, content_type, body, body ? strlen(body) : 0, jar);
}

h_resp h_http_hdr(h_client *c, const char *method, const char *path, const char *content_type, const char *body,
		  const char *jar, const char *header)
{
	snprintf(c->extra_header, sizeof c->extra_header, "%s", header ? header : "");
	return h_http(c, method, path, content_type, body, jar);
}

int h_client_port(const h_client *c)
{
	const char *colon = strrchr(c->base, ':');
	return colon ? atoi(colon + 1) : 0;
}

h_resp h_http_json(h_client *c, const char *method, const char *path, const json_t *j, const char *jar)
{
	char *text = json_dumps(j, JSON_COMPACT);
	h_resp r = h_http(c, method, path, "application/json", text ? text : "null", jar);
	free(text);
	return r;
}

void h_resp_free(h_resp *r)
{
	json_decref(r->json);
	free(r->body);
	r->json = NULL;
	r->body = NULL;
}

const char *h_err_code(const h_resp *r)
{
	const char *code = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
	return code ? code : "";
}

const char *h_resp_brief(const h_resp *r)
{
	static _Thread_local char buf[480];
	if (r->status == 0)
		snprintf(buf, sizeof buf, "no response (%s)", r->curl_error);
	else
		snprintf(buf, sizeof buf, "%ld %.400s%s", r->status, r->body ? r->body : "",
			 r->body && strlen(r->body) > 400 ? "…" : "");
	return buf;
}

long h_login(h_client *c, const char *jar, const char *login, const char *password)
{
	json_t *b = json_pack("{ssss}", "login", login, "password", password);
	h_resp r = h_http_json(c, "POST", "/api/v1/session", b, jar);
	json_decref(b);
	long st = r.status;
	h_resp_free(&r);
	return st;
}
