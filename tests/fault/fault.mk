# tests/fault — durability under failing storage and crashes (tests/fault/README.md).
# Included by the top-level Makefile (-include tests/fault/fault.mk).
#   make check-faults                 fault injection, full disk, 20 SIGKILL trials
#   make soak                         the same with 100 SIGKILL trials
#   make check-faults BUILD=build-asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
#        SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
FAULT_BIN := $(BUILD)/tests/fault/test_faults
FAULT_VFS := $(BUILD)/tests/fault/faultvfs.so

# An ASan-built digiden refuses to start when a preloaded library comes before the ASan
# runtime in the list, so for a sanitizer build the runtime is preloaded first (the shim
# itself is then built with the same sanitizers). Empty for a plain build.
FAULT_ASAN_RT = $(if $(findstring address,$(SAN)),$(realpath $(shell $(CC) -print-file-name=libasan.so)))

$(FAULT_BIN): tests/fault/test_faults.c tests/api/harness.c tests/api/harness.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ tests/fault/test_faults.c tests/api/harness.c $(LDLIBS) -lcurl -pthread

$(FAULT_VFS): tests/fault/faultvfs.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fPIC -shared -o $@ $< $(shell pkg-config --libs sqlite3)

.PHONY: check-faults soak
check-faults: $(BUILD)/digiden $(FAULT_BIN) $(FAULT_VFS)
	@DIGIDEN_FAULT_ASAN_RT="$(FAULT_ASAN_RT)" $(FAULT_BIN) $(BUILD)/digiden $(FAULT_VFS)

soak: $(BUILD)/digiden $(FAULT_BIN) $(FAULT_VFS)
	@DIGIDEN_SOAK_TRIALS=100 DIGIDEN_FAULT_ASAN_RT="$(FAULT_ASAN_RT)" $(FAULT_BIN) $(BUILD)/digiden $(FAULT_VFS)
