/* faultvfs.c — a test-only SQLite VFS that injects I/O failures, for tests/fault.
 *
 * Built as a shared object and loaded into `digiden serve` with LD_PRELOAD. Its
 * constructor wraps the default VFS (normally "unix") in a VFS named "faultvfs" and
 * registers that as the new default, so every database the process opens goes
 * through it. Every method is forwarded unchanged, except that xWrite and xSync
 * first read the control file named by the environment variable DIGIDEN_FAULT_CTL
 * (on every call, so a test can switch failures on and off while the server runs):
 *
 *   (missing, empty, "off")   no failure
 *   "fsync [WHICH]"           xSync returns SQLITE_IOERR_FSYNC
 *   "write [WHICH]"           xWrite returns SQLITE_IOERR_WRITE (nothing is written)
 *   "full [WHICH]"            xWrite returns SQLITE_FULL (nothing is written)
 *
 * WHICH limits the failure to one kind of file: "wal" (the write-ahead log), "db"
 * (the main database file) or "any" (the default; also journals and temp files).
 * Each injected failure is reported on stderr as "faultvfs: injected MODE on FILE",
 * which lands in the server's log. Without DIGIDEN_FAULT_CTL the shim only forwards.
 *
 * The wrapper declares I/O methods version 3 (shared memory and memory-mapped
 * fetch), as the unix VFS does; it is meant for that VFS only. */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum mode { MODE_OFF, MODE_FSYNC, MODE_WRITE, MODE_FULL };
enum which { WHICH_ANY, WHICH_WAL, WHICH_DB };

typedef struct {
	sqlite3_file base; /* must be first: SQLite sees this */
	sqlite3_file *real; /* the wrapped VFS's file, in the same allocation, after this struct */
	int flags;	    /* the xOpen flags (SQLITE_OPEN_MAIN_DB, SQLITE_OPEN_WAL, …) */
	char name[96];	    /* the file's base name, for the report */
} fault_file;

static sqlite3_vfs *orig;
static sqlite3_vfs fault_vfs;
static const char *ctl_path;

/* Reads the control file: the mode, and which files it applies to. */
static enum mode current_mode(enum which *which)
{
	*which = WHICH_ANY;
	if (ctl_path == NULL)
		return MODE_OFF;
	int fd = open(ctl_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return MODE_OFF;
	char buf[64];
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return MODE_OFF;
	buf[n] = '\0';
	char word[16] = "", target[16] = "";
	if (sscanf(buf, "%15s %15s", word, target) < 1)
		return MODE_OFF;
	if (strcmp(target, "wal") == 0)
		*which = WHICH_WAL;
	else if (strcmp(target, "db") == 0)
		*which = WHICH_DB;
	if (strcmp(word, "fsync") == 0)
		return MODE_FSYNC;
	if (strcmp(word, "write") == 0)
		return MODE_WRITE;
	if (strcmp(word, "full") == 0)
		return MODE_FULL;
	return MODE_OFF;
}

static void report(const fault_file *f, const char *what)
{
	char line[192];
	int n = snprintf(line, sizeof line, "faultvfs: injected %s on %s\n", what, f->name[0] ? f->name : "(temp file)");
	if (n > 0)
		(void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* True when a failure of mode m is due now on file f. */
static bool due(const fault_file *f, enum mode m)
{
	enum which which;
	if (current_mode(&which) != m)
		return false;
	if (which == WHICH_WAL)
		return (f->flags & SQLITE_OPEN_WAL) != 0;
	if (which == WHICH_DB)
		return (f->flags & SQLITE_OPEN_MAIN_DB) != 0;
	return true;
}

/* ---- I/O methods: forwarded to the real file ---- */

#define REAL(p) (((fault_file *)(p))->real)

static int f_close(sqlite3_file *p)
{
	sqlite3_file *r = REAL(p);
	return r->pMethods ? r->pMethods->xClose(r) : SQLITE_OK;
}

static int f_read(sqlite3_file *p, void *buf, int amt, sqlite3_int64 off)
{
	return REAL(p)->pMethods->xRead(REAL(p), buf, amt, off);
}

static int f_write(sqlite3_file *p, const void *buf, int amt, sqlite3_int64 off)
{
	fault_file *f = (fault_file *)p;
	if (due(f, MODE_WRITE)) {
		report(f, "write error");
		return SQLITE_IOERR_WRITE;
	}
	if (due(f, MODE_FULL)) {
		report(f, "disk full");
		return SQLITE_FULL;
	}
	return f->real->pMethods->xWrite(f->real, buf, amt, off);
}

static int f_truncate(sqlite3_file *p, sqlite3_int64 size) { return REAL(p)->pMethods->xTruncate(REAL(p), size); }

static int f_sync(sqlite3_file *p, int flags)
{
	fault_file *f = (fault_file *)p;
	if (due(f, MODE_FSYNC)) {
		report(f, "fsync error");
		return SQLITE_IOERR_FSYNC;
	}
	return f->real->pMethods->xSync(f->real, flags);
}

static int f_file_size(sqlite3_file *p, sqlite3_int64 *size) { return REAL(p)->pMethods->xFileSize(REAL(p), size); }
static int f_lock(sqlite3_file *p, int lock) { return REAL(p)->pMethods->xLock(REAL(p), lock); }
static int f_unlock(sqlite3_file *p, int lock) { return REAL(p)->pMethods->xUnlock(REAL(p), lock); }
static int f_check_reserved(sqlite3_file *p, int *out) { return REAL(p)->pMethods->xCheckReservedLock(REAL(p), out); }

static int f_file_control(sqlite3_file *p, int op, void *arg)
{
	return REAL(p)->pMethods->xFileControl(REAL(p), op, arg);
}

static int f_sector_size(sqlite3_file *p) { return REAL(p)->pMethods->xSectorSize(REAL(p)); }
static int f_device_chars(sqlite3_file *p) { return REAL(p)->pMethods->xDeviceCharacteristics(REAL(p)); }

static int f_shm_map(sqlite3_file *p, int pg, int pgsz, int extend, void volatile **pp)
{
	sqlite3_file *r = REAL(p);
	if (r->pMethods->iVersion < 2 || r->pMethods->xShmMap == NULL)
		return SQLITE_IOERR_SHMMAP;
	return r->pMethods->xShmMap(r, pg, pgsz, extend, pp);
}

static int f_shm_lock(sqlite3_file *p, int offset, int n, int flags)
{
	return REAL(p)->pMethods->xShmLock(REAL(p), offset, n, flags);
}

static void f_shm_barrier(sqlite3_file *p) { REAL(p)->pMethods->xShmBarrier(REAL(p)); }
static int f_shm_unmap(sqlite3_file *p, int del) { return REAL(p)->pMethods->xShmUnmap(REAL(p), del); }

static int f_fetch(sqlite3_file *p, sqlite3_int64 off, int amt, void **pp)
{
	sqlite3_file *r = REAL(p);
	if (r->pMethods->iVersion < 3 || r->pMethods->xFetch == NULL) {
		*pp = NULL;
		return SQLITE_OK;
	}
	return r->pMethods->xFetch(r, off, amt, pp);
}

static int f_unfetch(sqlite3_file *p, sqlite3_int64 off, void *ptr)
{
	sqlite3_file *r = REAL(p);
	if (r->pMethods->iVersion < 3 || r->pMethods->xUnfetch == NULL)
		return SQLITE_OK;
	return r->pMethods->xUnfetch(r, off, ptr);
}

static const sqlite3_io_methods fault_io = {
	.iVersion = 3,
	.xClose = f_close,
	.xRead = f_read,
	.xWrite = f_write,
	.xTruncate = f_truncate,
	.xSync = f_sync,
	.xFileSize = f_file_size,
	.xLock = f_lock,
	.xUnlock = f_unlock,
	.xCheckReservedLock = f_check_reserved,
	.xFileControl = f_file_control,
	.xSectorSize = f_sector_size,
	.xDeviceCharacteristics = f_device_chars,
	.xShmMap = f_shm_map,
	.xShmLock = f_shm_lock,
	.xShmBarrier = f_shm_barrier,
	.xShmUnmap = f_shm_unmap,
	.xFetch = f_fetch,
	.xUnfetch = f_unfetch,
};

/* ---- VFS methods: forwarded to the original VFS ---- */

static int v_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
	(void)vfs;
	fault_file *f = (fault_file *)file;
	memset(f, 0, sizeof *f);
	f->real = (sqlite3_file *)(f + 1);
	f->flags = flags;
	if (name) {
		const char *slash = strrchr(name, '/');
		snprintf(f->name, sizeof f->name, "%s", slash ? slash + 1 : name);
	}
	int rc = orig->xOpen(orig, name, f->real, flags, out_flags);
	/* SQLite calls xClose whenever pMethods is set, even after a failed open */
	f->base.pMethods = f->real->pMethods ? &fault_io : NULL;
	return rc;
}

static int v_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	(void)vfs;
	return orig->xDelete(orig, name, sync_dir);
}

static int v_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return orig->xAccess(orig, name, flags, out);
}

static int v_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return orig->xFullPathname(orig, name, n, out);
}

static void *v_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return orig->xDlOpen(orig, name);
}

static void v_dlerror(sqlite3_vfs *vfs, int n, char *msg)
{
	(void)vfs;
	orig->xDlError(orig, n, msg);
}

static void (*v_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	(void)vfs;
	return orig->xDlSym(orig, h, sym);
}

static void v_dlclose(sqlite3_vfs *vfs, void *h)
{
	(void)vfs;
	orig->xDlClose(orig, h);
}

static int v_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return orig->xRandomness(orig, n, out);
}

static int v_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return orig->xSleep(orig, us);
}

static int v_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return orig->xCurrentTime(orig, out);
}

static int v_get_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return orig->xGetLastError ? orig->xGetLastError(orig, n, out) : 0;
}

static int v_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return orig->xCurrentTimeInt64(orig, out);
}

static int v_set_system_call(sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr p)
{
	(void)vfs;
	return orig->xSetSystemCall(orig, name, p);
}

static sqlite3_syscall_ptr v_get_system_call(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return orig->xGetSystemCall(orig, name);
}

static const char *v_next_system_call(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return orig->xNextSystemCall(orig, name);
}

__attribute__((constructor)) static void faultvfs_init(void)
{
	if (sqlite3_initialize() != SQLITE_OK || (orig = sqlite3_vfs_find(NULL)) == NULL || orig->iVersion < 3)
		return;
	ctl_path = getenv("DIGIDEN_FAULT_CTL");
	fault_vfs = (sqlite3_vfs){
		.iVersion = 3,
		.szOsFile = (int)sizeof(fault_file) + orig->szOsFile,
		.mxPathname = orig->mxPathname,
		.zName = "faultvfs",
		.xOpen = v_open,
		.xDelete = v_delete,
		.xAccess = v_access,
		.xFullPathname = v_full_pathname,
		.xDlOpen = v_dlopen,
		.xDlError = v_dlerror,
		.xDlSym = v_dlsym,
		.xDlClose = v_dlclose,
		.xRandomness = v_randomness,
		.xSleep = v_sleep,
		.xCurrentTime = v_current_time,
		.xGetLastError = v_get_last_error,
		.xCurrentTimeInt64 = v_current_time_int64,
		.xSetSystemCall = v_set_system_call,
		.xGetSystemCall = v_get_system_call,
		.xNextSystemCall = v_next_system_call,
	};
	if (sqlite3_vfs_register(&fault_vfs, 1) != SQLITE_OK)
		return;
	char line[4096 + 128];
	int n = snprintf(line, sizeof line, "faultvfs: registered over \"%s\" as the default VFS, control file %s\n", orig->zName,
			 ctl_path ? ctl_path : "(none: DIGIDEN_FAULT_CTL is not set)");
	if (n > 0)
		(void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}
