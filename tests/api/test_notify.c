/* test_notify.c — notifications end to end (issue 13, part 4): a real `digiden serve`
 * and a real SMTP server on loopback (Debian's python3-aiosmtpd, its Mailbox handler
 * writing a maildir).
 *
 *   test_notify DIGIDEN_BINARY
 *
 * Without --smtp: a submission notifies the office in the app (list, unread count in the
 * page header, mark read, 404 for another's), a refused submission (rule errors, rolled
 * back) writes none, and `digiden outbox --json` lists the unsent mail. With --smtp: the
 * outbox drains into the maildir with a decoded Japanese subject and a link; the sink is
 * killed, two more changes are made, digiden is restarted while the sink is down, the sink
 * comes back and every message arrives exactly once (counted by Message-ID), also after
 * another restart. Deadline reminders: 7 days and 1 day before, once each. Ends with
 * "notify tests: N passed, M failed". */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define ROUND_KEY "digital-implementation/fy2022-supp"
#define PW "correct-horse-battery-1"
#define FROM "digiden@example.jp"

static h_server S;
static h_client *C;
static char maildir[64] = "/tmp/digiden-notify-mail-XXXXXX";
static pid_t sink_pid;
static int sink_port;
static char smtp_url[64];

/* ---- small helpers ---- */

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static h_resp rq(const char *jar, const char *method, const char *path, const json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	h_resp r = h_http(C, method, path, "application/json", text, jar);
	free(text);
	return r;
}

static json_int_t ji(json_t *o, const char *key) { return json_integer_value(json_object_get(o, key)); }
static const char *js(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static const char *ap(json_int_t id, const char *suffix)
{
	static char b[4][128];
	static int k;
	char *p = b[k++ % 4];
	snprintf(p, sizeof b[0], "/api/v1/applications/%lld%s", (long long)id, suffix);
	return p;
}

/* j as compact JSON in a static buffer (for failure messages; nothing to free). */
static const char *jtext(const json_t *j)
{
	static char b[2][1024];
	static int k;
	char *p = b[k++ % 2];
	char *t = j ? json_dumps(j, JSON_COMPACT) : NULL;
	snprintf(p, sizeof b[0], "%s", t ? t : "no answer");
	free(t);
	return p;
}

/* status of one request, the response freed */
static long status_of(h_resp r)
{
	long st = r.status;
	h_resp_free(&r);
	return st;
}

/* Runs argv with stdout into out (malloc'd, may be NULL): the exit status or -1. */
static int run_cli(const char *const argv[], char **out)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, 2);
		close(fds[0]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t k;
	while (buf && (k = read(fds[0], buf + len, cap - len - 1)) > 0) {
		len += (size_t)k;
		if (cap - len < 2) {
			char *g = realloc(buf, cap *= 2);
			if (g == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = g;
		}
	}
	close(fds[0]);
	if (buf)
		buf[len] = '\0';
	int st;
	waitpid(pid, &st, 0);
	if (out)
		*out = buf;
	else
		free(buf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* `digiden outbox --db DB --json`, parsed (NULL on failure). */
static json_t *outbox(void)
{
	const char *argv[] = { S.bin, "outbox", "--db", S.db, "--json", NULL };
	char *out = NULL;
	int rc = run_cli(argv, &out);
	json_t *j = rc == 0 && out ? json_loads(out, 0, NULL) : NULL;
	free(out);
	return j;
}

static json_int_t outbox_total(void)
{
	json_t *o = outbox();
	json_int_t n = o ? ji(o, "total") : -1;
	json_decref(o);
	return n;
}

/* ---- the SMTP sink ---- */

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int port = -1;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static bool port_open(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

/* Starts `python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c aiosmtpd.handlers.Mailbox DIR`
 * (Debian's python3, where the package installs it) and waits until it listens. */
static bool sink_start(void)
{
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", sink_port);
	/* Python's Maildir makes tmp/ new/ cur/ only when it creates the folder itself */
	static const char *const sub[] = { "tmp", "new", "cur" };
	for (int i = 0; i < 3; i++) {
		char d[128];
		snprintf(d, sizeof d, "%s/%s", maildir, sub[i]);
		mkdir(d, 0700);
	}
	sink_pid = fork();
	if (sink_pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen, "-c", "aiosmtpd.handlers.Mailbox",
		      maildir, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200; i++) {
		if (port_open(sink_port))
			return true;
		int st;
		if (waitpid(sink_pid, &st, WNOHANG) == sink_pid) {
			sink_pid = 0;
			return false;
		}
		sleep_ms(50);
	}
	return false;
}

static void sink_kill(void)
{
	if (sink_pid > 0) {
		kill(sink_pid, SIGKILL);
		waitpid(sink_pid, NULL, 0);
	}
	sink_pid = 0;
}

/* ---- reading the maildir ---- */

typedef struct mail {
	char message_id[160];
	char subject[512]; /* decoded */
	char *body;        /* decoded, malloc'd */
	char to[160];
} mail;

static void decode_b64(const char *in, size_t len, char *out, size_t outcap, size_t *outlen)
{
	*outlen = 0;
	if (sodium_base642bin((unsigned char *)out, outcap - 1, in, len, "\r\n\t ", outlen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0)
		*outlen = 0;
	out[*outlen] = '\0';
}

/* The value of header name (unfolded), or "" — into out. */
static void header(const char *msg, const char *name, char *out, size_t cap)
{
	out[0] = '\0';
	size_t nl = strlen(name);
	const char *p = msg;
	while (*p && !(p[0] == '\n' && p == msg)) {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			p += nl + 1;
			size_t n = 0;
			for (;;) {
				while (*p == ' ' || *p == '\t')
					p++;
				while (*p && *p != '\r' && *p != '\n' && n + 1 < cap)
					out[n++] = *p++;
				while (*p == '\r')
					p++;
				if (*p == '\n' && (p[1] == ' ' || p[1] == '\t')) {
					p++;
					continue;
				}
				break;
			}
			out[n] = '\0';
			return;
		}
		const char *e = strchr(p, '\n');
		if (e == NULL || e[1] == '\n' || (e[1] == '\r' && e[2] == '\n'))
			return; /* end of the headers */
		p = e + 1;
	}
}

/* Decodes the =?UTF-8?B?…?= words of a subject. */
static void decode_subject(const char *raw, char *out, size_t cap)
{
	size_t n = 0;
	const char *p = raw;
	out[0] = '\0';
	while ((p = strstr(p, "=?UTF-8?B?")) != NULL) {
		p += 10;
		const char *e = strstr(p, "?=");
		if (e == NULL)
			break;
		char part[256];
		size_t k;
		decode_b64(p, (size_t)(e - p), part, sizeof part, &k);
		if (n + k + 1 < cap) {
			memcpy(out + n, part, k);
			n += k;
			out[n] = '\0';
		}
		p = e + 2;
	}
}

static bool mail_read(const char *path, mail *m)
{
	size_t len;
	char *text = h_read_file(path, &len);
	if (text == NULL)
		return false;
	memset(m, 0, sizeof *m);
	header(text, "Message-ID", m->message_id, sizeof m->message_id);
	header(text, "To", m->to, sizeof m->to);
	char raw[1024];
	header(text, "Subject", raw, sizeof raw);
	decode_subject(raw, m->subject, sizeof m->subject);
	char *b = strstr(text, "\n\n");
	char *b2 = strstr(text, "\r\n\r\n");
	if (b2 && (b == NULL || b2 < b))
		b = b2 + 2;
	m->body = calloc(1, len + 1);
	if (b && m->body) {
		size_t k;
		decode_b64(b + 2, strlen(b + 2), m->body, len + 1, &k);
	}
	free(text);
	return true;
}

typedef struct mails {
	mail items[64];
	size_t n;
} mails;

static void mails_free(mails *ms)
{
	for (size_t i = 0; i < ms->n; i++)
		free(ms->items[i].body);
	ms->n = 0;
}

/* Every message in the maildir's new/ and cur/. */
static void mails_load(mails *ms)
{
	mails_free(ms);
	static const char *const sub[] = { "new", "cur" };
	for (int k = 0; k < 2; k++) {
		char dir[128];
		snprintf(dir, sizeof dir, "%s/%s", maildir, sub[k]);
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL && ms->n < 64) {
			if (e->d_name[0] == '.')
				continue;
			char path[512];
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			if (mail_read(path, &ms->items[ms->n]))
				ms->n++;
		}
		if (d)
			closedir(d);
	}
}

/* Waits (≤ seconds) until the maildir holds at least want messages; how many it holds. */
static size_t mails_wait(mails *ms, size_t want, double seconds)
{
	double until = h_now() + seconds;
	do {
		mails_load(ms);
		if (ms->n >= want)
			break;
		sleep_ms(200);
	} while (h_now() < until);
	return ms->n;
}

/* Whether every Message-ID is there exactly once. */
static bool ids_unique(const mails *ms, char *why, size_t whylen)
{
	for (size_t i = 0; i < ms->n; i++) {
		if (ms->items[i].message_id[0] == '\0') {
			snprintf(why, whylen, "a message without Message-ID");
			return false;
		}
		for (size_t j = i + 1; j < ms->n; j++)
			if (strcmp(ms->items[i].message_id, ms->items[j].message_id) == 0) {
				snprintf(why, whylen, "%s twice", ms->items[i].message_id);
				return false;
			}
	}
	return true;
}

/* ---- the scenario ---- */

static json_int_t user_add(const char *login, const char *role, const char *org)
{
	json_t *b = json_pack("{ssssss}", "login", login, "password", PW, "role", role);
	if (org)
		json_object_set_new(b, "organization", json_string(org));
	h_resp r = rq("admin", "POST", "/api/v1/users", b);
	json_decref(b);
	json_int_t id = r.status == 201 ? ji(r.json, "id") : 0;
	if (id == 0)
		id = ji(json_object_get(r.json, "user"), "id");
	h_check(login, r.status == 201 && id > 0, "POST /api/v1/users %s → %s", login, h_resp_brief(&r));
	h_resp_free(&r);
	return id;
}

static json_t *notifications(const char *jar)
{
	h_resp r = rq(jar, "GET", "/api/v1/notifications", NULL);
	json_t *j = r.status == 200 ? json_incref(r.json) : NULL;
	h_resp_free(&r);
	return j;
}

/* How many of jar's notifications are of kind. */
static size_t count_kind(const char *jar, const char *kind)
{
	json_t *j = notifications(jar);
	size_t n = 0, i;
	json_t *v;
	json_array_foreach(json_object_get(j, "notifications"), i, v) if (strcmp(js(v, "kind"), kind) == 0) n++;
	json_decref(j);
	return n;
}

static bool login_all(void)
{
	return h_login(C, "admin", "admin", H_ADMIN_PASSWORD) == 200 && h_login(C, "natori", "natori", PW) == 200 &&
	       h_login(C, "office1", "office1", PW) == 200;
}

static bool restart(const char *name)
{
	bool ok = h_server_restart(&S) == 0;
	if (ok)
		h_client_retarget(C, &S);
	ok = ok && login_all();
	h_check(name, ok, "the server did not come back");
	return ok;
}

static json_t *example(const char *bin, const char *title)
{
	char *path = h_find_example(bin, "type1-natori.json");
	json_t *b = path ? json_load_file(path, 0, NULL) : NULL;
	free(path);
	if (b && title)
		json_object_set_new(b, "title", json_string(title));
	return b;
}

static json_int_t create(const char *bin, const char *title, bool drop_consortium)
{
	json_t *b = example(bin, title);
	if (drop_consortium)
		json_object_del(b, "consortium");
	h_resp r = rq("natori", "POST", "/api/v1/applications", b);
	json_decref(b);
	json_int_t id = r.status == 201 ? ji(r.json, "id") : 0;
	h_check(title, id > 0, "create → %s", h_resp_brief(&r));
	h_resp_free(&r);
	return id;
}

static void set_deadline(time_t at)
{
	char iso[32];
	struct tm tm;
	gmtime_r(&at, &tm);
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
	const char *argv[] = { S.bin, "round", "open", "--db", S.db, ROUND_KEY, "--deadline", iso, NULL };
	h_check("reminders: digiden round open --deadline", run_cli(argv, NULL) == 0, "round open failed");
}

/* Waits (≤ 10 s) until natori has n notifications of kind. */
static size_t wait_kind(const char *jar, const char *kind, size_t n)
{
	size_t got = 0;
	for (int i = 0; i < 50 && (got = count_kind(jar, kind)) < n; i++)
		sleep_ms(200);
	return got;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_notify DIGIDEN_BINARY\n");
		return 2;
	}
	h_watchdog(240, "notify tests", &h_passed, &h_failed, &S);
	if (sodium_init() < 0 || mkdtemp(maildir) == NULL || (sink_port = free_port()) < 0) {
		fprintf(stderr, "test_notify: setup failed\n");
		return 2;
	}
	snprintf(smtp_url, sizeof smtp_url, "smtp://127.0.0.1:%d", sink_port);
	if (h_server_start(&S, argv[1]) != 0) {
		printf("notify tests: 0 passed, 1 failed\n");
		return 1;
	}
	C = h_client_new(&S);
	h_check("login admin", h_login(C, "admin", "admin", H_ADMIN_PASSWORD) == 200, "admin login failed");

	/* people: an applicant of 名取市, an office user with an address, a reviewer */
	json_int_t natori = user_add("natori", "applicant", "042072");
	json_int_t office1 = user_add("office1", "secretariat", NULL);
	user_add("rev1", "reviewer", NULL);
	h_login(C, "natori", "natori", PW);
	h_login(C, "office1", "office1", PW);
	json_t *em = json_pack("{ss}", "email", "office1@example.jp");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/users/%lld/email", (long long)office1);
	h_check("email: admin sets office1's address → 200", status_of(rq("admin", "PUT", path, em)) == 200, "refused");
	json_decref(em);
	snprintf(path, sizeof path, "/api/v1/users/%lld/email", (long long)office1);
	em = json_pack("{ss}", "email", "natori-steals@example.jp");
	h_check("email: an applicant cannot set another user's address → 404", status_of(rq("natori", "PUT", path, em)) == 404,
		"accepted");
	json_decref(em);
	snprintf(path, sizeof path, "/api/v1/users/%lld/email", (long long)natori);
	em = json_pack("{ss}", "email", "bad address@example.jp");
	h_check("email: a malformed address → 400", status_of(rq("natori", "PUT", path, em)) == 400, "accepted");
	json_decref(em);
	em = json_pack("{ss}", "email", "tanto@city.natori.example.jp");
	h_check("email: natori sets its own address → 200", status_of(rq("natori", "PUT", path, em)) == 200, "refused");
	json_decref(em);

	/* a submission notifies the office, not the applicant who made it */
	json_int_t app = create(argv[1], "名取市 通知のテスト", false);
	h_check("submit → 200", status_of(rq("natori", "POST", ap(app, "/submit"), NULL)) == 200, "refused");
	json_t *n = notifications("office1");
	json_t *first = json_array_get(json_object_get(n, "notifications"), 0);
	h_check("in-app: office1 has the submission, unread",
		n && ji(n, "unread") == 1 && strcmp(js(first, "kind"), "application.submit") == 0 &&
			ji(first, "application") == app && strstr(js(first, "title"), "提出されました") &&
			json_is_false(json_object_get(first, "read")) && js(first, "at")[0] != '\0',
		"%s", jtext(n));
	json_int_t nid = ji(first, "id");
	json_decref(n);
	n = notifications("admin");
	h_check("in-app: admin (office) has it too", n && ji(n, "unread") == 1, "unread %lld", (long long)ji(n, "unread"));
	json_decref(n);
	n = notifications("natori");
	h_check("in-app: the actor is not told of its own change", n && ji(n, "total") == 0, "total %lld",
		(long long)ji(n, "total"));
	json_decref(n);

	/* the count in every page's header */
	h_resp pg = h_http(C, "GET", "/office", NULL, NULL, "office1");
	h_check("page header: 通知 (1) for office1", pg.status == 200 && strstr(pg.body, "通知 (1)") != NULL, "%s",
		h_resp_brief(&pg));
	h_resp_free(&pg);
	pg = h_http(C, "GET", "/notifications", NULL, NULL, "office1");
	h_check("page /notifications lists it with a mark-read form",
		pg.status == 200 && strstr(pg.body, "名取市 通知のテスト") && strstr(pg.body, "既読にする") &&
			strstr(pg.body, "office1@example.jp"),
		"%s", h_resp_brief(&pg));
	h_resp_free(&pg);

	/* a refused submission (rule errors: rolled back) writes no notification */
	json_int_t bad = create(argv[1], "推進体制なし", true);
	h_check("rollback: submitting with rule errors → 422", status_of(rq("natori", "POST", ap(bad, "/submit"), NULL)) == 422,
		"not refused");
	n = notifications("office1");
	h_check("rollback: the refused operation left no notification", n && ji(n, "total") == 1, "total %lld",
		(long long)ji(n, "total"));
	json_decref(n);

	/* mark read: the owner only */
	char rpath[96];
	snprintf(rpath, sizeof rpath, "/api/v1/notifications/%lld/read", (long long)nid);
	h_check("read: another user's notification → 404", status_of(rq("natori", "POST", rpath, NULL)) == 404, "not 404");
	h_check("read: office1 marks it read → 200", status_of(rq("office1", "POST", rpath, NULL)) == 200, "refused");
	n = notifications("office1");
	h_check("read: unread 0, read true", n && ji(n, "unread") == 0 &&
						   json_is_true(json_object_get(json_array_get(json_object_get(n, "notifications"), 0), "read")),
		"unread %lld", (long long)ji(n, "unread"));
	json_decref(n);
	h_resp bp = h_http(C, "GET", "/api/v1/notifications?per_page=501", NULL, NULL, "office1");
	h_check("list: per_page 501 → 400", bp.status == 400, "%s", h_resp_brief(&bp));
	h_resp_free(&bp);
	h_check("list: anonymous → 401", status_of(rq(NULL, "GET", "/api/v1/notifications", NULL)) == 401, "not 401");

	/* without --smtp the mail stays in the outbox */
	h_server_stop(&S);
	json_t *ob = outbox();
	json_t *o0 = json_array_get(json_object_get(ob, "outbox"), 0);
	h_check("outbox without --smtp: office1's mail is waiting (admin has no address)",
		ob && ji(ob, "total") == 1 && strcmp(js(o0, "to"), "office1@example.jp") == 0 && ji(o0, "attempts") == 0 &&
			strstr(js(o0, "subject"), "提出されました"),
		"%s", jtext(ob));
	json_decref(ob);

	/* with --smtp it drains into the sink */
	h_check("sink: aiosmtpd starts", sink_start(), "python3 -m aiosmtpd did not listen on %d", sink_port);
	S.extra_args[0] = "--smtp";
	S.extra_args[1] = smtp_url;
	S.extra_args[2] = "--smtp-from";
	S.extra_args[3] = FROM;
	S.extra_args[4] = NULL;
	if (!restart("restart with --smtp"))
		goto out;
	mails ms = { .n = 0 };
	size_t got = mails_wait(&ms, 1, 15);
	char link[128];
	snprintf(link, sizeof link, "%s/office/applications/%lld", S.base, (long long)app);
	mail *m = got >= 1 ? &ms.items[0] : NULL;
	h_check("mail: one message, Japanese subject decoded", got == 1 && strstr(m->subject, "名取市 通知のテスト") &&
								       strstr(m->subject, "提出されました"),
		"%zu messages, subject \"%s\"", got, m ? m->subject : "");
	h_check("mail: the body links to the page", m && m->body && strstr(m->body, link) && strstr(m->body, "名取市"),
		"body lacks %s", link);
	char want_id[64];
	snprintf(want_id, sizeof want_id, "<digiden.notification.%lld.", (long long)nid);
	h_check("mail: Message-ID from the notification id", m && strncmp(m->message_id, want_id, strlen(want_id)) == 0,
		"Message-ID %s", m ? m->message_id : "");
	h_check("mail: to office1", m && strstr(m->to, "office1@example.jp"), "To %s", m ? m->to : "");
	for (int i = 0; i < 50 && outbox_total() != 0; i++)
		sleep_ms(100);
	h_check("outbox: empty once the server accepted it", outbox_total() == 0, "still %lld", (long long)outbox_total());

	/* the sink goes away; two more changes; digiden restarts while it is down */
	sink_kill();
	h_check("screen → 200 (sink down)", status_of(rq("admin", "POST", ap(app, "/screen"), NULL)) == 200, "refused");
	json_t *cb = json_pack("{ss}", "body", "書類を確認しました。");
	h_check("comment → 201 (sink down)", status_of(rq("admin", "POST", ap(app, "/comments"), cb)) == 201, "refused");
	json_decref(cb);
	/* screen → natori and office1 (both with addresses); comment → natori, office1 */
	sleep_ms(2500);
	ob = outbox();
	bool tried = false;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(ob, "outbox"), i, v) if (ji(v, "attempts") >= 1 && js(v, "last_error")[0]) tried = true;
	h_check("outbox: 4 waiting, tried and failed while the sink is down", ob && ji(ob, "total") == 4 && tried, "%s",
		jtext(ob));
	json_decref(ob);
	h_server_stop(&S);
	if (!restart("restart digiden while the sink is down"))
		goto out;
	sleep_ms(1000);
	h_check("sink: back", sink_start(), "did not listen");
	got = mails_wait(&ms, 5, 30);
	char why[200] = "";
	h_check("drain: all 5 messages arrive after the sink returns", got == 5, "%zu messages", got);
	sleep_ms(3000);
	mails_load(&ms);
	h_check("drain: each exactly once (by Message-ID)", ms.n == 5 && ids_unique(&ms, why, sizeof why), "%zu messages %s",
		ms.n, why);
	h_check("drain: the outbox is empty", outbox_total() == 0, "still %lld", (long long)outbox_total());
	h_server_stop(&S);
	if (!restart("restart after the drain"))
		goto out;
	sleep_ms(2500);
	mails_load(&ms);
	h_check("restart: nothing is sent twice", ms.n == 5 && ids_unique(&ms, why, sizeof why), "%zu messages %s", ms.n, why);

	/* deadline reminders: natori has a draft (bad); 3 days before → the 7-day one, once */
	h_server_stop(&S);
	set_deadline(time(NULL) + 3 * 86400);
	if (!restart("restart with the deadline in 3 days"))
		goto out;
	h_check("reminder: 7 days before, natori is told", wait_kind("natori", "reminder.7d", 1) == 1, "none");
	h_check("reminder: not the office", count_kind("office1", "reminder.7d") == 0, "office told");
	h_server_stop(&S);
	if (!restart("restart again"))
		goto out;
	sleep_ms(1500);
	h_check("reminder: once per round and organization, also after a restart", count_kind("natori", "reminder.7d") == 1,
		"%zu", count_kind("natori", "reminder.7d"));
	h_server_stop(&S);
	set_deadline(time(NULL) + 12 * 3600);
	if (!restart("restart with the deadline in 12 hours"))
		goto out;
	h_check("reminder: 1 day before, once", wait_kind("natori", "reminder.1d", 1) == 1 && count_kind("natori", "reminder.7d") == 1,
		"1d %zu 7d %zu", count_kind("natori", "reminder.1d"), count_kind("natori", "reminder.7d"));
	got = mails_wait(&ms, 7, 15);
	bool reminded = false;
	for (size_t k = 0; k < ms.n; k++)
		if (strstr(ms.items[k].subject, "締切まであと") && strstr(ms.items[k].to, "tanto@city.natori.example.jp"))
			reminded = true;
	h_check("reminder: mailed to natori's address", reminded && ids_unique(&ms, why, sizeof why), "%zu messages %s", ms.n,
		why);
	mails_free(&ms);
out:;
	int stop = h_server_stop(&S);
	h_check("the server stops cleanly on SIGTERM with the notifier", stop == 0, "wait status %d", S.last_exit);
	char lw[256] = "";
	h_check("server log: no sanitizer report", h_server_log_clean(&S, lw, sizeof lw), "%s", lw);
	if (h_failed)
		h_server_log_tail(&S, 30);
	sink_kill();
	h_client_free(C);
	h_server_cleanup(&S);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", maildir);
	if (system(cmd) != 0)
		fprintf(stderr, "test_notify: could not remove %s\n", maildir);
	printf("notify tests: %d passed, %d failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}
