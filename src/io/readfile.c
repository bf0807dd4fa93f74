/* readfile.c — see readfile.h. */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int readfile(const char *path, size_t max_bytes, char **data, size_t *len, char *err, size_t errlen)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	char *buf = NULL;
	size_t used = 0, cap = 0;
	if (fd < 0) {
		snprintf(err, errlen, "%s: 開けません: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: ディレクトリです（ファイルを指定してください）", path);
			goto fail;
		}
		if (S_ISREG(st.st_mode) && (size_t)st.st_size > max_bytes) {
			snprintf(err, errlen, "%s: ファイルが大きすぎます（%lld バイト、上限 %zu バイト）", path,
				 (long long)st.st_size, max_bytes);
			goto fail;
		}
	}
	for (;;) {
		if (cap - used < 65536 + 1) {
			size_t ncap = cap ? cap * 2 : 65536 * 2;
			if (ncap > max_bytes + 65536 + 1)
				ncap = max_bytes + 65536 + 1;
			char *n = realloc(buf, ncap);
			if (n == NULL) {
				snprintf(err, errlen, "%s: メモリが足りません", path);
				goto fail;
			}
			buf = n;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + used, cap - used - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "%s: 読み込めません: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		used += (size_t)r;
		if (used > max_bytes) {
			snprintf(err, errlen, "%s: 入力が大きすぎます（上限 %zu バイト）", path, max_bytes);
			goto fail;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (buf == NULL && (buf = malloc(1)) == NULL) {
		snprintf(err, errlen, "%s: メモリが足りません", path);
		return -1;
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
fail:
	if (fd != STDIN_FILENO)
		close(fd);
	free(buf);
	return -1;
}
