/* test_attachments.c — attachments (issue 13, part 3) against a real `digiden serve`:
 * every accepted type from a tiny sample made here, refusals by content (415 with the
 * reason), the limits (413, nothing stored), one blob for the same bytes twice, the
 * download headers, access as for the application, the set frozen by submission,
 * an upload cut off half-way and a SIGKILL during one (nothing left, nothing lost),
 * and the applicant's page form without JavaScript.
 *
 *   test_attachments DIGIDEN_BINARY
 *
 * Ends with "attachment tests: N passed, M failed". */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <zlib.h>

#include "harness.h"

#define PW "correct-horse-battery-1"
#define LABEL "attachment tests"

static h_server S;
static h_client *C;
static char CSRF_NATORI[80], CSRF_CHIYODA[80];

/* ---- samples ---- */

typedef struct {
	unsigned char *data;
	size_t len, cap;
} bytes;

static void put(bytes *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->data = realloc(b->data, b->cap);
		if (b->data == NULL)
			abort();
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}
static void put16(bytes *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
	put(b, x, 2);
}
static void put32(bytes *b, unsigned long v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	put(b, x, 4);
}

/* A ZIP with one [Content_Types].xml declaring main_ct (deflated or stored) and a
 * second part, as Office writes them. */
static bytes make_ooxml(const char *main_ct, const char *part, bool deflated)
{
	char xml[1024];
	snprintf(xml, sizeof xml,
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		 "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/%s\" ContentType=\"%s\"/></Types>",
		 part, main_ct);
	const char *names[2] = { "[Content_Types].xml", part };
	const char *datas[2] = { xml, "<doc/>" };
	unsigned long offs[2], crcs[2], csizes[2], usizes[2];
	unsigned methods[2];
	bytes z = { 0 };
	for (int i = 0; i < 2; i++) {
		size_t ul = strlen(datas[i]);
		unsigned char comp[2048];
		size_t cl = ul;
		const unsigned char *payload = (const unsigned char *)datas[i];
		methods[i] = 0;
		if (deflated && i == 0) {
			z_stream zs = { 0 };
			deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
			zs.next_in = (unsigned char *)datas[i];
			zs.avail_in = (unsigned)ul;
			zs.next_out = comp;
			zs.avail_out = sizeof comp;
			deflate(&zs, Z_FINISH);
			cl = sizeof comp - zs.avail_out;
			deflateEnd(&zs);
			payload = comp;
			methods[i] = 8;
		}
		offs[i] = (unsigned long)z.len;
		crcs[i] = crc32(0, (const unsigned char *)datas[i], (unsigned)ul);
		csizes[i] = cl;
		usizes[i] = ul;
		put32(&z, 0x04034b50);
		put16(&z, 20), put16(&z, 0), put16(&z, methods[i]), put16(&z, 0), put16(&z, 0);
		put32(&z, crcs[i]), put32(&z, cl), put32(&z, ul);
		put16(&z, (unsigned)strlen(names[i])), put16(&z, 0);
		put(&z, names[i], strlen(names[i]));
		put(&z, payload, cl);
	}
	unsigned long dir = (unsigned long)z.len;
	for (int i = 0; i < 2; i++) {
		put32(&z, 0x02014b50);
		put16(&z, 20), put16(&z, 20), put16(&z, 0), put16(&z, methods[i]), put16(&z, 0), put16(&z, 0);
		put32(&z, crcs[i]), put32(&z, csizes[i]), put32(&z, usizes[i]);
		put16(&z, (unsigned)strlen(names[i])), put16(&z, 0), put16(&z, 0), put16(&z, 0), put16(&z, 0);
		put32(&z, 0), put32(&z, offs[i]);
		put(&z, names[i], strlen(names[i]));
	}
	unsigned long dir_len = (unsigned long)z.len - dir;
	put32(&z, 0x06054b50);
	put16(&z, 0), put16(&z, 0), put16(&z, 2), put16(&z, 2);
	put32(&z, dir_len), put32(&z, dir), put16(&z, 0);
	return z;
}

/* A Compound File (512-byte sectors) whose first directory sector names stream. */
static bytes make_ole(const char *stream)
{
	bytes b = { 0 };
	unsigned char head[512] = { 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1 };
	head[0x1a] = 0x3e, head[0x1c] = 0xfe, head[0x1d] = 0xff, head[0x1e] = 9; /* minor/major version, byte order, 2^9 */
	/* first directory sector 0 (so at 512) */
	put(&b, head, sizeof head);
	unsigned char dir[512] = { 0 };
	const char *names[2] = { "Root Entry", stream };
	for (int e = 0; e < 2; e++) {
		size_t n = strlen(names[e]);
		for (size_t i = 0; i < n; i++)
			dir[e * 128 + 2 * i] = (unsigned char)names[e][i];
		dir[e * 128 + 64] = (unsigned char)((n + 1) * 2);
		dir[e * 128 + 66] = e == 0 ? 5 : 2;
	}
	put(&b, dir, sizeof dir);
	return b;
}

static bytes make_text(const char *s)
{
	bytes b = { 0 };
	put(&b, s, strlen(s));
	return b;
}

/* ---- multipart requests (libcurl directly: binary bodies and the CSRF header) ---- */

static size_t sink(char *p, size_t size, size_t n, void *ctx)
{
	bytes *b = ctx;
	put(b, p, size * n);
	return size * n;
}

typedef struct {
	long status;
	json_t *json;
	char body[1024];
} mresp;

/* POST a multipart body (kind, file, more text parts) to path as jar; csrf as header
 * (or as a part when as_field). */
static mresp upload(const char *path, const char *jar, const char *csrf, bool as_field, const char *kind, const char *file_name,
		    const bytes *file, const char *extra_name, const char *extra_value)
{
	static const char boundary[] = "----digidenTestBoundary7MA4YWxk";
	bytes body = { 0 };
	char part[1024];
	if (as_field && csrf) {
		snprintf(part, sizeof part, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", boundary, csrf);
		put(&body, part, strlen(part));
	}
	if (kind) {
		snprintf(part, sizeof part, "--%s\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n%s\r\n", boundary, kind);
		put(&body, part, strlen(part));
	}
	if (extra_name) {
		snprintf(part, sizeof part, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n", boundary, extra_name,
			 extra_value);
		put(&body, part, strlen(part));
	}
	if (file) {
		snprintf(part, sizeof part,
			 "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
			 boundary, file_name);
		put(&body, part, strlen(part));
		put(&body, file->data, file->len);
		put(&body, "\r\n", 2);
	}
	snprintf(part, sizeof part, "--%s--\r\n", boundary);
	put(&body, part, strlen(part));

	CURL *cu = curl_easy_init();
	char url[512], ct[128], tok[128], cookie[300];
	snprintf(url, sizeof url, "%s%s", S.base, path);
	snprintf(ct, sizeof ct, "Content-Type: multipart/form-data; boundary=%s", boundary);
	snprintf(tok, sizeof tok, "X-CSRF-Token: %s", csrf ? csrf : "");
	snprintf(cookie, sizeof cookie, "Cookie: %s", jar ? h_jar_cookie(C, jar) : "");
	struct curl_slist *h = curl_slist_append(NULL, ct);
	if (csrf && !as_field)
		h = curl_slist_append(h, tok);
	if (jar)
		h = curl_slist_append(h, cookie);
	h = curl_slist_append(h, "Expect:");
	bytes out = { 0 };
	curl_easy_setopt(cu, CURLOPT_URL, url);
	curl_easy_setopt(cu, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(cu, CURLOPT_POSTFIELDS, body.data);
	curl_easy_setopt(cu, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body.len);
	curl_easy_setopt(cu, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_setopt(cu, CURLOPT_WRITEDATA, &out);
	curl_easy_setopt(cu, CURLOPT_TIMEOUT, 30L);
	mresp r = { 0 };
	if (curl_easy_perform(cu) == CURLE_OK)
		curl_easy_getinfo(cu, CURLINFO_RESPONSE_CODE, &r.status);
	put(&out, "", 1);
	snprintf(r.body, sizeof r.body, "%s", (const char *)out.data);
	r.json = json_loads((const char *)out.data, 0, NULL);
	curl_slist_free_all(h);
	curl_easy_cleanup(cu);
	free(body.data);
	free(out.data);
	return r;
}

static const char *code_of(const mresp *r)
{
	const char *c = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
	return c ? c : "";
}
static const char *msg_of(const mresp *r)
{
	const char *c = json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
	return c ? c : "";
}

static void sha_hex(const bytes *b, char out[65])
{
	unsigned char h[32];
	crypto_hash_sha256(h, b->data, b->len);
	sodium_bin2hex(out, 65, h, 32);
}

/* ---- the database, read directly ---- */

static long long db_count(const char *sql)
{
	sqlite3 *db;
	long long n = -1;
	if (sqlite3_open_v2(S.db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

/* ---- setup ---- */

static void csrf_of(const char *jar, char *out, size_t n)
{
	h_resp r = h_http(C, "GET", "/api/v1/me", NULL, NULL, jar);
	snprintf(out, n, "%s", json_string_value(json_object_get(r.json, "csrf_token")) ? json_string_value(json_object_get(r.json, "csrf_token")) : "");
	h_resp_free(&r);
}

static json_int_t create_app(const char *jar, const char *code)
{
	char *ex = h_find_example(S.bin, "type1-natori.json");
	json_t *b = ex ? json_load_file(ex, 0, NULL) : NULL;
	free(ex);
	if (b == NULL)
		return 0;
	json_object_set_new(json_object_get(b, "applicant"), "code", json_string(code));
	h_resp r = h_http_json(C, "POST", "/api/v1/applications", b, jar);
	json_int_t id = r.status == 201 ? json_integer_value(json_object_get(r.json, "id")) : 0;
	h_resp_free(&r);
	json_decref(b);
	return id;
}

static const char *ap(json_int_t id, const char *rest)
{
	static char buf[4][160];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "/api/v1/applications/%lld%s", (long long)id, rest);
	return buf[k];
}

/* The number of attachments in the list answer as jar sees it (-1 when not 200). */
static long list_total(json_int_t id, const char *jar, const char *query)
{
	char path[200];
	snprintf(path, sizeof path, "%s%s", ap(id, "/attachments"), query ? query : "");
	h_resp r = h_http(C, "GET", path, NULL, NULL, jar);
	long n = r.status == 200 ? (long)json_integer_value(json_object_get(r.json, "total")) : -1;
	h_resp_free(&r);
	return n;
}

/* Sends the headers and half the body of an upload on a raw socket and leaves it
 * open (the caller closes it or kills the server). */
static int half_upload(json_int_t id, const char *jar, size_t total)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((unsigned short)S.port) };
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	char head[1024];
	int n = snprintf(head, sizeof head,
			 "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
			 "Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: %zu\r\n\r\n"
			 "--XX\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nother\r\n"
			 "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.txt\"\r\n\r\n",
			 ap(id, "/attachments"), h_jar_cookie(C, jar), CSRF_NATORI, total);
	if (write(fd, head, (size_t)n) != n) {
		close(fd);
		return -1;
	}
	static char chunk[65536];
	memset(chunk, 'h', sizeof chunk);
	for (size_t sent = 0; sent < total / 2; sent += sizeof chunk)
		if (write(fd, chunk, sizeof chunk) != (ssize_t)sizeof chunk)
			break;
	usleep(300 * 1000);
	return fd;
}

/* ---- the scenario ---- */

static void scenario(void)
{
	static const struct {
		const char *login, *role, *org;
	} users[] = { { "natori", "applicant", "042072" }, { "chiyoda", "applicant", "131016" }, { "office", "secretariat", NULL } };
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		json_t *b = json_pack("{ssssss}", "login", users[i].login, "password", PW, "role", users[i].role);
		if (users[i].org)
			json_object_set_new(b, "organization", json_string(users[i].org));
		h_resp r = h_http_json(C, "POST", "/api/v1/users", b, "admin");
		json_decref(b);
		h_resp_free(&r);
		h_login(C, users[i].login, users[i].login, PW);
	}
	csrf_of("natori", CSRF_NATORI, sizeof CSRF_NATORI);
	csrf_of("chiyoda", CSRF_CHIYODA, sizeof CSRF_CHIYODA);
	json_int_t id = create_app("natori", "042072");
	if (!h_check("setup: users, sessions and a draft", id > 0 && CSRF_NATORI[0] && CSRF_CHIYODA[0], "id %lld", (long long)id))
		return;
	char up[160];
	snprintf(up, sizeof up, "%s", ap(id, "/attachments"));

	/* every accepted type */
	bytes pdf = make_text("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
	bytes png = { 0 };
	put(&png, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
	bytes jpg = { 0 };
	put(&jpg, "\xff\xd8\xff\xe0\0\x10JFIF\0\1\1\0\0\1\0\1\0\0\xff\xd9", 22);
	bytes xlsx = make_ooxml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "xl/workbook.xml", true);
	bytes docx = make_ooxml("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "word/document.xml", false);
	bytes pptx = make_ooxml("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "ppt/presentation.xml", true);
	bytes xls = make_ole("Workbook"), doc = make_ole("WordDocument");
	bytes csv = make_text("項目,金額\n備品,3000000\n");
	bytes sjis = make_text("\x96\xbc\x8e\xe6\x8e\x73\x0d\x0a"); /* 名取市 in CP932 */
	const struct {
		const char *kind, *name;
		bytes *b;
		const char *type;
	} ok[] = {
		{ "plan", "計画書.pdf", &pdf, "application/pdf" },
		{ "reference", "map.png", &png, "image/png" },
		{ "reference", "photo.JPG", &jpg, "image/jpeg" },
		{ "estimate", "見積書.xlsx", &xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
		{ "plan", "plan.docx", &docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
		{ "reference", "slides.pptx", &pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
		{ "estimate", "old.xls", &xls, "application/vnd.ms-excel" },
		{ "plan", "old.doc", &doc, "application/msword" },
		{ "estimate", "内訳.csv", &csv, "text/csv; charset=utf-8" },
		{ "other", "sjis.txt", &sjis, "text/plain; charset=Shift_JIS" },
	};
	json_int_t pdf_id = 0;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		mresp r = upload(up, "natori", CSRF_NATORI, false, ok[i].kind, ok[i].name, ok[i].b, NULL, NULL);
		char want[65];
		sha_hex(ok[i].b, want);
		const char *sha = json_string_value(json_object_get(r.json, "sha256"));
		const char *ct = json_string_value(json_object_get(r.json, "content_type"));
		char name[160];
		snprintf(name, sizeof name, "upload %s → 201 with id, kind, file name, size, sha256, version 1", ok[i].name);
		h_check(name,
			r.status == 201 && json_integer_value(json_object_get(r.json, "id")) > 0 && sha && strcmp(sha, want) == 0 &&
				json_integer_value(json_object_get(r.json, "size")) == (json_int_t)ok[i].b->len &&
				json_integer_value(json_object_get(r.json, "version")) == 1 && ct && strcmp(ct, ok[i].type) == 0 &&
				strcmp(json_string_value(json_object_get(r.json, "kind")), ok[i].kind) == 0 &&
				strcmp(json_string_value(json_object_get(r.json, "file_name")), ok[i].name) == 0,
			"%ld %s", r.status, r.body);
		if (i == 0)
			pdf_id = json_integer_value(json_object_get(r.json, "id"));
		json_decref(r.json);
	}

	/* refused by content */
	bytes fake = make_text("これはPDFではありません\n");
	mresp r = upload(up, "natori", CSRF_NATORI, false, "plan", "fake.pdf", &fake, NULL, NULL);
	h_check("a text named .pdf → 415 naming PDF and text", r.status == 415 && strcmp(code_of(&r), "UNSUPPORTED_ATTACHMENT") == 0 &&
							       strstr(msg_of(&r), "PDF") && strstr(msg_of(&r), "テキスト"),
		"%ld %s", r.status, r.body);
	json_decref(r.json);
	r = upload(up, "natori", CSRF_NATORI, false, "reference", "map.jpg", &png, NULL, NULL);
	h_check("a PNG named .jpg → 415 (name and type disagree)", r.status == 415 && strstr(msg_of(&r), "PNG"), "%ld %s", r.status, r.body);
	json_decref(r.json);
	bytes bin = { 0 };
	put(&bin, "\x7f" "ELF\x02\x01\x01\0\0\0", 10);
	r = upload(up, "natori", CSRF_NATORI, false, "other", "tool.txt", &bin, NULL, NULL);
	h_check("binary bytes named .txt → 415", r.status == 415, "%ld %s", r.status, r.body);
	json_decref(r.json);
	bytes macro = make_ooxml("application/vnd.ms-excel.sheet.macroEnabled.main+xml", "xl/workbook.xml", true);
	r = upload(up, "natori", CSRF_NATORI, false, "estimate", "macro.xlsx", &macro, NULL, NULL);
	h_check("a macro-enabled workbook named .xlsx → 415", r.status == 415, "%ld %s", r.status, r.body);
	json_decref(r.json);
	r = upload(up, "natori", CSRF_NATORI, false, "other", "run.html", &csv, NULL, NULL);
	h_check("a .html name → 415", r.status == 415, "%ld %s", r.status, r.body);
	json_decref(r.json);
	r = upload(up, "natori", CSRF_NATORI, false, "secret", "x.pdf", &pdf, NULL, NULL);
	h_check("an unknown kind → 400", r.status == 400, "%ld %s", r.status, r.body);
	json_decref(r.json);
	r = upload(up, "natori", NULL, false, "plan", "x.pdf", &pdf, NULL, NULL);
	h_check("no X-CSRF-Token → 403", r.status == 403 && strcmp(code_of(&r), "CSRF_TOKEN_MISMATCH") == 0, "%ld %s", r.status, r.body);
	json_decref(r.json);
	r = upload(up, "natori", CSRF_NATORI, false, "plan", NULL, NULL, NULL, NULL);
	h_check("no file part → 400", r.status == 400, "%ld %s", r.status, r.body);
	json_decref(r.json);
	h_check("the refused uploads stored nothing", db_count("SELECT count(*) FROM attachments") == 10 &&
							    db_count("SELECT count(*) FROM blobs") == 10,
		"%lld rows, %lld blobs", db_count("SELECT count(*) FROM attachments"), db_count("SELECT count(*) FROM blobs"));

	/* the same bytes twice: one blob */
	r = upload(up, "natori", CSRF_NATORI, false, "reference", "計画書の写し.pdf", &pdf, NULL, NULL);
	json_int_t copy_id = json_integer_value(json_object_get(r.json, "id"));
	h_check("the same PDF again → 201, a second attachment on one blob",
		r.status == 201 && db_count("SELECT count(*) FROM blobs") == 10 && db_count("SELECT count(*) FROM attachments") == 11,
		"%ld %s; %lld blobs", r.status, r.body, db_count("SELECT count(*) FROM blobs"));
	json_decref(r.json);

	/* names: decomposed kana composed, path parts dropped */
	bytes nfd = make_text("nfd\n");
	r = upload(up, "natori", CSRF_NATORI, false, "other", "C:\\\\Users\\\\x\\\\か\xe3\x82\x99いト\xe3\x82\x9a.txt", &nfd, NULL, NULL);
	const char *fname = json_string_value(json_object_get(r.json, "file_name"));
	h_check("file name: path parts dropped, NFC (か+゛ → が, ト+゜ is left as sent)", r.status == 201 && fname && strncmp(fname, "が", 3) == 0 && !strchr(fname, '\\'),
		"%ld %s", r.status, r.body);
	json_int_t nfd_id = json_integer_value(json_object_get(r.json, "id"));
	json_decref(r.json);

	/* limits: this server takes 1 MB a file, 3 MB an application, 16 files */
	bytes big = { 0 };
	for (int i = 0; i < 1050; i++) {
		char line[1001];
		memset(line, 'a', 999);
		line[999] = '\n';
		put(&big, line, 1000);
	}
	long long rows = db_count("SELECT count(*) FROM attachments"), blobs = db_count("SELECT count(*) FROM blobs");
	r = upload(up, "natori", CSRF_NATORI, false, "other", "big.txt", &big, NULL, NULL);
	h_check("a 1.05 MB file over the 1 MB limit (body under the early limit) → 413, nothing stored",
		r.status == 413 && db_count("SELECT count(*) FROM attachments") == rows && db_count("SELECT count(*) FROM blobs") == blobs,
		"%ld %s", r.status, r.body);
	json_decref(r.json);
	char line[1000];
	memset(line, 'c', sizeof line);
	for (int i = 0; i < 1100; i++)
		put(&big, line, sizeof line);
	r = upload(up, "natori", CSRF_NATORI, false, "other", "huge.txt", &big, NULL, NULL);
	h_check("a 2 MB body → 413 from its Content-Length, nothing stored",
		r.status == 413 && strcmp(code_of(&r), "FILE_TOO_LARGE") == 0 && db_count("SELECT count(*) FROM attachments") == rows,
		"%ld %s", r.status, r.body);
	json_decref(r.json);
	bool total_hit = false;
	int added = 0;
	for (int i = 0; i < 5 && !total_hit; i++) {
		big.len = 900000;
		big.data[0] = (unsigned char)('b' + i);
		r = upload(up, "natori", CSRF_NATORI, false, "other", "part.txt", &big, NULL, NULL);
		if (r.status == 201)
			added++;
		else
			total_hit = r.status == 413 && strcmp(code_of(&r), "ATTACHMENTS_TOO_LARGE") == 0;
		json_decref(r.json);
	}
	h_check("the application's total (3 MB) → 413 ATTACHMENTS_TOO_LARGE after 3 of 900 KB", total_hit && added == 3, "added %d", added);
	bool count_hit = false;
	for (int i = 0; i < 20 && !count_hit; i++) {
		bytes t = make_text(i % 2 ? "x\n" : "y\n");
		r = upload(up, "natori", CSRF_NATORI, false, "other", "n.txt", &t, NULL, NULL);
		count_hit = r.status == 413 && strcmp(code_of(&r), "TOO_MANY_ATTACHMENTS") == 0;
		json_decref(r.json);
		free(t.data);
	}
	h_check("the 17th file → 413 TOO_MANY_ATTACHMENTS", count_hit && list_total(id, "natori", NULL) == 16, "total %ld",
		list_total(id, "natori", NULL));

	/* the list and the download */
	h_resp l = h_http(C, "GET", up, NULL, NULL, "natori");
	json_t *first = json_array_get(json_object_get(l.json, "attachments"), 0);
	h_check("GET …/attachments → the set with uploaded_by and uploaded_at",
		l.status == 200 && json_integer_value(json_object_get(l.json, "total")) == 16 &&
			strcmp(json_string_value(json_object_get(first, "uploaded_by")) ? json_string_value(json_object_get(first, "uploaded_by")) : "", "natori") == 0 &&
			json_string_value(json_object_get(first, "uploaded_at")) != NULL,
		"%s", h_resp_brief(&l));
	h_resp_free(&l);
	char path[200];
	snprintf(path, sizeof path, "%s/%lld", up, (long long)pdf_id);
	h_resp d = h_http(C, "GET", path, NULL, NULL, "natori");
	h_check("download: the same bytes, as an attachment with filename* (RFC 5987), nosniff, application/pdf",
		d.status == 200 && d.len == pdf.len && memcmp(d.body, pdf.data, pdf.len) == 0 &&
			strstr(d.headers, "Content-Disposition: attachment; filename=\"") &&
			strstr(d.headers, "filename*=UTF-8''%E8%A8%88%E7%94%BB%E6%9B%B8.pdf") && strstr(d.headers, "X-Content-Type-Options: nosniff") &&
			strstr(d.headers, "Content-Type: application/pdf"),
		"%ld %.600s", d.status, d.headers);
	h_resp_free(&d);

	/* access: another organization's applicant and the office before submission */
	snprintf(path, sizeof path, "%s/%lld", up, (long long)pdf_id);
	h_resp o1 = h_http(C, "GET", up, NULL, NULL, "chiyoda");
	h_resp o2 = h_http(C, "GET", path, NULL, NULL, "chiyoda");
	mresp o3 = upload(up, "chiyoda", CSRF_CHIYODA, false, "plan", "x.pdf", &pdf, NULL, NULL);
	h_resp o4 = h_http(C, "DELETE", path, "application/json", NULL, "chiyoda");
	h_resp o5 = h_http(C, "GET", up, NULL, NULL, "office");
	h_check("another organization's applicant: 404 on list, download, upload and delete; the office on a draft 404",
		o1.status == 404 && o2.status == 404 && o3.status == 404 && o4.status == 404 && o5.status == 404,
		"%ld %ld %ld %ld %ld", o1.status, o2.status, o3.status, o4.status, o5.status);
	h_resp_free(&o1), h_resp_free(&o2), json_decref(o3.json), h_resp_free(&o4), h_resp_free(&o5);

	/* versions: a save makes version 2 with the same set; a delete there leaves version 1's */
	h_resp g = h_http(C, "GET", ap(id, ""), NULL, NULL, "natori");
	json_t *body = json_incref(json_object_get(g.json, "application"));
	h_resp_free(&g);
	h_resp s2 = h_http_json(C, "PUT", ap(id, ""), body, "natori");
	json_decref(body);
	h_check("a save → version 2, which holds the same 16", s2.status == 200 && list_total(id, "natori", NULL) == 16, "%s", h_resp_brief(&s2));
	h_resp_free(&s2);
	snprintf(path, sizeof path, "%s/%lld", up, (long long)copy_id);
	char tokhdr[128];
	snprintf(tokhdr, sizeof tokhdr, "X-CSRF-Token: %s", CSRF_NATORI);
	h_resp del = h_http_hdr(C, "DELETE", path, NULL, NULL, "natori", tokhdr);
	char blob_q[128];
	snprintf(blob_q, sizeof blob_q, "SELECT count(*) FROM blobs WHERE size = %zu", pdf.len);
	h_check("DELETE in version 2 → 200; version 2 has 15, version 1 keeps 16, the shared blob stays",
		del.status == 200 && list_total(id, "natori", NULL) == 15 && list_total(id, "natori", "?version=1") == 16 &&
			db_count(blob_q) == 1,
		"%s; totals %ld/%ld", h_resp_brief(&del), list_total(id, "natori", NULL), list_total(id, "natori", "?version=1"));
	h_resp_free(&del);
	snprintf(path, sizeof path, "%s/%lld?version=1", up, (long long)copy_id);
	d = h_http(C, "GET", path, NULL, NULL, "natori");
	h_check("the removed file is still downloadable as part of version 1", d.status == 200 && d.len == pdf.len, "%ld", d.status);
	h_resp_free(&d);
	snprintf(path, sizeof path, "%s/%lld", up, (long long)copy_id);
	d = h_http(C, "GET", path, NULL, NULL, "natori");
	h_check("… and not of version 2 (404)", d.status == 404, "%ld", d.status);
	h_resp_free(&d);

	/* an upload cut off half-way, then one the server is killed during */
	rows = db_count("SELECT count(*) FROM attachments");
	blobs = db_count("SELECT count(*) FROM blobs");
	int fd = half_upload(id, "natori", 800000);
	if (fd >= 0)
		close(fd);
	usleep(500 * 1000);
	h_check("an upload whose connection closes half-way leaves no row and no blob",
		fd >= 0 && db_count("SELECT count(*) FROM attachments") == rows && db_count("SELECT count(*) FROM blobs") == blobs, "fd %d", fd);
	fd = half_upload(id, "natori", 800000);
	h_server_kill(&S);
	if (fd >= 0)
		close(fd);
	int rs = h_server_restart(&S);
	h_client_retarget(C, &S);
	snprintf(path, sizeof path, "%s/%lld", up, (long long)pdf_id);
	d = h_http(C, "GET", path, NULL, NULL, "natori");
	h_check("SIGKILL during an upload: after a restart every earlier attachment is there and intact, nothing half-stored",
		rs == 0 && fd >= 0 && db_count("SELECT count(*) FROM attachments") == rows && list_total(id, "natori", NULL) == 15 &&
			d.status == 200 && d.len == pdf.len && memcmp(d.body, pdf.data, pdf.len) == 0,
		"restart %d, %ld", rs, d.status);
	h_resp_free(&d);

	/* the page: the list and the form without JavaScript */
	char apppage[64];
	snprintf(apppage, sizeof apppage, "/applications/%lld", (long long)id);
	h_resp pg = h_http(C, "GET", apppage, NULL, NULL, "natori");
	h_check("the application page lists the files and has the multipart upload form",
		pg.status == 200 && strstr(pg.body, "id=\"attachment-list\"") && strstr(pg.body, "計画書.pdf") &&
			strstr(pg.body, "enctype=\"multipart/form-data\"") && strstr(pg.body, "name=\"csrf\""),
		"%ld", pg.status);
	h_resp_free(&pg);
	char formpath[80];
	snprintf(formpath, sizeof formpath, "/applications/%lld/attachments", (long long)id);
	bytes pagefile = make_text("from the page form\n");
	r = upload(formpath, "natori", CSRF_NATORI, true, "reference", "page.txt", &pagefile, NULL, NULL);
	h_check("the page form's multipart post (csrf as a part) → 303 back to the page, the file listed",
		r.status == 303 && list_total(id, "natori", NULL) == 16, "%ld %.200s", r.status, r.body);
	json_decref(r.json);
	r = upload(formpath, "natori", "wrong", true, "reference", "page2.txt", &pagefile, NULL, NULL);
	h_check("the page form with a wrong csrf → 403, nothing added", r.status == 403 && list_total(id, "natori", NULL) == 16, "%ld", r.status);
	json_decref(r.json);
	char delv[32];
	snprintf(delv, sizeof delv, "%lld", (long long)nfd_id);
	r = upload(formpath, "natori", CSRF_NATORI, true, NULL, NULL, NULL, "delete", delv);
	h_check("the page's delete button → 303, the file gone", r.status == 303 && list_total(id, "natori", NULL) == 15, "%ld %.200s",
		r.status, r.body);
	json_decref(r.json);

	/* submission freezes the set */
	h_resp sub = h_http(C, "POST", ap(id, "/submit"), "application/json", NULL, "natori");
	h_check("submit → 200", sub.status == 200, "%s", h_resp_brief(&sub));
	h_resp_free(&sub);
	snprintf(path, sizeof path, "%s/%lld", up, (long long)pdf_id);
	del = h_http_hdr(C, "DELETE", path, NULL, NULL, "natori", tokhdr);
	r = upload(up, "natori", CSRF_NATORI, false, "plan", "late.pdf", &pdf, NULL, NULL);
	h_check("after submission: DELETE → 409 and a new upload → 409, the set unchanged",
		del.status == 409 && r.status == 409 && list_total(id, "natori", NULL) == 15, "%ld %ld", del.status, r.status);
	h_resp_free(&del);
	json_decref(r.json);
	h_check("the office lists the submitted set", list_total(id, "office", NULL) == 15, "%ld", list_total(id, "office", NULL));
	char officepage[64];
	snprintf(officepage, sizeof officepage, "/office/applications/%lld", (long long)id);
	pg = h_http(C, "GET", officepage, NULL, NULL, "office");
	h_check("the office page lists the attachments without a form", pg.status == 200 && strstr(pg.body, "id=\"attachment-list\"") &&
										 strstr(pg.body, "見積書.xlsx") && !strstr(pg.body, "attachment-form"),
		"%ld", pg.status);
	h_resp_free(&pg);
	snprintf(path, sizeof path, "/api/v1/audit?application=%lld", (long long)id);
	h_resp au = h_http(C, "GET", path, NULL, NULL, "office");
	h_check("the audit log has attachment.add and attachment.delete", au.status == 200 && strstr(au.body, "attachment.add") &&
										   strstr(au.body, "attachment.delete"),
		"%ld", au.status);
	h_resp_free(&au);

	bytes *all[] = { &pdf, &png, &jpg, &xlsx, &docx, &pptx, &xls, &doc, &csv, &sjis, &fake, &bin, &macro, &big, &nfd, &pagefile };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		free(all[i]->data);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY\n", argv[0]);
		return 2;
	}
	if (sodium_init() < 0)
		return 2;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	h_watchdog(300, LABEL, &h_passed, &h_failed, &S);
	S.extra_args[0] = "--attachment-max-mb";
	S.extra_args[1] = "1";
	S.extra_args[2] = "--attachments-total-mb";
	S.extra_args[3] = "3";
	S.extra_args[4] = "--attachments-max-files";
	S.extra_args[5] = "16";
	if (h_server_start(&S, argv[1]) != 0) {
		printf("FAIL start the server: see stderr\n" LABEL ": 0 passed, 1 failed\n");
		return 1;
	}
	C = h_client_new(&S);
	if (h_check("admin logs in", h_login(C, "admin", "admin", H_ADMIN_PASSWORD) == 200, "login"))
		scenario();
	h_resp r = h_http(C, "GET", "/api/v1/health", NULL, NULL, NULL);
	h_check("the server is alive at the end", r.status == 200, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	h_client_free(C);
	int stop = h_server_stop(&S);
	h_check("the server stops cleanly", stop == 0, "wait status %d", S.last_exit);
	char why[512];
	h_check("no sanitizer report in the server's log", h_server_log_clean(&S, why, sizeof why), "%s", why);
	if (h_failed)
		h_server_log_tail(&S, 30);
	h_server_cleanup(&S);
	curl_global_cleanup();
	printf(LABEL ": %d passed, %d failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}
