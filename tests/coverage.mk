# tests/coverage.mk — line and branch coverage (gcc --coverage + gcov, lcov/genhtml from Debian).
#
#   make coverage                 build into build-cov/, run the unit tests and golden cases
#                                 (and the API tests), write build-cov/coverage/index.html,
#                                 print line/branch figures for src/ and src/core, and fail if
#                                 src/core branch coverage is below COV_CORE_BRANCH_MIN (90%).
#   make coverage COV_API=0       without the API tests (quicker)
#   make coverage-clean           remove build-cov/
#
# Included by the Makefile (-include tests/coverage.mk). Needs the Debian package lcov.
COV_BUILD           ?= build-cov
COV_DIR             := $(COV_BUILD)/coverage
COV_CORE_BRANCH_MIN ?= 90
COV_API             ?= 1
COV_RC              := --rc lcov_branch_coverage=1
COV_MAKE             = $(MAKE) --no-print-directory BUILD=$(COV_BUILD) CFLAGS="-O0 -g --coverage" SAN=

# Sums LF/LH/BRF/BRH over an lcov tracefile: "<label>  lines P% (H/F)  branches P% (H/F)".
# The threshold is checked on the exact counts (100·hit < min·total), not on a rounded figure.
# Debian's lcov 1.16 geninfo prints harmless "Subroutine … redefined" perl warnings; they are filtered.
COV_SUM = awk -v label="$(1)" -F: ' \
	/^LF:/ { lf += $$2 } /^LH:/ { lh += $$2 } /^BRF:/ { bf += $$2 } /^BRH:/ { bh += $$2 } \
	END { lp = lf ? 100 * lh / lf : 0; bp = bf ? 100 * bh / bf : 0; \
	      printf "coverage %-9s lines %6.2f%% (%d/%d)  branches %6.2f%% (%d/%d)\n", label, lp, lh, lf, bp, bh, bf }'

.PHONY: coverage coverage-clean
coverage:
	@command -v lcov >/dev/null 2>&1 && command -v genhtml >/dev/null 2>&1 || \
		{ echo "coverage: lcov/genhtml not found (apt-get install lcov)"; exit 1; }
	@$(COV_MAKE) $(COV_BUILD)/digiden $(UNIT_BIN:$(BUILD)/%=$(COV_BUILD)/%) $(COV_BUILD)/tests/run_cases \
		$(if $(filter 1,$(COV_API)),$(API_BIN:$(BUILD)/%=$(COV_BUILD)/%))
	@find $(COV_BUILD) -name '*.gcda' -delete
	@rm -rf $(COV_DIR) && mkdir -p $(COV_DIR)
	@status=0; \
	$(COV_MAKE) check-unit || status=1; \
	$(COV_MAKE) check-cases || status=1; \
	if [ "$(COV_API)" = 1 ]; then $(COV_MAKE) check-api || status=1; fi; \
	lcov --quiet $(COV_RC) --capture --no-external --base-directory $(CURDIR) --directory $(COV_BUILD)/obj \
		--output-file $(COV_DIR)/all.info 2>$(COV_DIR)/capture.log || { cat $(COV_DIR)/capture.log; exit 1; }; \
	grep -v 'Subroutine .* redefined at' $(COV_DIR)/capture.log >&2 || true; \
	lcov --quiet $(COV_RC) --remove $(COV_DIR)/all.info '/usr/*' '*/$(COV_BUILD)/*' \
		--output-file $(COV_DIR)/all.info || exit 1; \
	lcov --quiet $(COV_RC) --extract $(COV_DIR)/all.info '$(CURDIR)/src/*' --output-file $(COV_DIR)/src.info || exit 1; \
	lcov --quiet $(COV_RC) --extract $(COV_DIR)/all.info '$(CURDIR)/src/core/*' --output-file $(COV_DIR)/core.info || exit 1; \
	genhtml --quiet --branch-coverage --legend --prefix $(CURDIR) --title "digiden src/" \
		--output-directory $(COV_DIR) $(COV_DIR)/src.info || exit 1; \
	echo "coverage: report $(COV_DIR)/index.html"; \
	$(call COV_SUM,src/) $(COV_DIR)/src.info; \
	$(call COV_SUM,src/core) $(COV_DIR)/core.info; \
	pct=$$(awk -F: '/^BRF:/ { f += $$2 } /^BRH:/ { h += $$2 } END { printf "%.2f", f ? 100 * h / f : 0 }' $(COV_DIR)/core.info); \
	if awk -F: -v m="$(COV_CORE_BRANCH_MIN)" '/^BRF:/ { f += $$2 } /^BRH:/ { h += $$2 } END { exit !(100 * h < m * f) }' $(COV_DIR)/core.info; then \
		echo "coverage: FAIL src/core branch coverage $$pct% < $(COV_CORE_BRANCH_MIN)%"; status=1; \
	else \
		echo "coverage: ok src/core branch coverage $$pct% >= $(COV_CORE_BRANCH_MIN)%"; \
	fi; \
	[ $$status -eq 0 ] || echo "coverage: FAIL (a test run failed or the threshold was not met)"; \
	exit $$status

coverage-clean:
	rm -rf $(COV_BUILD)
