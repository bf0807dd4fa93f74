/* embedded.c — looking up the files embedded in the binary; see embedded.h. */
#include "embedded.h"

#include <stdio.h>
#include <string.h>

const embedded_file *embedded_find(const char *prefix)
{
	size_t n = strlen(prefix);
	for (const embedded_file *f = embedded_files; f->name; f++)
		if (strncmp(f->name, prefix, n) == 0)
			return f;
	return NULL;
}

bool embedded_has_format(const embedded_file *f, const char *format)
{
	char needle[128];
	int n = snprintf(needle, sizeof needle, "\"format\": \"%s\"", format);
	if (n < 0 || (size_t)n >= sizeof needle)
		return false;
	/* the format is the first key of every rule file: the top 4 KiB is enough */
	return memmem(f->data, f->len < 4096 ? f->len : 4096, needle, (size_t)n) != NULL;
}
