/* worksheet.h — 課題分析ワークシート (000_23c807c41fd90cd5.txt): issues per department
 * (分野・原課) with their causes and three scores — 裨益性, 深刻度, コスト — used to put
 * the issues in order of priority. The seed shows scores of 1–3 (コスト 3 「(安い)」,
 * 1 「(高い)」) but states neither the full scale, nor weights, nor how the three
 * combine; the ordering is therefore a choice the user makes, never a fixed formula. */
#ifndef DIGIDEN_WORKSHEET_H
#define DIGIDEN_WORKSHEET_H

#include <stddef.h>

#define WS_SCORE_MIN 1
#define WS_SCORE_MAX 3

typedef struct ws_issue {
	const char *department; /* 分野（原課） */
	const char *issue;      /* 課題 */
	const char *causes;     /* 原因1, 原因2 … one per line */
	int benefit;            /* 裨益性: higher = more benefit to residents */
	int severity;           /* 深刻度: higher = more serious */
	int cost;               /* コスト: higher = cheaper (the seed's 3 「(安い)」) */
} ws_issue;

typedef enum ws_order {
	WS_ORDER_SUM,           /* 3 scores added, equal weight */
	WS_ORDER_WEIGHTED,      /* weights chosen by the user */
	WS_ORDER_LEXICOGRAPHIC, /* by one axis, then the next, then the last */
	WS_ORDER__MAX
} ws_order;

typedef struct ws_ordering {
	ws_order order;
	int w_benefit, w_severity, w_cost; /* WS_ORDER_WEIGHTED: 0–10 each */
	int axes[3];                       /* WS_ORDER_LEXICOGRAPHIC: 0 benefit, 1 severity, 2 cost */
} ws_ordering;

/* Fills rank[0..n) with issue indexes in priority order (ties keep input order) and
 * score[i] with issue i's score under the ordering (0 for lexicographic). Issues with
 * a score outside 1–3 sort last. */
void worksheet_rank(const ws_issue *issues, size_t n, const ws_ordering *o, size_t *rank, long *score);
const char *ws_order_key(ws_order o);
const char *ws_order_label(ws_order o);
int ws_order_from_key(const char *key, ws_order *out); /* 0 ok, -1 unknown */

#endif
