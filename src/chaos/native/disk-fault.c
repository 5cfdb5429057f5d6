/*
 * disk-fault: an LD_PRELOAD shim that makes one server's disk slow or failing on command
 * (docs/chaos.md, "Disk faults"). Works for Node (zk-ts) and the JVM (ZooKeeper) alike, since
 * both reach the disk through libc.
 *
 * Environment:
 *   CHAOS_DISK_CTL  a file of at least 32 bytes that the bench rewrites to change the mode:
 *                   "-"          healthy
 *                   "S <us>"     slow: every fsync/fdatasync/msync on a data file sleeps <us> first
 *                   "E"          failing: writes and syncs of data files fail with EIO
 *                   "N"          full: writes and syncs of data files fail with ENOSPC
 *   CHAOS_DISK_DIR  the data directory: only files under it are affected.
 * The control file is mapped shared, so a change is seen by the next call at no cost; when
 * healthy the shim costs one memory load per call.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static volatile const char *ctl;
static int ctl_state; /* 0 not tried, 1 mapped, -1 unavailable */
static const char *dir;
static size_t dir_len;

static void init(void) {
  if (ctl_state != 0) return;
  const char *path = getenv("CHAOS_DISK_CTL");
  dir = getenv("CHAOS_DISK_DIR");
  ctl_state = -1;
  if (!path || !dir) return;
  dir_len = strlen(dir);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  void *p = mmap(NULL, 32, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return;
  ctl = p;
  ctl_state = 1;
}

static char mode(void) {
  init();
  return ctl_state == 1 ? ctl[0] : '-';
}

static int is_data_fd(int fd) {
  char link[64], target[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, target, sizeof target - 1);
  if (n <= 0) return 0;
  target[n] = 0;
  return (size_t)n >= dir_len && strncmp(target, dir, dir_len) == 0 && (target[dir_len] == '/' || target[dir_len] == 0);
}

/* 0: go ahead; -1: fail with errno set. */
static int before(int fd, int is_sync) {
  char m = mode();
  if (m == '-' || m == 0) return 0;
  if (fd >= 0 && !is_data_fd(fd)) return 0;
  if (m == 'S') {
    if (is_sync) {
      char buf[24];
      for (int i = 0; i < 22; i++) buf[i] = ctl[i + 2];
      buf[22] = 0;
      usleep((useconds_t)strtoul(buf, NULL, 10));
    }
    return 0;
  }
  if (m == 'E') {
    errno = EIO;
    return -1;
  }
  if (m == 'N') {
    errno = ENOSPC;
    return -1;
  }
  return 0;
}

#define REAL(name) \
  static __typeof__(&name) real_##name; \
  if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

int fsync(int fd) {
  REAL(fsync);
  if (before(fd, 1) < 0) return -1;
  return real_fsync(fd);
}

int fdatasync(int fd) {
  REAL(fdatasync);
  if (before(fd, 1) < 0) return -1;
  return real_fdatasync(fd);
}

int msync(void *addr, size_t len, int flags) {
  REAL(msync);
  /* No fd to tell whose mapping it is: in these servers only the data store maps files. */
  if (before(-1, 1) < 0) return -1;
  return real_msync(addr, len, flags);
}

ssize_t write(int fd, const void *buf, size_t n) {
  REAL(write);
  if (before(fd, 0) < 0) return -1;
  return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  REAL(pwrite);
  if (before(fd, 0) < 0) return -1;
  return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
  REAL(pwrite64);
  if (before(fd, 0) < 0) return -1;
  return real_pwrite64(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
  REAL(writev);
  if (before(fd, 0) < 0) return -1;
  return real_writev(fd, iov, cnt);
}

ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) {
  REAL(pwritev);
  if (before(fd, 0) < 0) return -1;
  return real_pwritev(fd, iov, cnt, off);
}

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off64_t off) {
  REAL(pwritev64);
  if (before(fd, 0) < 0) return -1;
  return real_pwritev64(fd, iov, cnt, off);
}

ssize_t pwritev2(int fd, const struct iovec *iov, int cnt, off_t off, int flags) {
  REAL(pwritev2);
  if (before(fd, 0) < 0) return -1;
  return real_pwritev2(fd, iov, cnt, off, flags);
}
