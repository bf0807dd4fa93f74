/* review_stats.h — the mean and spread of reviewers' scores on one 審査の観点, in
 * integers: scores are small whole numbers, and the page shows one decimal, so the
 * rounding is exact instead of whatever a double would give (issue 13, part 2). */
#ifndef DIGIDEN_REVIEW_STATS_H
#define DIGIDEN_REVIEW_STATS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct review_stat {
	int64_t n, sum, sum_sq;
} review_stat;

/* Counts one score (any integer; digiden's scale is 1–5). */
void review_stat_add(review_stat *s, int64_t score);
/* The mean times 10, rounded half up (3.45 → 35): false when there is no score. */
bool review_stat_mean_tenths(const review_stat *s, int64_t *out);
/* The population standard deviation (the reviewers assigned are the whole panel, not
 * a sample) times 10, rounded half up: false when there is no score. */
bool review_stat_sd_tenths(const review_stat *s, int64_t *out);
/* "3.5" of a value in tenths (non-negative) into out (n ≥ 24 bytes). */
void review_tenths_text(int64_t tenths, char *out, int n);

#endif
