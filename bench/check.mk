# bench/check.mk — `digiden check` at the I/O floor (issue 11, item 4); included
# from the top-level Makefile. `make bench-check` builds into $(BUILD) and prints
# check --json vs the floor at 2k and 20k files, the kernel's apps/s/core and the
# peak RSS at both sizes, each beside its goal (medians of BENCH_RUNS, default 5).
BENCH_RUNS ?= 5
BENCH_CHECK_BIN := $(BUILD)/bench/io_floor $(BUILD)/bench/kernel_bench $(BUILD)/bench/runstat

.PHONY: bench-check
bench-check: $(BUILD)/digiden $(BUILD)/bench/gen_apps $(BENCH_CHECK_BIN)
	@RUNS=$(BENCH_RUNS) bench/check-vs-floor.sh $(BUILD)

$(BUILD)/bench/io_floor: bench/io_floor.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

$(BUILD)/bench/runstat: bench/runstat.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

$(BUILD)/bench/kernel_bench: bench/kernel_bench.c $(BUILD)/libdigiden.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)
