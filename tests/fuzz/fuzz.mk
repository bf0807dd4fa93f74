# tests/fuzz/fuzz.mk — the libFuzzer regime (included by the top-level Makefile).
#   make fuzz                 every harness with clang + libFuzzer into build-fuzz/, each run
#                             FUZZ_SECONDS (default 600) seconds, 2 at a time; fails on any
#                             crash, leak, OOM or timeout (harness and artifact printed)
#   make check-fuzz           the same for CHECK_FUZZ_SECONDS (default 20) seconds each;
#                             ends with "fuzz: N passed, M failed"
#   make check-fuzz-regress   each harness WITHOUT libFuzzer, with $(CC) and $(ALL_CFLAGS) of
#                             the current $(BUILD) (plain, or ASan+UBSan with BUILD=build-asan
#                             SAN=…), replaying tests/fuzz/regress/<harness>/ and the seed corpus;
#                             ends with "fuzz regressions: N passed, M failed"
# See tests/fuzz/README.md.

FUZZ_CC            ?= clang
FUZZ_BUILD         ?= build-fuzz
FUZZ_SECONDS       ?= 600
CHECK_FUZZ_SECONDS ?= 20
FUZZ_JOBS          ?= 2
FUZZ_REPLAY_TIMEOUT ?= 10
FUZZ_HARNESSES := fuzz_application fuzz_check_api fuzz_rules fuzz_decisions_csv fuzz_history_csv fuzz_form fuzz_money fuzz_cookie_query fuzz_sniff

FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS  = $(WARN) -O1 -g -fno-omit-frame-pointer $(FUZZ_SAN) $(shell pkg-config --cflags $(PKGS)) $(CURL_CFLAGS)
FUZZ_LIB_OBJ := $(patsubst src/%.c,$(FUZZ_BUILD)/obj/%.o,$(CORE_SRC) $(IO_SRC)) $(FUZZ_BUILD)/obj/gen/embedded.o
FUZZ_LIB     := $(FUZZ_BUILD)/libdigiden-fuzz.a
FUZZ_BIN     := $(addprefix $(FUZZ_BUILD)/,$(FUZZ_HARNESSES))
FUZZ_REG_BIN := $(addprefix $(BUILD)/tests/fuzz/,$(FUZZ_HARNESSES))

.PHONY: fuzz check-fuzz fuzz-build check-fuzz-regress

# The project's objects, instrumented for coverage (fuzzer-no-link) and ASan+UBSan.
$(FUZZ_BUILD)/obj/%.o: src/%.c $(wildcard src/*/*.h) $(wildcard src/*/*/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(WARN) -O1 -o $@ $<

$(FUZZ_BUILD)/gen/embedded.c: $(FUZZ_BUILD)/tools/embed $(EMBED)
	@mkdir -p $(dir $@)
	$(FUZZ_BUILD)/tools/embed $@ $(EMBED)

$(FUZZ_BUILD)/obj/gen/embedded.o: $(FUZZ_BUILD)/gen/embedded.c src/io/catalog.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-overlength-strings -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_BIN): $(FUZZ_BUILD)/%: tests/fuzz/%.c $(FUZZ_LIB) $(wildcard src/*/*.h)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB) $(LDLIBS)

# Built with 2 jobs unless the calling make already runs in parallel.
fuzz-build:
	@$(MAKE) --no-print-directory $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(FUZZ_JOBS)) $(FUZZ_BIN)

fuzz: fuzz-build
	@tests/fuzz/run.sh fuzz $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ_HARNESSES)

check-fuzz: fuzz-build
	@tests/fuzz/run.sh fuzz $(FUZZ_BUILD) $(CHECK_FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ_HARNESSES)

# Replay binaries: the same harness sources with replay_main.c instead of libFuzzer.
$(FUZZ_REG_BIN): $(BUILD)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(BUILD)/libdigiden.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/replay_main.c $(BUILD)/libdigiden.a $(LDLIBS)

check-fuzz-regress: $(FUZZ_REG_BIN)
	@tests/fuzz/run.sh replay $(BUILD)/tests/fuzz $(FUZZ_REPLAY_TIMEOUT) $(FUZZ_HARNESSES)
