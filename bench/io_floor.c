/* io_floor.c — the I/O floor of `digiden check --json`: reads every input file
 * whole (open, read, close, as digiden does) and writes BYTES bytes to standard
 * output in 64 KiB writes, nothing else. BYTES is the size of digiden's real output
 * for the same files, measured by the caller. One thread: the floor is what the
 * kernel's file and pipe paths cost, not what a program computes.
 *
 * Usage: io_floor BYTES FILE... */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char buf[65536];

static int write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: io_floor BYTES FILE...\n");
		return 2;
	}
	unsigned long long total = strtoull(argv[1], NULL, 10), read_bytes = 0;
	for (int i = 2; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror(argv[i]);
			return 2;
		}
		ssize_t r;
		while ((r = read(fd, buf, sizeof buf)) > 0)
			read_bytes += (unsigned long long)r;
		close(fd);
	}
	memset(buf, ' ', sizeof buf);
	while (total > 0) {
		size_t n = total < sizeof buf ? (size_t)total : sizeof buf;
		if (write_all(buf, n) != 0) {
			perror("write");
			return 2;
		}
		total -= n;
	}
	/* keeps the reads observable */
	return read_bytes == 0 && argc > 2 ? 1 : 0;
}
