/**
 * `bin/zk-sim --seed N [--servers 3|5] [--observers K] [--election basic|fast] [--steps S]
 * [--verbose]`: replays one simulated election run exactly, prints its trace hash and the
 * checkers' verdict, and exits 1 on a violation.
 *
 * `bin/zk-sim --zab --seed N [...same options] [--clients C]`: replays one run of the whole
 * ensemble (election + Zab + clients, with crashes losing unflushed writes), src/sim/zab-sim.ts.
 *
 * `--seeds K` (with --zab): a soak of seeds N .. N+K-1 in one configuration; prints a line per
 * failing seed (with its replay command) and a summary, and exits 1 if any seed failed.
 *
 * `bin/zk-sim --replay FILE [--verbose]`: replays a recording made by `zk-server --record FILE`
 * through the same core (src/sim/replay.ts), prints the hashes of its effects and final state,
 * checks every checkpoint the server wrote, and exits 1 on a mismatch.
 */
import { existsSync, readFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runElectionSim } from '../sim/election-sim.js';
import { runZabSim } from '../sim/zab-sim.js';
import { replayRecording } from '../sim/replay.js';
import { previousSegment } from './record.js';

export function main(argv: string[]): number {
  const args = yargs(argv)
    .scriptName('zk-sim')
    .usage('$0 [--zab] --seed N [options]\n$0 --replay FILE [--verbose]\n\nReplays one simulated run: the election alone, or with --zab the whole ensemble; or a recording of a real server.')
    .option('seed', { type: 'number', describe: 'the seed of the run' })
    .option('replay', { type: 'string', describe: 'replay a recording made by zk-server --record FILE' })
    .option('zab', { type: 'boolean', default: false, describe: 'run election, Zab and clients together (full peers)' })
    .option('servers', { type: 'number', default: 3, choices: [1, 2, 3, 4, 5, 6, 7], describe: 'participants' })
    .option('observers', { type: 'number', default: 0, describe: 'observers (non-voting members)' })
    .option('election', { type: 'string', default: 'fast', choices: ['basic', 'fast'] as const, describe: 'algorithm' })
    .option('steps', { type: 'number', describe: 'nemesis actions in the chaos phase (default 30, or 25 with --zab)' })
    .option('clients', { type: 'number', describe: 'simulated clients (--zab only)' })
    .option('seeds', { type: 'number', describe: 'soak: run this many seeds from --seed on (--zab only)' })
    .option('stored-tree', { type: 'boolean', default: false, describe: 'servers serve their tree from storage, as zk-server does from LMDB (--zab only)' })
    .option('verbose', { type: 'boolean', default: false, describe: 'print every fault, decision and core log line' })
    .strict()
    .help()
    .parseSync();
  if (args.replay !== undefined) return replay(args.replay, args.verbose);
  const seed = args.seed;
  if (seed === undefined || !Number.isSafeInteger(seed) || seed < 0) throw new Error('--seed must be a non-negative integer');
  if (args.zab && args.seeds !== undefined) return soak({ ...args, seed }, args.seeds);
  if (args.zab) {
    void zab({ ...args, seed }).then((code) => {
      process.exitCode = code;
    });
    return 0;
  }
  const result = runElectionSim({
    seed,
    servers: args.servers,
    observers: args.observers,
    algorithm: args.election as 'basic' | 'fast',
    steps: args.steps ?? 30,
    verbose: args.verbose,
    log: (line) => console.log(line),
  });
  const s = result.stats;
  console.log(`seed ${result.seed}: ${args.election} election, ${args.servers} servers${args.observers ? ` + ${args.observers} observers` : ''}`);
  console.log(`trace ${result.traceHash} (${s.events} events, ${s.virtualMs} virtual ms)`);
  console.log(
    `decisions ${s.decisions} (${s.joins} joined a leader), established ${s.establishments}, highest epoch ${s.highestEpoch}, ` +
      `converged ${s.convergedAfterMs === null ? 'never' : `${s.convergedAfterMs} ms`} after a quorum could talk (bound ${s.livenessBoundMs} ms)`,
  );
  const n = s.network;
  console.log(`network: sent ${n.sent}, delivered ${n.delivered}, lost ${n.lost}, duplicated ${n.duplicated}, garbled ${n.garbled}, cut ${n.cut}; dropped stale ${s.droppedStale}, malformed ${s.droppedMalformed}`);
  return printVerdict(result);
}

async function zab(args: { seed: number; servers: number; observers: number; election: string; steps?: number | undefined; clients?: number | undefined; storedTree: boolean; verbose: boolean }): Promise<number> {
  const result = runZabSim({
    seed: args.seed,
    servers: args.servers,
    observers: args.observers,
    algorithm: args.election as 'basic' | 'fast',
    steps: args.steps,
    clients: args.clients,
    storedTree: args.storedTree,
    verbose: args.verbose,
    log: (line) => console.log(line),
  });
  // A refused storage call learns its reason from the rejected promise: let it settle first.
  await new Promise((resolve) => setImmediate(resolve));
  const s = result.stats;
  const h = s.history;
  console.log(`seed ${result.seed}: zab with ${args.election} election, ${args.servers} servers${args.observers ? ` + ${args.observers} observers` : ''}`);
  console.log(`trace ${result.traceHash} (${s.events} events, ${s.virtualMs} virtual ms)`);
  console.log(
    `established ${s.establishments} times, highest epoch ${s.highestEpoch}, ${s.committed} txns committed, ${s.applies} applies, ${s.snaps} SNAP installs; ` +
      `${s.crashes} crashes (${s.trapsSprung.length} of ${s.traps} traps sprung); converged ${s.convergedAfterMs === null ? 'never' : `${s.convergedAfterMs} ms`} after the heal (bound ${s.livenessBoundMs} ms)`,
  );
  console.log(
    `clients: ${s.ops} ops; ${h.writes} writes (${h.writesOk} ok, ${h.writesInfo} indeterminate, ${h.infoTookEffect} of those took effect), ` +
      `${h.syncReads} sync+reads, ${h.localReads} local reads (${h.staleLocalReads} stale)`,
  );
  if (args.verbose) for (const t of s.trapsSprung) console.log(`trap: ${t}`);
  return printVerdict(result);
}

/** Runs seeds seed .. seed+count-1; every failing seed is printed with the command that replays it. */
function soak(args: { seed: number; servers: number; observers: number; election: string; steps?: number | undefined; clients?: number | undefined; storedTree: boolean }, count: number): number {
  if (!Number.isSafeInteger(count) || count < 1) throw new Error('--seeds must be a positive integer');
  const started = Date.now();
  const failed: number[] = [];
  for (let seed = args.seed; seed < args.seed + count; seed++) {
    const r = runZabSim({ seed, servers: args.servers, observers: args.observers, algorithm: args.election as 'basic' | 'fast', steps: args.steps, clients: args.clients, storedTree: args.storedTree });
    if (r.ok) continue;
    failed.push(seed);
    const v = r.violations[0]!;
    console.log(`seed ${seed} FAILED: [${v.property}] ${v.detail.split('\n')[0]}\n  replay: ${r.replay} --verbose`);
  }
  const config = `${args.election} election, ${args.servers} servers${args.observers ? ` + ${args.observers} observers` : ''}${args.storedTree ? ', stored tree' : ''}`;
  console.log(`soak: seeds ${args.seed}..${args.seed + count - 1} (${config}): ${count - failed.length} ok, ${failed.length} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed.length === 0 ? 0 : 1;
}

/**
 * Replays a recording: one line per checkpoint that does not match (every one with --verbose),
 * then the hashes of the replayed run and a verdict. Exit 1 if a checkpoint differs, the replay
 * left the recording, or no checkpoint was reached.
 */
function replay(file: string, verbose: boolean): number {
  // A bounded recording keeps the segment before the current one in FILE.1: the replay starts
  // at its head (a checkpoint of the whole core) and goes on through FILE.
  const older = previousSegment(file);
  const olderText = existsSync(older) ? readFileSync(older, 'utf8') : '';
  const olderLines = olderText === '' ? 0 : olderText.split('\n').length - (olderText.endsWith('\n') ? 1 : 0);
  const where = (n: number) => (n <= olderLines ? `${older}:${n}` : `${file}:${n - olderLines}`);
  if (olderLines > 0 && verbose) console.log(`replaying ${older} (lines 1-${olderLines}) then ${file} (lines ${olderLines + 1}-)`);
  // FILE may be missing right after a rename (the server was killed between the two steps).
  const newer = olderLines > 0 && !existsSync(file) ? '' : readFileSync(file, 'utf8');
  const result = replayRecording(olderText + newer, verbose ? (line) => console.log(line) : undefined);
  const bad = result.checks.filter((c) => !c.match);
  for (const c of bad) {
    console.log(`checkpoint at ${where(c.line)} (after ${c.inputs} inputs) MISMATCH: recorded effects ${c.recorded.effects} state ${c.recorded.state}, replayed effects ${c.replayed.effects} state ${c.replayed.state}`);
    console.log(`  recorded state: ${JSON.stringify(c.recordedSummary, big)}\n  replayed state: ${JSON.stringify(c.replayedSummary, big)}`);
  }
  const ending = { final: 'a clean stop (final checkpoint)', limit: 'the size limit', cut: 'cut short (the server was killed or is still running)' }[result.end];
  const from = result.from ? `, from segment ${result.from.segment} (the first ${result.from.inputs} inputs were dropped at the size limit), ${result.segments} segment(s)` : '';
  console.log(`replay ${file}: ${result.mode}, ${result.inputs} inputs${from}, ended by ${ending}`);
  console.log(`effects ${result.effects}, state ${result.state} ${JSON.stringify(result.summary, big)}`);
  if (result.divergence) console.log(`DIVERGED: ${result.divergence}`);
  const ok = bad.length === 0 && result.divergence === null && result.checks.length > 0;
  console.log(`checkpoints: ${result.checks.length - bad.length} of ${result.checks.length} match; verdict: ${ok ? 'ok' : result.checks.length === 0 ? 'no checkpoint reached' : 'MISMATCH'}`);
  return ok ? 0 : 1;
}

const big = (_key: string, v: unknown) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v);

/** Prints a run's verdict (and how to replay it); the exit code is 1 on a violation. */
function printVerdict(result: { ok: boolean; replay: string; violations: { atMs: number; property: string; detail: string }[] }): number {
  if (result.ok) {
    console.log('verdict: ok');
    return 0;
  }
  console.log(`verdict: ${result.violations.length} violation(s)`);
  for (const v of result.violations) console.log(`  at ${v.atMs} ms [${v.property}] ${v.detail}`);
  console.log(`replay: ${result.replay} --verbose`);
  return 1;
}

process.exitCode = main(hideBin(process.argv));
