/* test_hostile.c — the defects of issue 10, each as a test that failed before it was
 * fixed: a careless or hostile client against a real `digiden serve` on loopback.
 *
 *   test_hostile DIGIDEN_BINARY
 *
 * Raw sockets where curl would be too polite (a header line every second, a body of
 * a gigabyte, a thousand idle connections). Clients that play "other machines"
 * connect from other 127/8 addresses (127.0.0.2 …), which Linux routes to loopback.
 * Prints ok/FAIL lines and one line "hostile tests: N passed, M failed". */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define PW "hostile-password-1"

/* ---- raw sockets ---- */

/* A TCP connection to 127.0.0.1:port from the local address src (NULL: any); -1 on failure. */
static int connect_from(const char *src, int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (src) {
		struct sockaddr_in la = { .sin_family = AF_INET };
		inet_pton(AF_INET, src, &la.sin_addr);
		if (bind(fd, (struct sockaddr *)&la, sizeof la) != 0) {
			close(fd);
			return -1;
		}
	}
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool send_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
		if (k <= 0)
			return false;
		s += k;
		n -= (size_t)k;
	}
	return true;
}

/* Reads what the server sends within `seconds` (until it closes); returns the bytes
 * read into buf (NUL-terminated) and sets *closed when the server closed the socket. */
static size_t read_for(int fd, double seconds, char *buf, size_t cap, bool *closed)
{
	size_t n = 0;
	*closed = false;
	double end = h_now() + seconds;
	while (h_now() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int ms = (int)((end - h_now()) * 1000) + 1;
		if (poll(&p, 1, ms) <= 0)
			continue;
		char tmp[4096];
		ssize_t k = recv(fd, tmp, sizeof tmp, 0);
		if (k <= 0) {
			*closed = true;
			break;
		}
		size_t take = (size_t)k < cap - 1 - n ? (size_t)k : cap - 1 - n;
		memcpy(buf + n, tmp, take);
		n += take;
	}
	buf[n] = '\0';
	return n;
}

/* Whether the server closed fd within seconds (reading and dropping what it sends). */
static bool closed_within(int fd, double seconds)
{
	char buf[8192];
	bool closed;
	read_for(fd, seconds, buf, sizeof buf, &closed);
	return closed;
}

static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	FILE *f = fopen(path, "r");
	long kib = -1;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static long health(h_client *c)
{
	h_resp r = h_http(c, "GET", "/api/v1/health", NULL, NULL, NULL);
	long st = r.status;
	h_resp_free(&r);
	return st;
}

/* ---- setup ---- */

static json_t *EXAMPLE;
static char CSRF[65]; /* natori's session CSRF token */

static long login_keep_csrf(h_client *c, const char *jar, const char *login)
{
	json_t *b = json_pack("{ssss}", "login", login, "password", PW);
	h_resp r = h_http_json(c, "POST", "/api/v1/session", b, jar);
	json_decref(b);
	const char *t = json_string_value(json_object_get(r.json, "csrf_token"));
	if (t && strlen(t) == 64)
		snprintf(CSRF, sizeof CSRF, "%s", t);
	long st = r.status;
	h_resp_free(&r);
	return st;
}

static json_int_t setup_users(h_client *c)
{
	h_login(c, "admin", "admin", H_ADMIN_PASSWORD);
	json_t *u = json_pack("{ssssssss}", "login", "natori", "password", PW, "role", "applicant", "organization", "042072");
	h_resp r = h_http_json(c, "POST", "/api/v1/users", u, "admin");
	json_decref(u);
	h_resp_free(&r);
	long st = login_keep_csrf(c, "natori", "natori");
	r = h_http_json(c, "POST", "/api/v1/applications", EXAMPLE, "natori");
	json_int_t id = json_integer_value(json_object_get(r.json, "id"));
	h_check("setup: natori logs in (csrf_token in the answer) and creates an application", st == 200 && CSRF[0] && id > 0,
	      "login %ld, create %s", st, h_resp_brief(&r));
	h_resp_free(&r);
	return id;
}

static const char *status_of(h_client *c, json_int_t id)
{
	static char st[32];
	char path[96];
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	h_resp r = h_http(c, "GET", path, NULL, NULL, "natori");
	snprintf(st, sizeof st, "%s", r.status == 200 ? json_string_value(json_object_get(r.json, "status")) : "?");
	h_resp_free(&r);
	return st;
}

/* ---- 1. the form POST that hung the server ---- */

static void test_form_hang(h_client *c, json_int_t id)
{
	char body[256], path[96];
	snprintf(body, sizeof body, "csrf=%s&fields=x&fields%%5B0%%5D.a%%5B0%%5D.b=1", CSRF);
	const char *paths[] = { "/applications/new", NULL };
	snprintf(path, sizeof path, "/applications/%lld/edit", (long long)id);
	paths[1] = path;
	for (int i = 0; i < 2; i++) {
		h_resp r = h_http(c, "POST", paths[i], "application/x-www-form-urlencoded", body, "natori");
		h_check(i == 0 ? "#1 form: fields=x then fields[0].a[0].b on /applications/new answers (no hang)"
			     : "#1 form: the same on /applications/{id}/edit answers (no hang)",
		      r.status >= 200 && r.status < 500, "→ %s", h_resp_brief(&r));
		h_resp_free(&r);
	}
	/* a few more shapes of a path running into a text value */
	static const char *const more[] = { "title=x&title.a=1", "title=x&title%5B0%5D.a=1", "services%5B0%5D=x",
					    "services%5B0%5D.name=a&services%5B0%5D.name.x=1",
					    "services%5B0%5D%5B1%5D.a=1", "kpis%5B-1%5D.name=a", "kpis%5B%5D.name=a" };
	bool all = true;
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++) {
		char b[256];
		snprintf(b, sizeof b, "csrf=%s&%s", CSRF, more[i]);
		h_resp r = h_http(c, "POST", "/applications/new", "application/x-www-form-urlencoded", b, "natori");
		if (!(r.status >= 200 && r.status < 500)) {
			all = false;
			h_check("#1 form: odd paths answer", false, "%s → %s", more[i], h_resp_brief(&r));
		}
		h_resp_free(&r);
	}
	if (all)
		h_check("#1 form: seven more odd field paths answer", true, "%s", "");
	h_check("#1 form: the server still answers /health", health(c) == 200, "%s", "");
}

/* ---- 3. CSRF on body-less API POSTs and cross-origin requests ---- */

static void test_csrf(h_client *c, json_int_t id)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/applications/%lld/consult", (long long)id);
	static const char *const types[] = { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
					     NULL };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		h_resp r = h_http(c, "POST", path, types[i], types[i] ? "x=1" : NULL, "natori");
		char name[160];
		snprintf(name, sizeof name, "#3 csrf: body-less POST consult with Content-Type %s and no token → 403", types[i] ? types[i] : "(none)");
		h_check(name, r.status == 403 && strcmp(h_err_code(&r), "CSRF_TOKEN_MISMATCH") == 0, "→ %s", h_resp_brief(&r));
		h_resp_free(&r);
	}
	h_check("#3 csrf: nothing changed (still draft)", strcmp(status_of(c, id), "draft") == 0, "status %s", status_of(c, id));
	/* the header with a wrong token, then the right one */
	char hdr_path[160];
	snprintf(hdr_path, sizeof hdr_path, "%s", path);
	h_resp r = h_http_hdr(c, "POST", hdr_path, "text/plain", NULL, "natori", "X-CSRF-Token: 0000");
	h_check("#3 csrf: a wrong X-CSRF-Token → 403", r.status == 403, "→ %s", h_resp_brief(&r));
	h_resp_free(&r);
	char tok[128];
	snprintf(tok, sizeof tok, "X-CSRF-Token: %s", CSRF);
	r = h_http_hdr(c, "POST", hdr_path, "text/plain", NULL, "natori", tok);
	h_check("#3 csrf: the session's X-CSRF-Token → the action runs", r.status == 200, "→ %s", h_resp_brief(&r));
	h_resp_free(&r);
	h_check("#3 csrf: now in consultation", strcmp(status_of(c, id), "consultation") == 0, "status %s", status_of(c, id));

	/* another origin: refused on API and pages, JSON or not */
	char wpath[96];
	snprintf(wpath, sizeof wpath, "/api/v1/applications/%lld/withdraw", (long long)id);
	r = h_http_hdr(c, "POST", wpath, "application/json", NULL, "natori", "Origin: http://evil.example");
	h_check("#3 origin: JSON POST with Origin of another site → 403 CROSS_ORIGIN",
	      r.status == 403 && strcmp(h_err_code(&r), "CROSS_ORIGIN") == 0, "→ %s", h_resp_brief(&r));
	h_resp_free(&r);
	r = h_http_hdr(c, "POST", wpath, "application/json", NULL, "natori", "Sec-Fetch-Site: cross-site");
	h_check("#3 origin: Sec-Fetch-Site: cross-site → 403", r.status == 403, "→ %s", h_resp_brief(&r));
	h_resp_free(&r);
	r = h_http_hdr(c, "POST", "/login", "application/x-www-form-urlencoded", "login=a&password=b&csrf=x", NULL,
		       "Origin: null");
	h_check("#3 origin: page form POST with Origin: null → 403", r.status == 403, "→ %s", h_resp_brief(&r));
	h_resp_free(&r);
	h_check("#3 origin: nothing changed (still consultation)", strcmp(status_of(c, id), "consultation") == 0, "status %s",
	      status_of(c, id));
	char same[128];
	snprintf(same, sizeof same, "Origin: http://127.0.0.1:%d", h_client_port(c));
	r = h_http_hdr(c, "GET", "/api/v1/me", NULL, NULL, "natori", "Origin: http://evil.example");
	h_check("#3 origin: a GET from another origin is not refused (reads change nothing)", r.status == 200, "→ %s",
	      h_resp_brief(&r));
	h_resp_free(&r);
	json_t *put = json_deep_copy(EXAMPLE);
	char *text = json_dumps(put, JSON_COMPACT);
	char ppath[96];
	snprintf(ppath, sizeof ppath, "/api/v1/applications/%lld", (long long)id);
	r = h_http_hdr(c, "PUT", ppath, "application/json", text, "natori", same);
	h_check("#3 origin: the same origin in Origin is accepted", r.status != 403, "→ %s", h_resp_brief(&r));
	h_resp_free(&r);
	free(text);
	json_decref(put);
}

/* ---- 9. a body announced as a gigabyte, and one sent as one ---- */

static void test_big_bodies(const h_server *s, h_client *c)
{
	int fd = connect_from(NULL, s->port);
	const char *req = "POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
			  "Content-Length: 1073741824\r\n\r\n";
	double t0 = h_now();
	char buf[4096];
	bool closed;
	size_t n = fd >= 0 && send_all(fd, req, strlen(req)) ? read_for(fd, 3.0, buf, sizeof buf, &closed) : 0;
	double took = h_now() - t0;
	h_check("#9 Content-Length: 1073741824 → 413 from the header, before any body byte",
	      n > 12 && strncmp(buf, "HTTP/1.1 413", 12) == 0 && took < 2.5, "got %.60s in %.2f s", buf, took);
	if (fd >= 0)
		close(fd);

	/* chunked, no length: read and dropped up to 16 MiB, then the connection closes */
	fd = connect_from(NULL, s->port);
	const char *head = "PUT /api/v1/applications/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
			   "Transfer-Encoding: chunked\r\n\r\n";
	static char chunk[65536 + 16];
	int hl = snprintf(chunk, sizeof chunk, "10000\r\n");
	memset(chunk + hl, 'a', 65536);
	memcpy(chunk + hl + 65536, "\r\n", 2);
	size_t clen = (size_t)hl + 65536 + 2;
	bool ok = fd >= 0 && send_all(fd, head, strlen(head));
	size_t sent = 0;
	t0 = h_now();
	while (ok && sent < (size_t)1024 * 1024 * 1024 && h_now() - t0 < 20) {
		if (!send_all(fd, chunk, clen))
			break; /* the server closed it */
		sent += 65536;
	}
	h_check("#9 a chunked body of a gigabyte is cut off (connection closed long before 1 GiB)",
	      sent < (size_t)256 * 1024 * 1024, "sent %zu MiB before the server closed", sent >> 20);
	if (fd >= 0)
		close(fd);
	long kib = rss_kib(s->pid);
	h_check("#9 the server's memory stays bounded (< 200 MiB)", kib > 0 && kib < 200 * 1024, "VmRSS %ld KiB", kib);
	h_check("#9 the server still answers /health", health(c) == 200, "%s", "");
}

/* ---- 11. NUL and control bytes in the target ---- */

static void test_targets(h_client *c)
{
	static const char *const bad[] = { "/static/tokens.css%00.txt", "/static/tokens.css%00", "/api/v1/health%0a",
					   "/results%1b", "/static/%7f" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		h_resp r = h_http(c, "GET", bad[i], NULL, NULL, NULL);
		char name[128];
		snprintf(name, sizeof name, "#11 target %s → 400", bad[i]);
		h_check(name, r.status == 400, "→ %s", h_resp_brief(&r));
		h_resp_free(&r);
	}
	h_resp r = h_http(c, "GET", "/static/tokens.css", NULL, NULL, NULL);
	h_check("#11 target /static/tokens.css → 200 (the real file still served)", r.status == 200, "→ %ld", r.status);
	h_resp_free(&r);
	r = h_http(c, "GET", "/results?q=%E5%90%8D%E5%8F%96", NULL, NULL, NULL);
	h_check("#11 a query with percent-encoded UTF-8 is fine → 200", r.status == 200, "→ %ld", r.status);
	h_resp_free(&r);
}

/* ---- 4. slow clients, many clients ---- */

typedef struct {
	int *fds;
	int n;
} fdset;

static void fds_close(fdset *f)
{
	for (int i = 0; i < f->n; i++)
		if (f->fds[i] >= 0)
			close(f->fds[i]);
	free(f->fds);
	f->fds = NULL;
	f->n = 0;
}

/* Opens n connections from src; how many connected. */
static int open_many(fdset *f, const char *src, int port, int n)
{
	f->fds = calloc((size_t)n, sizeof(int));
	f->n = n;
	int ok = 0;
	for (int i = 0; i < n; i++) {
		f->fds[i] = connect_from(src, port);
		ok += f->fds[i] >= 0;
	}
	return ok;
}

/* How many of f the server has closed (non-blocking look). */
static int count_closed(fdset *f)
{
	int closed = 0;
	for (int i = 0; i < f->n; i++) {
		if (f->fds[i] < 0) {
			closed++;
			continue;
		}
		struct pollfd p = { .fd = f->fds[i], .events = POLLIN };
		if (poll(&p, 1, 0) > 0) {
			char b[512];
			ssize_t k = recv(f->fds[i], b, sizeof b, MSG_DONTWAIT);
			if (k <= 0 && !(k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)))
				closed++;
		}
	}
	return closed;
}

static void test_slow_clients(const char *bin)
{
	static h_server s;
	s.extra_args[0] = "--request-timeout";
	s.extra_args[1] = "2";
	s.extra_args[2] = "--idle-timeout";
	s.extra_args[3] = "4";
	s.extra_args[4] = "--per-ip-connections";
	s.extra_args[5] = "16";
	s.extra_args[6] = NULL;
	if (h_server_start(&s, bin) != 0) {
		h_check("#4 start a server with short deadlines", false, "see stderr");
		return;
	}
	h_client *c = h_client_new(&s);

	/* 600 sockets from one address, each trickling a header line every second */
	fdset lor = { 0 };
	int connected = open_many(&lor, "127.0.0.3", s.port, 600);
	for (int i = 0; i < lor.n; i++)
		if (lor.fds[i] >= 0)
			send_all(lor.fds[i], "GET / HTTP/1.1\r\n", 16);
	double t0 = h_now();
	long during = health(c);
	double health_s = h_now() - t0;
	h_check("#4 600 trickling sockets from one address: /health from another answers at once",
	      during == 200 && health_s < 2.0, "→ %ld in %.2f s (%d of 600 connected)", during, health_s, connected);
	h_client_set_source(c, "127.0.0.4");
	long fresh = health(c);
	h_client_set_source(c, NULL);
	h_check("#4 … and a new client on a fresh address too", fresh == 200, "→ %ld", fresh);
	int early_closed = count_closed(&lor);
	h_check("#4 one address holds at most --per-ip-connections (16) of them", lor.n - early_closed <= 16 + 2,
	      "%d still open right away", lor.n - early_closed);
	/* keep trickling: a header line a second never completes the request in 2 s */
	for (int round = 0; round < 4; round++) {
		sleep(1);
		for (int i = 0; i < lor.n; i++)
			if (lor.fds[i] >= 0)
				send(lor.fds[i], "X-a: b\r\n", 8, MSG_NOSIGNAL | MSG_DONTWAIT);
	}
	int closed_late = count_closed(&lor);
	h_check("#4 the trickling connections are closed by the request deadline (2 s)", closed_late == lor.n,
	      "%d of %d closed after 4 s", closed_late, lor.n);
	fds_close(&lor);

	/* one byte a second, in the headers and in a body */
	int fd = connect_from("127.0.0.5", s.port);
	t0 = h_now();
	bool cut = false;
	const char *line = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
	for (size_t i = 0; fd >= 0 && i < strlen(line) && h_now() - t0 < 10; i++) {
		if (send(fd, line + i, 1, MSG_NOSIGNAL) != 1 || closed_within(fd, 1.0)) {
			cut = true;
			break;
		}
	}
	double cut_after = h_now() - t0;
	h_check("#4 headers at one byte a second: closed at the deadline", cut && cut_after < 5.0, "closed %s after %.1f s",
	      cut ? "yes" : "no", cut_after);
	if (fd >= 0)
		close(fd);
	fd = connect_from("127.0.0.5", s.port);
	const char *post = "POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";
	t0 = h_now();
	cut = false;
	if (fd >= 0 && send_all(fd, post, strlen(post)))
		for (int i = 0; i < 12; i++)
			if (send(fd, "{", 1, MSG_NOSIGNAL) != 1 || closed_within(fd, 1.0)) {
				cut = true;
				break;
			}
	cut_after = h_now() - t0;
	h_check("#4 a body at one byte a second: closed for falling below the minimum rate", cut && cut_after < 6.0,
	      "closed %s after %.1f s", cut ? "yes" : "no", cut_after);
	if (fd >= 0)
		close(fd);

	/* a thousand idle connections from forty addresses */
	fdset many[40];
	int opened = 0;
	for (int a = 0; a < 40; a++) {
		char src[32];
		snprintf(src, sizeof src, "127.0.1.%d", a + 1);
		opened += open_many(&many[a], src, s.port, 25);
	}
	t0 = h_now();
	long st = health(c);
	health_s = h_now() - t0;
	h_check("#4 1,000 idle connections open: /health answers at once", opened >= 990 && st == 200 && health_s < 2.0,
	      "%d connected, → %ld in %.2f s", opened, st, health_s);
	long kib = rss_kib(s.pid);
	h_check("#4 memory stays bounded with 1,000 connections (< 200 MiB)", kib > 0 && kib < 200 * 1024, "VmRSS %ld KiB", kib);
	sleep(3);
	int gone = 0;
	for (int a = 0; a < 40; a++)
		gone += count_closed(&many[a]);
	h_check("#4 idle connections that never sent a request are closed by the deadline", gone >= opened - 5,
	      "%d of %d closed after 3 s", gone, opened);
	for (int a = 0; a < 40; a++)
		fds_close(&many[a]);
	h_check("#4 afterwards /health answers", health(c) == 200, "%s", "");
	h_client_free(c);
	char why[256];
	h_check("#4 no sanitizer report in the server log", h_server_log_clean(&s, why, sizeof why), "%s", why);
	h_check("#4 the server stops cleanly", h_server_stop(&s) == 0, "exit %d", s.last_exit);
	h_server_cleanup(&s);
}

/* ---- 11. Secure cookies ---- */

static h_resp login_as(h_client *c, const char *jar, const char *login, const char *password, const char *header)
{
	json_t *b = json_pack("{ssss}", "login", login, "password", password);
	char *text = json_dumps(b, JSON_COMPACT);
	h_resp r = h_http_hdr(c, "POST", "/api/v1/session", "application/json", text, jar, header);
	free(text);
	json_decref(b);
	return r;
}

static void test_cookies(const char *bin, h_client *plain)
{
	h_resp r = login_as(plain, "cookie1", "natori", PW, NULL);
	h_check("#11 cookies: on loopback without --secure-cookies, no Secure", r.status == 200 && !strstr(r.set_cookie, "Secure"),
	      "Set-Cookie: %s", r.set_cookie);
	h_resp_free(&r);
	r = login_as(plain, "cookie2", "natori", PW, "X-Forwarded-Proto: https");
	h_check("#11 cookies: behind a proxy saying https → Secure", r.status == 200 && strstr(r.set_cookie, "; Secure"),
	      "Set-Cookie: %s", r.set_cookie);
	h_resp_free(&r);
	static h_server s;
	s.extra_args[0] = "--secure-cookies";
	s.extra_args[1] = NULL;
	if (h_server_start(&s, bin) != 0) {
		h_check("#11 cookies: start with --secure-cookies", false, "see stderr");
		return;
	}
	h_client *c = h_client_new(&s);
	r = login_as(c, "admin", "admin", H_ADMIN_PASSWORD, NULL);
	h_check("#11 cookies: --secure-cookies → Secure", r.status == 200 && strstr(r.set_cookie, "; Secure"), "Set-Cookie: %s",
	      r.set_cookie);
	h_resp_free(&r);
	h_client_free(c);
	h_server_stop(&s);
	h_server_cleanup(&s);
}

/* ---- CLI: BOM, CSV formula injection, import memory ---- */

static int run(const char *cmd)
{
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli(const char *bin, const char *dir)
{
	char *ex = h_find_example(bin, "type1-natori.json");
	size_t len = 0;
	char *text = ex ? h_read_file(ex, &len) : NULL;
	char path[4200], cmd[20000];
	snprintf(path, sizeof path, "%s/bom.json", dir);
	FILE *f = fopen(path, "wb");
	if (f && text) {
		fwrite("\xEF\xBB\xBF", 1, 3, f);
		fwrite(text, 1, len, f);
	}
	if (f)
		fclose(f);
	snprintf(cmd, sizeof cmd, "%s check --json %s > %s/bom.out 2>&1", bin, path, dir);
	int rc = run(cmd);
	h_check("#11 check: a UTF-8 BOM before the JSON is accepted and skipped (exit 0)", rc == 0, "exit %d", rc);
	free(text);
	free(ex);

	/* formula injection: imported, exported neutralised; JSON keeps the true text */
	snprintf(path, sizeof path, "%s/inject.csv", dir);
	f = fopen(path, "w");
	if (f) {
		fputs("round,menu,prefecture,organization,organization_code,title,fields,project_cost_yen,national_share_yen,status\n"
		      "digital-implementation/fy2022-supp,telework_high,北海道,室蘭市,012050,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\","
		      "industry,61480000,46110000,granted\n"
		      "digital-implementation/fy2022-supp,telework_high,北海道,函館市,012025,@SUM(1+1),industry,1000000,500000,granted\n",
		      f);
		fclose(f);
	}
	snprintf(cmd, sizeof cmd,
		 "cd %s && %s import-decisions --db inject.db %s > /dev/null 2>&1 && %s export-decisions --db inject.db > export.csv 2>/dev/null",
		 dir, bin, path, bin);
	rc = run(cmd);
	snprintf(path, sizeof path, "%s/export.csv", dir);
	char *out = h_read_file(path, &len);
	h_check("#8 export-decisions neutralises a title starting with = (leading apostrophe)",
	      rc == 0 && out && strstr(out, "\"'=HYPERLINK(\"\"http://evil.example\"\"") != NULL && !strstr(out, ",\"=HYPERLINK"),
	      "exit %d, export: %.300s", rc, out ? out : "(none)");
	h_check("#8 … and one starting with @", out && strstr(out, ",'@SUM(1+1),") != NULL, "export: %.300s", out ? out : "(none)");
	free(out);
	snprintf(cmd, sizeof cmd, "cd %s && %s report --db inject.db --by menu --format csv --output report.csv > /dev/null 2>&1", dir, bin);
	rc = run(cmd);
	snprintf(path, sizeof path, "%s/report.csv", dir);
	out = h_read_file(path, &len);
	h_check("#8 the report CSV keeps numbers as numbers (46110000 + 500000 = 46610000, no apostrophe)",
	      rc == 0 && out && strstr(out, ",46610000") != NULL && strstr(out, "'4") == NULL, "exit %d, report: %.400s", rc,
	      out ? out : "(none)");
	free(out);

	/* import-decisions memory is linear: 16,000 rows stay far below what 3,000 took before (5.5 GB) */
	snprintf(path, sizeof path, "%s/many.csv", dir);
	f = fopen(path, "w");
	if (f) {
		fputs("round,menu,prefecture,organization,organization_code,title,fields,project_cost_yen,national_share_yen,status\n", f);
		for (int i = 0; i < 16000; i++)
			fprintf(f, "digital-implementation/fy2022-supp,telework_high,北海道,室蘭市,012050,サテライトオフィス整備 第%d号,industry,%d,%d,granted\n",
				i, 1000000 + i, 500000);
		fclose(f);
	}
	pid_t pid = fork();
	if (pid == 0) {
		char db[4300];
		snprintf(db, sizeof db, "%s/many.db", dir);
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 1);
		dup2(devnull, 2);
		execl(bin, bin, "import-decisions", "--db", db, path, (char *)NULL);
		_exit(127);
	}
	int wst = 0;
	struct rusage ru = { 0 };
	wait4(pid, &wst, 0, &ru);
	h_check("#2 import-decisions of 16,000 rows succeeds with peak memory < 300 MiB",
	      WIFEXITED(wst) && WEXITSTATUS(wst) == 0 && ru.ru_maxrss < 300 * 1024, "exit %d, peak RSS %ld KiB",
	      WIFEXITED(wst) ? WEXITSTATUS(wst) : -1, ru.ru_maxrss);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY\n", argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max; /* 1,000 sockets of our own */
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	char *ex = h_find_example(argv[1], "type1-natori.json");
	json_error_t je;
	EXAMPLE = ex ? json_load_file(ex, 0, &je) : NULL;
	free(ex);
	if (EXAMPLE == NULL) {
		printf("FAIL read examples/type1-natori.json\nhostile tests: 0 passed, 1 failed\n");
		return 1;
	}
	static h_server s;
	h_watchdog(400, "hostile tests", &h_passed, &h_failed, &s);
	if (h_server_start(&s, argv[1]) != 0) {
		printf("FAIL start the server: see stderr\nhostile tests: 0 passed, 1 failed\n");
		return 1;
	}
	h_client *c = h_client_new(&s);
	json_int_t id = setup_users(c);
	if (id > 0) {
		test_form_hang(c, id);
		test_csrf(c, id);
	}
	test_targets(c);
	test_big_bodies(&s, c);
	test_cookies(argv[1], c);
	char why[256];
	h_check("server log has no sanitizer report", h_server_log_clean(&s, why, sizeof why), "%s", why);
	h_client_free(c);
	h_check("the server stops cleanly on SIGTERM", h_server_stop(&s) == 0, "exit %d", s.last_exit);
	test_cli(s.bin, s.dir); /* the absolute path: the commands run in the temp dir */
	h_server_cleanup(&s);
	test_slow_clients(argv[1]);
	json_decref(EXAMPLE);
	printf("hostile tests: %d passed, %d failed\n", h_passed, h_failed);
	return h_failed == 0 ? 0 : 1;
}
