/* api_attachments.c — uploads collected as they arrive, and the attachment routes of
 * the API: POST/GET …/applications/{id}/attachments, GET and DELETE …/{aid}
 * (api_attachments.h). The service checks access, state, type and limits. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "api_attachments.h"
#include "server_internal.h"

#define FIELD_MAX 512 /* a text part (kind, csrf, delete) longer than this is cut */
#define N_FIELDS 8

struct web_upload {
	struct MHD_PostProcessor *pp;
	bool multipart;
	bool too_big, failed;
	int files;          /* file parts seen (one is taken) */
	size_t part_bytes;  /* of the file part being read */
	int fd;             /* the unlinked temporary file, -1 before the file part */
	int64_t size;
	uint64_t body;      /* bytes of the body so far */
	char *file_name;
	crypto_hash_sha256_state hash;
	char sha256[65];
	struct {
		char name[32];
		char value[FIELD_MAX + 1];
		size_t len;
	} fields[N_FIELDS];
	size_t n_fields;
};

bool web_upload_route(const char *method, const char *url)
{
	if (strcmp(method, "POST") != 0)
		return false;
	int64_t id;
	char key[8];
	return srv_match("/api/v1/applications/{id}/attachments", url, &id, key, sizeof key) ||
	       srv_match("/applications/{id}/attachments", url, &id, key, sizeof key);
}

uint64_t web_upload_body_max(void) { return (uint64_t)svc_attach_limits_get().file_max + WEB_UPLOAD_SLACK; }

/* A temporary file no other process can see and that disappears with its descriptor:
 * an interrupted upload or a killed server leaves nothing behind. */
static int spool_open(void)
{
	const char *dir = getenv("TMPDIR");
	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	char path[4096];
	snprintf(path, sizeof path, "%s/digiden-upload-XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		len -= (size_t)n;
	}
	return true;
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
			       const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
			       size_t size)
{
	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	web_upload *u = cls;
	if (key == NULL)
		return MHD_YES;
	if (filename != NULL || strcmp(key, "file") == 0) {
		if (off == 0 && (u->files == 0 || u->part_bytes > 0)) { /* a new file part */
			u->files++;
			u->part_bytes = 0;
		}
		u->part_bytes += size;
		if (u->files > 1 || strcmp(key, "file") != 0)
			return MHD_YES; /* one file per upload: the rest is refused by the handler */
		if (u->fd < 0) {
			u->fd = spool_open();
			u->file_name = strdup(filename ? filename : "");
			crypto_hash_sha256_init(&u->hash);
			if (u->fd < 0 || u->file_name == NULL) {
				u->failed = true;
				return MHD_NO;
			}
		}
		if (u->too_big)
			return MHD_YES;
		if (u->size + (int64_t)size > svc_attach_limits_get().file_max) {
			u->too_big = true; /* what came so far stays in the unlinked file, never stored */
			return MHD_YES;
		}
		if (size > 0) {
			if (!write_all(u->fd, data, size)) {
				u->failed = true;
				return MHD_NO;
			}
			crypto_hash_sha256_update(&u->hash, (const unsigned char *)data, size);
			u->size += (int64_t)size;
		}
		return MHD_YES;
	}
	size_t i = 0;
	while (i < u->n_fields && strcmp(u->fields[i].name, key) != 0)
		i++;
	if (i == u->n_fields) {
		if (u->n_fields == N_FIELDS || strlen(key) >= sizeof u->fields[0].name)
			return MHD_YES;
		snprintf(u->fields[i].name, sizeof u->fields[i].name, "%s", key);
		u->n_fields++;
	}
	size_t room = FIELD_MAX - u->fields[i].len, n = size < room ? size : room;
	memcpy(u->fields[i].value + u->fields[i].len, data, n);
	u->fields[i].len += n;
	u->fields[i].value[u->fields[i].len] = '\0';
	return MHD_YES;
}

web_upload *web_upload_new(struct MHD_Connection *conn)
{
	web_upload *u = calloc(1, sizeof *u);
	if (u == NULL)
		return NULL;
	u->fd = -1;
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		u->pp = MHD_create_post_processor(conn, 64 * 1024, on_part, u);
		u->multipart = u->pp != NULL;
	}
	return u;
}

bool web_upload_feed(web_upload *u, const char *data, size_t len)
{
	u->body += len;
	if (u->body > web_upload_body_max())
		u->too_big = true;
	if (u->too_big || u->pp == NULL)
		return u->body <= web_upload_body_max() + WEB_MAX_DISCARD; /* dropped as it comes, then cut off */
	if (MHD_post_process(u->pp, data, len) != MHD_YES)
		u->failed = true; /* a malformed body: answered 400 when it is in */
	return true;
}

void web_upload_finish(web_upload *u)
{
	if (u->pp) {
		if (MHD_destroy_post_processor(u->pp) != MHD_YES)
			u->failed = true;
		u->pp = NULL;
	}
	if (u->fd >= 0 && !u->too_big) {
		unsigned char h[crypto_hash_sha256_BYTES];
		crypto_hash_sha256_final(&u->hash, h);
		sodium_bin2hex(u->sha256, sizeof u->sha256, h, sizeof h);
	}
}

bool web_upload_too_big(const web_upload *u) { return u->too_big; }

const char *web_upload_field(const web_upload *u, const char *name)
{
	for (size_t i = 0; i < u->n_fields; i++)
		if (strcmp(u->fields[i].name, name) == 0)
			return u->fields[i].value;
	return NULL;
}

void web_upload_free(web_upload *u)
{
	if (u == NULL)
		return;
	if (u->pp)
		MHD_destroy_post_processor(u->pp);
	if (u->fd >= 0)
		close(u->fd);
	free(u->file_name);
	free(u);
}

int web_upload_as_svc(web_upload *u, svc_upload *out, svc_err *err)
{
	memset(out, 0, sizeof *out);
	if (u == NULL || !u->multipart) {
		svc_fail(err, 415, "UNSUPPORTED_MEDIA_TYPE", "添付ファイルは multipart/form-data（kind と file の2つのパート）で送ってください");
		return -1;
	}
	if (u->failed || u->fd < 0 || u->files != 1) {
		svc_fail(err, 400, "INVALID", u->files > 1 ? "1回に送れるファイルは1つです" : "file パート（filename つき）がありません");
		svc_detail(err, "file", "ファイルを1つ選んでください");
		return -1;
	}
	out->fd = u->fd;
	out->size = u->size;
	memcpy(out->sha256, u->sha256, sizeof out->sha256);
	out->kind = web_upload_field(u, "kind");
	out->file_name = u->file_name;
	return 0;
}

void web_attachment_disposition(web_request *r, const char *file_name)
{
	/* an ASCII fallback for old clients (others replaced by '_'), then the exact name */
	buf b = { 0 };
	buf_raw(&b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)file_name; *p; p++) {
		char c = (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '%') ? (char)*p : '_';
		if (*p >= 0x80 && (*p & 0xc0) == 0x80)
			continue; /* one '_' per character */
		buf_rawn(&b, &c, 1);
	}
	buf_raw(&b, "\"; filename*=UTF-8''");
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)file_name; *p; p++) {
		/* RFC 5987 attr-char: ALPHA DIGIT ! # $ & + - . ^ _ ` | ~ */
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p)) {
			char c = (char)*p;
			buf_rawn(&b, &c, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
			buf_rawn(&b, e, 3);
		}
	}
	snprintf(r->disposition, sizeof r->disposition, "attachment");
	if (b.data && !b.oom)
		web_set_long_disposition(r, b.data);
	buf_free(&b);
}

/* ---- the routes ---- */

/* ?version=N (0 when absent); false with a 400 when it is not a positive integer. */
static bool version_param(web_request *r, int *version, svc_err *err)
{
	*version = 0;
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "version");
	if (v == NULL)
		return true;
	char *end;
	long n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || n <= 0 || n > 1000000) {
		svc_fail(err, 400, "INVALID", "version は正の整数です");
		return false;
	}
	*version = (int)n;
	return true;
}

/* The {key} of the route as an attachment id; false with a 404. */
static bool attachment_id(web_request *r, int64_t *aid, svc_err *err)
{
	char *end;
	long long v = strtoll(r->key ? r->key : "", &end, 10);
	if (r->key == NULL || r->key[0] < '1' || r->key[0] > '9' || *end != '\0' || v <= 0 || strlen(r->key) > 15) {
		svc_fail(err, 404, "NOT_FOUND", "その添付ファイルはありません");
		return false;
	}
	*aid = v;
	return true;
}

json_t *api_attach_upload(web_request *r, svc_err *err)
{
	svc_upload u;
	if (web_upload_as_svc(web_request_upload(r), &u, err) != 0)
		return NULL;
	json_t *o = svc_attach_add(r->svc, &r->user, r->id, &u, err);
	if (o)
		r->status = 201;
	return o;
}

json_t *api_attach_list(web_request *r, svc_err *err)
{
	int version;
	if (!version_param(r, &version, err))
		return NULL;
	return svc_attach_list(r->svc, &r->user, r->id, version, err);
}

json_t *api_attach_download(web_request *r, svc_err *err)
{
	int version;
	int64_t aid;
	if (!version_param(r, &version, err) || !attachment_id(r, &aid, err))
		return NULL;
	svc_attach_file f;
	if (svc_attach_get(r->svc, &r->user, r->id, aid, version, &r->arena, &f, err) != 0)
		return NULL;
	buf_free(&r->raw);
	r->raw = (buf){ .data = f.data, .len = f.len, .cap = f.len };
	r->raw_type = f.content_type;
	web_attachment_disposition(r, f.file_name);
	return json_null();
}

json_t *api_attach_delete(web_request *r, svc_err *err)
{
	int64_t aid;
	if (!attachment_id(r, &aid, err))
		return NULL;
	return svc_attach_delete(r->svc, &r->user, r->id, aid, err);
}
