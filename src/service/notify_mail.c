/* notify_mail.c — the mail of the notifications (notify.h): the message in Japanese
 * (UTF-8, RFC 2047 subject, base64 body) and the notifier thread of a server, which
 * writes the deadline reminders and delivers the outbox with libcurl's SMTP: a row is
 * claimed (a lease, so two senders never send it at once), sent, and marked sent only
 * after the server accepted it; a failure waits 1, 2, 4 … seconds (at most 10 minutes)
 * before that row's next attempt. */
#define CURL_DISABLE_TYPECHECK /* the calls go through the pointers below */
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notify.h"
#include "service_internal.h"

/* How long a claimed row is the sender's: longer than one transfer may take (CURLOPT_TIMEOUT). */
#define MAIL_LEASE_S 120
#define MAIL_TIMEOUT_S 60
#define MAIL_MAX_DELAY_S 600
#define MAIL_BATCH 50
#define REMIND_EVERY_S 60

/* ---- libcurl, loaded when a server is started with --smtp ----
 * Linked into the binary, libcurl and the ~20 libraries it needs made every command
 * start slower (`digiden check` of one file 4 → 13 ms); only the mail sender needs it. */

static struct {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_reset)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} lc;
static pthread_once_t lc_once = PTHREAD_ONCE_INIT;
static bool lc_ok;

static void lc_load(void)
{
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (h == NULL)
		return;
	struct {
		void **fn;
		const char *name;
	} syms[] = {
		{ (void **)&lc.global_init, "curl_global_init" },     { (void **)&lc.global_cleanup, "curl_global_cleanup" },
		{ (void **)&lc.easy_init, "curl_easy_init" },         { (void **)&lc.easy_reset, "curl_easy_reset" },
		{ (void **)&lc.easy_setopt, "curl_easy_setopt" },     { (void **)&lc.easy_perform, "curl_easy_perform" },
		{ (void **)&lc.easy_cleanup, "curl_easy_cleanup" },   { (void **)&lc.easy_strerror, "curl_easy_strerror" },
		{ (void **)&lc.slist_append, "curl_slist_append" },   { (void **)&lc.slist_free_all, "curl_slist_free_all" },
	};
	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++)
		if ((*syms[i].fn = dlsym(h, syms[i].name)) == NULL)
			return; /* kept open: a half-resolved library is simply not used */
	lc_ok = true;
}

static bool curl_available(void)
{
	pthread_once(&lc_once, lc_load);
	return lc_ok;
}

#undef curl_easy_setopt /* curl.h's wrapper macro, even without type checks */
#define curl_global_init lc.global_init
#define curl_global_cleanup lc.global_cleanup
#define curl_easy_init lc.easy_init
#define curl_easy_reset lc.easy_reset
#define curl_easy_setopt lc.easy_setopt
#define curl_easy_perform lc.easy_perform
#define curl_easy_cleanup lc.easy_cleanup
#define curl_easy_strerror lc.easy_strerror
#define curl_slist_append lc.slist_append
#define curl_slist_free_all lc.slist_free_all

/* ---- the message ---- */

/* base64 of len bytes of p (no line breaks) onto f. */
static void put_base64(FILE *f, const unsigned char *p, size_t len)
{
	char out[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
	while (len > 0) {
		size_t k = len < 57 ? len : 57; /* 57 bytes are one 76-character line */
		sodium_bin2base64(out, sizeof out, p, k, sodium_base64_VARIANT_ORIGINAL);
		fputs(out, f);
		p += k;
		len -= k;
		if (len > 0)
			fputs("\r\n", f);
	}
}

/* The subject as RFC 2047 encoded words of at most 39 bytes each (64 characters with
 * their markers: "Subject: " and the first stay within 78), never splitting a character,
 * folded onto continuation lines. */
static void put_subject(FILE *f, const char *s)
{
	size_t len = strlen(s), i = 0;
	fputs("Subject: ", f);
	while (i < len) {
		size_t j = i + 39 < len ? i + 39 : len;
		while (j > i + 1 && j < len && ((unsigned char)s[j] & 0xC0) == 0x80)
			j--;
		if (i > 0)
			fputs("\r\n ", f);
		fputs("=?UTF-8?B?", f);
		put_base64(f, (const unsigned char *)s + i, j - i);
		fputs("?=", f);
		i = j;
	}
	fputs("\r\n", f);
}

/* text with every "\n" as "\r\n", onto f. */
static void put_crlf(FILE *f, const char *text)
{
	for (; *text; text++) {
		if (*text == '\n')
			fputc('\r', f);
		fputc(*text, f);
	}
}

char *svc_mail_compose(const store_notification *n, const char *from, const char *base_url, size_t *len)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char *out = NULL, *text = NULL;
	size_t size = 0, text_len = 0;
	struct tm tm = { 0 };
	if (strptime(n->at, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return NULL;
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	char stamp[24] = "";
	for (const char *p = n->at; *p && strlen(stamp) < sizeof stamp - 1; p++)
		if (*p >= '0' && *p <= '9')
			strncat(stamp, p, 1);
	const char *domain = strchr(from, '@');
	FILE *b = open_memstream(&text, &text_len);
	if (b == NULL)
		return NULL;
	put_crlf(b, n->title);
	fputs("\r\n\r\n", b);
	put_crlf(b, n->body);
	fprintf(b, "\r\n\r\n%s%s\r\n\r\n-- \r\n", base_url ? base_url : "", n->link);
	put_crlf(b, "digiden（デジタル田園都市国家構想交付金）からの自動送信です。\n通知は画面の「通知」でも確かめられます。\n");
	if (fclose(b) != 0) {
		free(text);
		return NULL;
	}
	FILE *f = open_memstream(&out, &size);
	if (f == NULL) {
		free(text);
		return NULL;
	}
	fprintf(f, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
		tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
	fprintf(f, "From: %s\r\nTo: %s\r\n", from, n->email);
	put_subject(f, n->title);
	/* the same id on every attempt: a resend after a crash is recognisably the same mail */
	fprintf(f, "Message-ID: <digiden.notification.%lld.%s@%s>\r\n", (long long)n->id, stamp,
		domain && domain[1] ? domain + 1 : "digiden.invalid");
	fprintf(f, "X-Digiden-Notification: %lld\r\nMIME-Version: 1.0\r\n"
		   "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		(long long)n->id);
	put_base64(f, (const unsigned char *)text, text_len);
	fputs("\r\n", f);
	free(text);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	*len = size;
	return out;
}

/* ---- the notifier ---- */

struct notify_worker {
	notify_options o;
	store *st;
	svc svc;
	CURL *curl;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_bool stop;
};

typedef struct upload {
	const char *p;
	size_t left;
} upload;

static size_t upload_read(char *buf, size_t size, size_t nitems, void *ud)
{
	upload *u = ud;
	size_t k = size * nitems < u->left ? size * nitems : u->left;
	memcpy(buf, u->p, k);
	u->p += k;
	u->left -= k;
	return k;
}

/* Abandons a transfer when the server is stopping (the row stays unsent). */
static int upload_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)dt, (void)dn, (void)ut, (void)un;
	return atomic_load(&((notify_worker *)ud)->stop) ? 1 : 0;
}

/* Sends msg to rcpt: 0 once the server accepted it, else -1 with why. */
static int smtp_send(notify_worker *w, const char *rcpt, const char *msg, size_t len, char *why, size_t whylen)
{
	char from[300], to[300], errbuf[CURL_ERROR_SIZE] = "";
	snprintf(from, sizeof from, "<%s>", w->o.smtp_from);
	snprintf(to, sizeof to, "<%s>", rcpt);
	struct curl_slist *rcpts = curl_slist_append(NULL, to);
	if (rcpts == NULL) {
		snprintf(why, whylen, "メモリが足りません");
		return -1;
	}
	upload u = { msg, len };
	CURL *c = w->curl;
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, w->o.smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* one connection per message: a kept one goes stale when the server restarts, and
	 * libcurl then fails the next message on it (seen with aiosmtpd) */
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)MAIL_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, upload_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, w);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	if (strncmp(w->o.smtp_url, "smtp://", 7) == 0)
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY); /* STARTTLS when the server offers it */
	if (w->o.smtp_user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, w->o.smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, w->o.smtp_password ? w->o.smtp_password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	curl_slist_free_all(rcpts);
	if (rc != CURLE_OK)
		snprintf(why, whylen, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	return rc == CURLE_OK ? 0 : -1;
}

typedef struct mail_step_ctx {
	int64_t id, now, until;
	const char *error;
	enum { MAIL_CLAIM, MAIL_SENT, MAIL_RETRY } what;
} mail_step_ctx;

static store_rc mail_step(svc *s, svc_op *op, void *ctx, svc_err *err)
{
	(void)op;
	(void)err;
	mail_step_ctx *c = ctx;
	switch (c->what) {
	case MAIL_CLAIM: return store_outbox_claim(s->st, c->id, c->now, c->until);
	case MAIL_SENT: return store_outbox_sent(s->st, c->id);
	case MAIL_RETRY: return store_outbox_retry(s->st, c->id, c->until, c->error);
	}
	return STORE_ERROR;
}

/* One write of the sender through the one operation path (no audit entry): 0 or -1. */
static int mail_write(notify_worker *w, mail_step_ctx *c)
{
	svc_err e = { 0 };
	svc_op op = { .actor = "system" };
	int rc = svc_op_run(&w->svc, &op, mail_step, c, &e);
	svc_err_clear(&e);
	return rc;
}

static void deliver_one(notify_worker *w, const store_notification *r, time_t now)
{
	mail_step_ctx c = { .id = r->id, .now = now, .until = now + MAIL_LEASE_S, .what = MAIL_CLAIM };
	if (mail_write(w, &c) != 0)
		return; /* sent meanwhile, or another sender holds it */
	size_t len = 0;
	char why[CURL_ERROR_SIZE + 64] = "メッセージを作れません";
	char *msg = svc_mail_compose(r, w->o.smtp_from, w->o.base_url, &len);
	int sent = msg ? smtp_send(w, r->email, msg, len, why, sizeof why) : -1;
	free(msg);
	if (sent == 0) {
		c.what = MAIL_SENT;
		/* the server has it: the mark must land, or the lease ends and it goes twice */
		for (int k = 0; k < 5 && mail_write(w, &c) != 0; k++)
			sleep(1);
		return;
	}
	int attempts = r->attempts + 1;
	int64_t delay = (int64_t)1 << (attempts - 1 < 10 ? attempts - 1 : 10);
	c = (mail_step_ctx){ .id = r->id, .until = (int64_t)time(NULL) + (delay < MAIL_MAX_DELAY_S ? delay : MAIL_MAX_DELAY_S),
			     .error = why, .what = MAIL_RETRY };
	(void)mail_write(w, &c); /* if even this fails, the lease runs out and the row is tried again */
	if (w->o.log)
		fprintf(w->o.log, "digiden serve: 通知 %lld を %s に送れません（%d回目）: %s\n", (long long)r->id, r->email,
			attempts, why);
}

static void deliver_due(notify_worker *w)
{
	arena a;
	arena_init(&a);
	time_t now = time(NULL);
	store_notification *rows;
	size_t n = 0;
	if (store_outbox_list(w->st, (int64_t)now, MAIL_BATCH, &a, &rows, &n) == STORE_OK)
		for (size_t i = 0; i < n && !atomic_load(&w->stop); i++)
			deliver_one(w, &rows[i], now);
	arena_free(&a);
}

static void *notify_main(void *arg)
{
	notify_worker *w = arg;
	time_t next_remind = 0;
	while (!atomic_load(&w->stop)) {
		time_t now = time(NULL);
		if (now >= next_remind) {
			svc_err e = { 0 };
			if (svc_remind(&w->svc, now, &e) < 0 && w->o.log)
				fprintf(w->o.log, "digiden serve: 締切の通知を書けません: %s\n", e.message);
			svc_err_clear(&e);
			next_remind = now + REMIND_EVERY_S;
		}
		if (w->curl)
			deliver_due(w);
		/* a second between passes: a new row waits at most that long */
		pthread_mutex_lock(&w->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		while (!atomic_load(&w->stop) && pthread_cond_timedwait(&w->cv, &w->mu, &until) == 0)
			;
		pthread_mutex_unlock(&w->mu);
	}
	return NULL;
}

/* Frees w's handle, connection and itself (its thread has ended or never started). */
static void worker_free(notify_worker *w)
{
	if (w->curl) {
		curl_easy_cleanup(w->curl);
		curl_global_cleanup();
	}
	svc_free(&w->svc);
	store_close(w->st);
	free(w);
}

notify_worker *notify_start(const notify_options *o, char *err, size_t errlen)
{
	if (o->smtp_url && (strncmp(o->smtp_url, "smtp://", 7) != 0 && strncmp(o->smtp_url, "smtps://", 8) != 0)) {
		snprintf(err, errlen, "--smtp は smtp://HOST:PORT か smtps://HOST:PORT で指定してください（「%s」）", o->smtp_url);
		return NULL;
	}
	if (o->smtp_url && !svc_email_valid(o->smtp_from)) {
		snprintf(err, errlen, "--smtp には送信者のアドレス --smtp-from（例 digiden@example.jp）が必要です");
		return NULL;
	}
	notify_worker *w = calloc(1, sizeof *w);
	if (w == NULL) {
		snprintf(err, errlen, "メモリが足りません");
		return NULL;
	}
	w->o = *o;
	bool created;
	if (store_open(o->db_path, &w->st, &created, err, errlen) != 0) {
		free(w);
		return NULL;
	}
	svc_init(&w->svc, w->st, o->cat);
	if (o->smtp_url && !curl_available()) {
		snprintf(err, errlen, "--smtp には libcurl（libcurl.so.4: Debian の libcurl4）が必要です: %s", dlerror() ? dlerror() : "読み込めません");
		goto fail;
	}
	if (o->smtp_url && (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || (w->curl = curl_easy_init()) == NULL)) {
		snprintf(err, errlen, "libcurl を初期化できません");
		goto fail;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, notify_main, w) != 0) {
		snprintf(err, errlen, "通知のスレッドを起動できません");
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		goto fail;
	}
	return w;
fail:
	worker_free(w);
	return NULL;
}

void notify_stop(notify_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	atomic_store(&w->stop, true);
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	worker_free(w);
}
