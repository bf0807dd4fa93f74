/* attachments.h — an application's attached files (見積書, 計画書, 参考資料; issue 13,
 * part 3): added from an upload the web layer spooled to a temporary file, listed,
 * read back and removed, with the application's access rules and its audit log. */
#ifndef DIGIDEN_SERVICE_ATTACHMENTS_H
#define DIGIDEN_SERVICE_ATTACHMENTS_H

#include "service.h"

/* Limits of `serve` (--attachment-max-mb, --attachments-total-mb, --attachments-max-files). */
typedef struct svc_attach_limits {
	int64_t file_max;  /* bytes of one file; default 20 MB */
	int64_t total_max; /* bytes of an application's set; default 100 MB */
	unsigned files_max; /* files in an application's set; default 30 */
} svc_attach_limits;

#define SVC_ATTACH_FILE_MAX ((int64_t)20 * 1000 * 1000)
#define SVC_ATTACH_TOTAL_MAX ((int64_t)100 * 1000 * 1000)
#define SVC_ATTACH_FILES_MAX 30u

/* Sets the limits of the process (before serving: every worker reads them, none writes);
 * zero fields keep the defaults. */
void svc_attach_set_limits(const svc_attach_limits *l);
svc_attach_limits svc_attach_limits_get(void);

/* An upload as the web layer received it: the bytes in the file fd (read with pread,
 * not closed here), their size and SHA-256 (hex), and the form's kind and file name. */
typedef struct svc_upload {
	int fd;
	int64_t size;
	char sha256[65];
	const char *kind, *file_name;
} svc_upload;

/* Adds u to application app's current version: its owner's applicant only, while draft
 * or consultation. 201-shaped {"id","kind","file_name","size","sha256","version",
 * "content_type"}, or NULL with err: 400 (kind, name), 404, 409 (status), 413 (limits),
 * 415 (type by content, with the reason). */
json_t *svc_attach_add(svc *s, const svc_user *actor, int64_t app, const svc_upload *u, svc_err *err);
/* {"attachments":[… + "uploaded_by","uploaded_at"],"total","version"} of version
 * (0: the current one), for whoever may see the application. */
json_t *svc_attach_list(svc *s, const svc_user *actor, int64_t app, int version, svc_err *err);

/* A file read back: data (malloc'd, the caller frees) of len bytes, and its name and
 * type (in the caller's arena a). */
typedef struct svc_attach_file {
	char *data;
	size_t len;
	const char *file_name, *content_type;
} svc_attach_file;
/* Attachment aid of app's version (0: current): 0 with *out, or -1 with err (404). */
int svc_attach_get(svc *s, const svc_user *actor, int64_t app, int64_t aid, int version, arena *a, svc_attach_file *out,
		   svc_err *err);
/* Removes aid from the current version (owner, draft or consultation only): {"id","deleted":true}. */
json_t *svc_attach_delete(svc *s, const svc_user *actor, int64_t app, int64_t aid, svc_err *err);

#endif
