/*
 * LD_PRELOAD shim for test/integration/storage-crash.test.ts (Linux): delays every fsync and
 * fdatasync by SLOW_FSYNC_US microseconds (default 5000) before doing it. On a fast disk the
 * gap between an LMDB commit becoming visible and its fsync is a fraction of a millisecond, so a
 * SIGKILL almost never lands inside it; with this shim it is milliseconds wide, and an
 * acknowledgement sent before the flush would be caught by the test.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

static void pause_before_sync(void) {
  const char *s = getenv("SLOW_FSYNC_US");
  usleep(s ? (useconds_t)atoi(s) : 5000);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  pause_before_sync();
  return real(fd);
}

int fsync(int fd) {
  static int (*real)(int);
  if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  pause_before_sync();
  return real(fd);
}
