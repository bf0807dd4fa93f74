/* readfile.h — reading whole input files with a size limit. */
#ifndef DIGIDEN_READFILE_H
#define DIGIDEN_READFILE_H

#include <stddef.h>

/* Largest single input digiden reads: 16 MiB. An application is a few kilobytes;
 * anything near this is not an application (documented in the README). */
#define READFILE_MAX_BYTES ((size_t)16 * 1024 * 1024)

/* Reads path ("-" = standard input) into a malloc'd NUL-terminated buffer (*data,
 * caller frees) of *len bytes. Returns 0, or -1 with a Japanese message in err. */
int readfile(const char *path, size_t max_bytes, char **data, size_t *len, char *err, size_t errlen);

#endif
