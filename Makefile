# digiden — build, test, benchmark.
#   make            build/digiden (the CLI)
#   make test       unit tests + golden cases, normally and under ASan+UBSan
#   make bench      benchmarks (not part of the tests)
CC      ?= cc
BUILD   ?= build
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-missing-field-initializers
PKGS    := jansson sqlite3 libsodium libmicrohttpd xlsxwriter
# libcurl: its headers only; the mail sender loads it when --smtp is given (notify_mail.c)
CURL_CFLAGS := $(shell pkg-config --cflags libcurl)
ALL_CFLAGS = $(WARN) $(CFLAGS) $(SAN) $(shell pkg-config --cflags $(PKGS)) $(CURL_CFLAGS)
LDLIBS  = $(shell pkg-config --libs $(PKGS)) -pthread -ldl

CORE_SRC := $(wildcard src/core/*.c)
IO_SRC   := $(wildcard src/io/*.c) $(wildcard src/store/*.c) $(wildcard src/service/*.c) $(wildcard src/web/*.c) $(wildcard src/web/*/*.c)
CLI_SRC  := $(wildcard src/cli/*.c)
EMBED    := $(sort $(wildcard rules/*/*.json)) data/organizations.tsv $(sort $(wildcard static/*))

LIB_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(CORE_SRC) $(IO_SRC)) $(BUILD)/obj/gen/embedded.o
CLI_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(CLI_SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all test test-plain test-asan check-unit check-cases check-descriptors check-api check-results check-support check-browser bench clean deps run
all: $(BUILD)/digiden

deps:
	scripts/install-deps.sh

$(BUILD)/digiden: $(CLI_OBJ) $(BUILD)/libdigiden.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libdigiden.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*/*.h) $(wildcard src/*/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -O1 -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(EMBED)

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c src/io/catalog.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libdigiden.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/tests/run_cases: tests/run_cases.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

# One pass of the suite in $(BUILD): unit tests, then golden cases.
check-unit: $(UNIT_BIN)
	@tests/run-unit.sh $(UNIT_BIN)

check-cases: $(BUILD)/digiden $(BUILD)/tests/run_cases
	@$(BUILD)/tests/run_cases $(BUILD)/digiden tests/cases

# API and durability tests: a real server on a free loopback port, driven over HTTP.
API_BIN := $(BUILD)/tests/api/test_api $(BUILD)/tests/api/test_durability $(BUILD)/tests/api/test_hostile $(BUILD)/tests/api/test_receipts \
	$(BUILD)/tests/api/test_publication $(BUILD)/tests/api/test_office_list $(BUILD)/tests/api/test_notify $(BUILD)/tests/api/test_attachments \
	$(BUILD)/tests/api/test_users
$(BUILD)/tests/api/%: tests/api/%.c tests/api/harness.c tests/api/harness.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/api/harness.c $(LDLIBS) -lcurl -pthread

# Published results: the seeds' lists through the import, tables compared with the
# published figures; exports through LibreOffice, iconv and xmllint.
RESULTS_BIN := $(BUILD)/tests/results/test_published $(BUILD)/tests/results/test_exports
$(BUILD)/tests/results/%: tests/results/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

check-results: $(BUILD)/digiden $(RESULTS_BIN)
	@status=0; for t in $(RESULTS_BIN); do $$t $(BUILD)/digiden tests/data/published || status=1; done; exit $$status

# Support programs: history and the 伴走支援 conditions against a real database and server.
SUPPORT_BIN := $(BUILD)/tests/support/test_support
$(BUILD)/tests/support/test_support: tests/support/test_support.c tests/api/harness.c tests/api/harness.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/support/test_support.c tests/api/harness.c $(LDLIBS) -lcurl -pthread

check-support: $(BUILD)/digiden $(SUPPORT_BIN)
	@$(SUPPORT_BIN) $(BUILD)/digiden tests/data/history

# check's descriptors kept between its passes: the same output whatever the limit.
check-descriptors: $(BUILD)/digiden $(BUILD)/bench/gen_apps
	@tests/check-descriptors.sh $(BUILD)

# The web interface in Debian's Chromium (playwright-core), HTML validated (html-validate).
check-browser: $(BUILD)/digiden
	@status=0; node tests/e2e/browser.test.mjs $(BUILD)/digiden || status=1; \
	node tests/e2e/office_list.test.mjs $(BUILD)/digiden || status=1; \
	node tests/e2e/notify.test.mjs $(BUILD)/digiden || status=1; \
	node tests/e2e/attachments.test.mjs $(BUILD)/digiden || status=1; exit $$status

check-api: $(BUILD)/digiden $(API_BIN) $(BUILD)/tests/api/test_scale $(BUILD)/bench/gen_round
	@status=0; for t in $(API_BIN); do $$t $(BUILD)/digiden || status=1; done; \
	$(BUILD)/tests/api/test_scale $(BUILD)/digiden $(BUILD)/bench/gen_round data/organizations.tsv $(SCALE_APPS) || status=1; \
	exit $$status

# the national round of the scale test (tests/api/test_scale.c); bench uses 3,000
SCALE_APPS ?= 1500
$(BUILD)/tests/api/test_scale: tests/api/test_scale.c tests/api/harness.c tests/api/harness.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/api/harness.c $(LDLIBS) -lcurl -pthread

$(BUILD)/bench/gen_round: bench/gen_round.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

test-plain:
	@$(MAKE) --no-print-directory BUILD=build check-unit check-cases check-descriptors check-api check-results check-support check-faults \
		check-fuzz-regress check-fuzz check-browser

test-asan:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" check-unit check-cases check-descriptors check-api check-results check-support check-faults \
		check-fuzz-regress

# Everything built, nothing run (a quick check of both builds before a commit).
build-tests: $(BUILD)/digiden $(UNIT_BIN) $(API_BIN) $(RESULTS_BIN) $(SUPPORT_BIN) $(BUILD)/tests/run_cases
asan-build:
	@$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" build-tests

# The README's test command.
test:
	@tests/run-all.sh

bench: $(BUILD)/digiden $(BUILD)/bench/gen_apps $(BUILD)/bench/http_bench $(BUILD)/bench/sqlite_inserts \
		$(BUILD)/tests/api/test_scale $(BUILD)/bench/gen_round
	@bench/check-throughput.sh $(BUILD)
	@$(MAKE) --no-print-directory bench-check
	@$(BUILD)/bench/http_bench $(BUILD)/digiden
	@bench/http-vs-nginx.sh $(BUILD)
	@echo "office pages at 300 and 3,000 applications (tests/api/test_scale.c; goal < 200 ms, 3,000/300 ratio linear or better):"
	@$(BUILD)/tests/api/test_scale $(BUILD)/digiden $(BUILD)/bench/gen_round data/organizations.tsv 300 | grep '^info /office' || true
	@$(BUILD)/tests/api/test_scale $(BUILD)/digiden $(BUILD)/bench/gen_round data/organizations.tsv 3000 | grep '^info /office' || true

$(BUILD)/bench/sqlite_inserts: bench/sqlite_inserts.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LDLIBS)

$(BUILD)/bench/http_bench: bench/http_bench.c tests/api/harness.c tests/api/harness.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ bench/http_bench.c tests/api/harness.c $(LDLIBS) -lcurl -pthread

$(BUILD)/bench/gen_apps: bench/gen_apps.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

# Rooms with their own make fragments: fuzzing (tests/fuzz), faults and durability
# (tests/fault), coverage (tests/coverage.mk).
include tests/fuzz/fuzz.mk
include tests/fault/fault.mk
include tests/coverage.mk
include bench/check.mk

# The README's run command: the server on a seeded SQLite file (created on first start).
DB ?= digiden.db
LISTEN ?= 127.0.0.1:8080
run: $(BUILD)/digiden
	$(BUILD)/digiden serve --db $(DB) --listen $(LISTEN)

clean:
	rm -rf build build-asan
