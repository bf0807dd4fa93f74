/* future_tech_io.h — the 未来技術社会実装事業 selections file and the `digiden future-tech`
 * JSON output.
 *
 * Selections, as CSV (UTF-8 with or without BOM, or Shift_JIS/CP932; a header line naming
 * the columns, in any order) or as JSON {"format": "digiden/future-tech-selections/1",
 * "selections": [{…}]} with the same names as keys:
 *   organization_code               全国地方公共団体コード (may be empty: the seeds do not name every project)
 *   organization                    団体名 as the source writes it (秋田県仙北市); required when no code
 *   title                           提案タイトル
 *   first_selected_fiscal_year      初めて選定された年度: 2019 / 令和元年度 / R1 / H30 (required)
 *   continuation_filed_fiscal_year  継続申請を提出した年度 (empty: none filed)
 *   continuation_decision           approved|承認|継続 / rejected|不承認|終了 / pending|審査中 / empty
 *   decided_on                      YYYY-MM-DD of the decision (e.g. 2021-12-17)
 *   source, note                    where the record comes from; free text
 * The file is JSON when its first non-blank character is '{'. */
#ifndef DIGIDEN_FUTURE_TECH_IO_H
#define DIGIDEN_FUTURE_TECH_IO_H

#include <jansson.h>
#include <stddef.h>

#include "../core/future_tech.h"
#include "../core/orgcode.h"

#define FUTURE_TECH_SELECTIONS_FORMAT "digiden/future-tech-selections/1"

/* Reads the selections in text (len bytes). Every problem is reported at once, one
 * per line of err ("label:LINE: column: message" / "label: selections[i].key: message"),
 * and nothing is returned then (all or nothing). Organization codes are checked against
 * master m. Returns 0 with *out (n records, arena-owned), or -1. */
int future_tech_selections_load(const char *text, size_t len, const char *label, const org_master *m, arena *a,
				ft_selection **out, size_t *n, char *err, size_t errlen);

/* The output object of a report. label names the selections file; selected_in is 0 or
 * the --selected-in fiscal year. New reference; NULL on out-of-memory. */
json_t *future_tech_report_encode(const ft_report *r, const ft_rules *rules, const char *label, int selected_in);

#endif
