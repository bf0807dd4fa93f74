/* rules_cache.h — kept so that callers written before the one catalogue compile
 * unchanged: the shipped rule sets and their accessors are declared in catalog.h. */
#ifndef DIGIDEN_IO_RULES_CACHE_H
#define DIGIDEN_IO_RULES_CACHE_H

#include "catalog.h"

#endif
