/*
 * lan-switch: the fault bench's Ethernet switch (docs/chaos.md, "The network").
 *
 *   lan-switch PREFIX NPORTS SEED
 *
 * Creates NPORTS TAP devices PREFIX0 .. PREFIX<N-1> (the bench moves each server's into its
 * network namespace) and forwards Ethernet frames between them as a learning switch, through a
 * per-direction link model: cut (drop everything), loss (drop with a probability), delay and
 * jitter (hold each frame for delay ± jitter, uniformly; frames may overtake each other, as on a
 * real jittery path). This is what this kernel's tc cannot do (no netem).
 *
 * Commands, one per line on stdin, each answered "ok" (or "error ...") on stdout:
 *   link FROM TO CUT LOSS_PPM DELAY_US JITTER_US   set the direction FROM -> TO
 *   heal                                           every link back to perfect
 *   stats                                          "stats forwarded dropped delayed"
 * End of stdin (the bench went away) ends the switch; its TAP devices go with it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define MAX_PORTS 16
#define MAX_FRAME 65536
#define MAX_QUEUED 50000
#define MAC_TABLE 256

struct link {
  int cut;
  uint32_t loss_ppm;
  uint32_t delay_us;
  uint32_t jitter_us;
};

struct queued {
  uint64_t due_us;
  uint64_t seq;
  int port;
  uint32_t len;
  unsigned char *data;
};

static int nports;
static int fds[MAX_PORTS];
static struct link links[MAX_PORTS][MAX_PORTS];
static struct {
  unsigned char mac[6];
  int port;
  int used;
} macs[MAC_TABLE];
static struct queued heap[MAX_QUEUED];
static int heap_len;
static uint64_t seq_counter;
static uint64_t forwarded, dropped, delayed;
static uint64_t rng_state;

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* splitmix64 */
static uint64_t rnd(void) {
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static int heap_less(int a, int b) {
  if (heap[a].due_us != heap[b].due_us) return heap[a].due_us < heap[b].due_us;
  return heap[a].seq < heap[b].seq;
}

static void heap_swap(int a, int b) {
  struct queued t = heap[a];
  heap[a] = heap[b];
  heap[b] = t;
}

static void heap_push(struct queued q) {
  int i = heap_len++;
  heap[i] = q;
  while (i > 0) {
    int p = (i - 1) / 2;
    if (!heap_less(i, p)) break;
    heap_swap(i, p);
    i = p;
  }
}

static struct queued heap_pop(void) {
  struct queued top = heap[0];
  heap[0] = heap[--heap_len];
  int i = 0;
  for (;;) {
    int l = 2 * i + 1, r = l + 1, m = i;
    if (l < heap_len && heap_less(l, m)) m = l;
    if (r < heap_len && heap_less(r, m)) m = r;
    if (m == i) break;
    heap_swap(i, m);
    i = m;
  }
  return top;
}

static int open_tap(const char *name) {
  int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void learn(const unsigned char *mac, int port) {
  if (mac[0] & 1) return; /* multicast source: ignore */
  unsigned h = (mac[3] * 31u + mac[4] * 7u + mac[5]) % MAC_TABLE;
  for (int k = 0; k < MAC_TABLE; k++) {
    int i = (h + k) % MAC_TABLE;
    if (!macs[i].used || memcmp(macs[i].mac, mac, 6) == 0) {
      memcpy(macs[i].mac, mac, 6);
      macs[i].port = port;
      macs[i].used = 1;
      return;
    }
  }
}

static int lookup(const unsigned char *mac) {
  if (mac[0] & 1) return -1;
  unsigned h = (mac[3] * 31u + mac[4] * 7u + mac[5]) % MAC_TABLE;
  for (int k = 0; k < MAC_TABLE; k++) {
    int i = (h + k) % MAC_TABLE;
    if (!macs[i].used) return -1;
    if (memcmp(macs[i].mac, mac, 6) == 0) return macs[i].port;
  }
  return -1;
}

static void deliver(int port, const unsigned char *data, size_t len) {
  if (write(fds[port], data, len) < 0) dropped++; /* queue full or interface down: a switch drops */
  else forwarded++;
}

/* One copy of a frame from `from` to `to`, through the link model. */
static void send_link(int from, int to, const unsigned char *data, size_t len) {
  struct link *l = &links[from][to];
  if (l->cut) {
    dropped++;
    return;
  }
  if (l->loss_ppm > 0 && rnd() % 1000000u < l->loss_ppm) {
    dropped++;
    return;
  }
  uint64_t d = l->delay_us;
  if (l->jitter_us > 0) {
    uint64_t span = 2ull * l->jitter_us + 1;
    int64_t j = (int64_t)(rnd() % span) - (int64_t)l->jitter_us;
    d = (int64_t)d + j < 0 ? 0 : (uint64_t)((int64_t)d + j);
  }
  if (d == 0) {
    deliver(to, data, len);
    return;
  }
  if (heap_len >= MAX_QUEUED) {
    dropped++;
    return;
  }
  unsigned char *copy = malloc(len);
  if (!copy) {
    dropped++;
    return;
  }
  memcpy(copy, data, len);
  struct queued q = { now_us() + d, seq_counter++, to, (uint32_t)len, copy };
  heap_push(q);
  delayed++;
}

static void on_frame(int from, const unsigned char *data, size_t len) {
  if (len < 14) return;
  learn(data + 6, from);
  int to = lookup(data);
  if (to >= 0) {
    if (to != from) send_link(from, to, data, len);
    return;
  }
  for (int p = 0; p < nports; p++)
    if (p != from) send_link(from, p, data, len);
}

static void reply(const char *s) {
  fputs(s, stdout);
  fputc('\n', stdout);
  fflush(stdout);
}

static void command(char *line) {
  char word[16];
  if (sscanf(line, "%15s", word) != 1) return;
  if (strcmp(word, "link") == 0) {
    int from, to, cut;
    unsigned loss, delay, jitter;
    if (sscanf(line, "link %d %d %d %u %u %u", &from, &to, &cut, &loss, &delay, &jitter) != 6 || from < 0 ||
        from >= nports || to < 0 || to >= nports) {
      reply("error bad link command");
      return;
    }
    links[from][to] = (struct link){ cut != 0, loss, delay, jitter };
    reply("ok");
  } else if (strcmp(word, "heal") == 0) {
    memset(links, 0, sizeof links);
    reply("ok");
  } else if (strcmp(word, "stats") == 0) {
    char buf[128];
    snprintf(buf, sizeof buf, "stats %llu %llu %llu", (unsigned long long)forwarded, (unsigned long long)dropped,
             (unsigned long long)delayed);
    reply(buf);
  } else {
    reply("error unknown command");
  }
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s PREFIX NPORTS SEED\n", argv[0]);
    return 2;
  }
  nports = atoi(argv[2]);
  rng_state = strtoull(argv[3], NULL, 10);
  if (nports < 2 || nports > MAX_PORTS || strlen(argv[1]) > 12) {
    fprintf(stderr, "lan-switch: bad arguments\n");
    return 2;
  }
  for (int p = 0; p < nports; p++) {
    char name[IFNAMSIZ];
    snprintf(name, sizeof name, "%s%d", argv[1], p);
    fds[p] = open_tap(name);
    if (fds[p] < 0) {
      fprintf(stderr, "lan-switch: cannot create TAP %s: %s\n", name, strerror(errno));
      return 1;
    }
  }
  reply("ready");

  static unsigned char buf[MAX_FRAME];
  static char cmd[4096];
  size_t cmd_len = 0;
  struct pollfd pfds[MAX_PORTS + 1];
  for (;;) {
    int timeout = -1;
    if (heap_len > 0) {
      uint64_t now = now_us();
      timeout = heap[0].due_us <= now ? 0 : (int)((heap[0].due_us - now + 999) / 1000);
    }
    pfds[0] = (struct pollfd){ 0, POLLIN, 0 };
    for (int p = 0; p < nports; p++) pfds[p + 1] = (struct pollfd){ fds[p], POLLIN, 0 };
    int n = poll(pfds, nports + 1, timeout);
    if (n < 0 && errno != EINTR) return 1;
    uint64_t now = now_us();
    while (heap_len > 0 && heap[0].due_us <= now) {
      struct queued q = heap_pop();
      deliver(q.port, q.data, q.len);
      free(q.data);
    }
    if (n <= 0) continue;
    if (pfds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t r = read(0, cmd + cmd_len, sizeof cmd - 1 - cmd_len);
      if (r <= 0) return 0; /* the bench is gone */
      cmd_len += (size_t)r;
      cmd[cmd_len] = 0;
      char *nl;
      while ((nl = memchr(cmd, '\n', cmd_len)) != NULL) {
        *nl = 0;
        command(cmd);
        size_t used = (size_t)(nl - cmd) + 1;
        memmove(cmd, nl + 1, cmd_len - used);
        cmd_len -= used;
        cmd[cmd_len] = 0;
      }
      if (cmd_len == sizeof cmd - 1) cmd_len = 0; /* an absurd line: forget it */
    }
    for (int p = 0; p < nports; p++) {
      if (!(pfds[p + 1].revents & POLLIN)) continue;
      /* Drain a bounded number of frames per port per round, for fairness. */
      for (int k = 0; k < 64; k++) {
        ssize_t r = read(fds[p], buf, sizeof buf);
        if (r <= 0) break;
        on_frame(p, buf, (size_t)r);
      }
    }
  }
}
