/* keys.h — the one lookup behind every enum's key table. An enum with a __MAX
 * sentinel has a table of its keys indexed by value ("floor_yen", "kaso" …);
 * KEY_TABLE_FUNCS defines the pair of functions its header declares, so that each
 * module states its table once instead of repeating the loop. */
#ifndef DIGIDEN_KEYS_H
#define DIGIDEN_KEYS_H

#include <stdbool.h>

/* The index of key in keys[0..n), or -1 when key is NULL or not there (NULL
 * entries never match). */
int key_index(const char *const *keys, int n, const char *key);

/* Defines `const char *to_key(T v)` (keys[v], "?" out of range) and
 * `bool from_key(const char *key, T *out)` (false, *out untouched, for an unknown
 * or NULL key). */
#define KEY_TABLE_FUNCS(T, to_key, from_key, keys, max)                                                  \
	const char *to_key(T v) { return (unsigned)v < (unsigned)(max) ? (keys)[v] : "?"; }                \
	bool from_key(const char *key, T *out)                                                           \
	{                                                                                                \
		int i_ = key_index((keys), (max), key);                                                  \
		if (i_ >= 0)                                                                             \
			*out = (T)i_;                                                                    \
		return i_ >= 0;                                                                          \
	}

#endif
