/* keys.c — key table lookup; see keys.h. */
#include "keys.h"

#include <string.h>

int key_index(const char *const *keys, int n, const char *key)
{
	for (int i = 0; key != NULL && i < n; i++)
		if (keys[i] != NULL && strcmp(keys[i], key) == 0)
			return i;
	return -1;
}
