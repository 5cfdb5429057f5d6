// Preloaded into a zk-ts server by scripts/rss-after-load.mjs (node --require): on SIGUSR2 it
// writes process.memoryUsage(), V8's heap statistics and the process's RSS split to
// $ZKTS_MEM_PROBE_DIR/mem-PID.json, then runs two full collections and writes the same to
// gc-PID.json: what a full collection would give back. The probe's own question, not part of
// the server.
const v8 = require('node:v8');
const fs = require('node:fs');
const vm = require('node:vm');
const dir = process.env.ZKTS_MEM_PROBE_DIR;

function rss() {
  const t = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(t)[1]);
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile') };
}

function dump(name) {
  const spaces = {};
  for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = { size: s.space_size, used: s.space_used_size, physical: s.physical_space_size };
  fs.writeFileSync(`${dir}/${name}-${process.pid}.json`, JSON.stringify({ usage: process.memoryUsage(), heap: v8.getHeapStatistics(), spaces, proc: rss() }));
}

if (dir) {
  process.on('SIGUSR2', () => {
    dump('mem');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    gc();
    setTimeout(() => {
      gc();
      setTimeout(() => dump('gc'), 500);
    }, 100);
  });
}
