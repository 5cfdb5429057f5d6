/**
 * A cross-check run (docs/crosscheck.md): start the two servers, drive the seeded workload
 * through both in lockstep, sort the differences into deliberate (allow-listed) and not, and
 * shrink one example of each kind of unexpected difference to a minimal replay.
 */
import { Op } from '../wire/constants.js';
import { AllowList, type AllowEntry } from './allow-list.js';
import { Workload } from './generate.js';
import { Lockstep } from './lockstep.js';
import { show, ZxidRef, type Difference, type Value } from './observe.js';
import { startServer, type RunningServer, type ServerKind } from './servers.js';
import { describeStep, opName, type Step } from './steps.js';

export interface Divergence {
  signature: string;
  /** Index (in the run) of the first step that showed it, and how many steps did. */
  first: number;
  count: number;
  step: Step;
  differences: Difference[];
  /** The allow-list entry that covers it, if it is deliberate. */
  allowedBy: AllowEntry | null;
  /** The shortest step list found that still shows it (unexpected ones only, when shrinking). */
  replay?: Step[];
}

export interface RunReport {
  servers: [string, string];
  seed: number;
  steps: number;
  divergences: Divergence[];
  unexpected: number;
}

export interface RunOptions {
  seed: number;
  ops: number;
  kinds: [ServerKind, ServerKind];
  shrink: boolean;
  jar?: string;
  /** Print every step and what both servers answered. */
  trace?: boolean;
  /** Replay these steps instead of generating (the seed only names the namespace). */
  replay?: Step[] | undefined;
  log?: (line: string) => void;
}

/** The namespace width is fixed so that a step's frame size does not depend on the attempt. */
function namespace(seed: number, attempt: number): string {
  return `/cc${(seed >>> 0).toString(16).padStart(8, '0')}-${String(attempt).padStart(5, '0')}`;
}
const NAMESPACE_LENGTH = namespace(0, 0).length;

/** "getData reply.err", "create event.path": where a difference is, without slot numbers. */
export function signatureOf(step: Step, d: Difference): string {
  const what = step.kind === 'request' ? opName(step.req.op) : step.kind;
  const slot = Number(/^s(\d+)/.exec(d.where)?.[1] ?? -1);
  const whose = slot === step.s ? 'own' : 'other';
  const where = d.where.replace(/^s\d+/, '').replace(/\[\d+\]/g, '[]');
  const values = /\.(err|type|xid)$/.test(d.where) || /\[\]$/.test(where) || !where.includes('.') ? ` ${d.a} ≠ ${d.b}` : '';
  return `${what} ${whose}${where}${values}`;
}

/** A step with differences, judged: allowed when the allow-list covers every one of them. */
interface Judged {
  differences: Difference[];
  signature: string;
  allowedBy: AllowEntry | null;
}

function judged(step: Step, diffs: Difference[], entries: (AllowEntry | null)[]): Judged {
  const firstUncovered = entries.findIndex((e) => e === null);
  if (firstUncovered >= 0) return { differences: diffs, signature: signatureOf(step, diffs[firstUncovered]!), allowedBy: null };
  return { differences: diffs, signature: signatureOf(step, diffs[0]!), allowedBy: entries[0]! };
}

interface StepsResult {
  /** Per step index with differences: how they were judged. */
  judged: Map<number, Judged>;
  steps: Step[];
}

/** The reply zxids of a session in one observation (for re-pairing after an allowed step). */
function replyZxids(items: readonly Value[]): bigint[] {
  const out: bigint[] = [];
  for (const item of items) {
    const z = (item as { reply?: { zxid?: Value } } | null)?.reply?.zxid;
    if (z instanceof ZxidRef) out.push(z.value);
  }
  return out;
}

async function runSteps(
  servers: [RunningServer, RunningServer],
  ns: string,
  source: { next(i: number): Step | null; learn?(o: Value[][], s: Step): void },
  trace?: (line: string) => void,
  slow?: (step: number, ms: number) => void,
): Promise<StepsResult> {
  const lock = new Lockstep(servers[0], servers[1], ns);
  const allow = new AllowList();
  await lock.start();
  const result = new Map<number, Judged>();
  const steps: Step[] = [];
  try {
    for (let i = 0; ; i++) {
      const step = source.next(i);
      if (!step) break;
      steps.push(step);
      const began = Date.now();
      const out = await lock.step(step);
      // A step this slow means a server (or the machine) stalled: worth knowing when reading a divergence.
      const ms = Date.now() - began;
      if (ms > 5000) slow?.(i, ms);
      let verdict: Judged | null = null;
      if (out.differences.length > 0) {
        verdict = judged(step, out.differences, allow.judge(step, out));
        result.set(i, verdict);
        if (verdict.allowedBy) {
          // The two servers may have used different numbers of zxids here: re-pair them.
          const za = replyZxids(out.reference[step.s]!);
          const zb = replyZxids(out.other[step.s]!);
          for (let k = 0; k < Math.min(za.length, zb.length); k++) lock.alias(za[k]!, zb[k]!);
          lock.forgiveNextStep();
        }
      }
      allow.observe(step, out, verdict?.allowedBy != null);
      if (trace) {
        trace(`step ${i}: ${describeStep(step)}`);
        out.reference.forEach((items, s) => items.length > 0 && trace(`  ${servers[0].name} s${s}: ${items.map(show).join(' ')}`));
        out.other.forEach((items, s) => items.length > 0 && trace(`  ${servers[1].name} s${s}: ${items.map(show).join(' ')}`));
        for (const d of out.differences) trace(`  DIFFERENT at ${d.where}${verdict?.allowedBy ? ` (allowed: ${verdict.allowedBy.name})` : ''}`);
      }
      source.learn?.(out.reference, step);
    }
  } finally {
    await lock.finish();
  }
  return { judged: result, steps };
}

/** Feeds the workload the paths the reference server created, so later steps can use them. */
function learnFrom(w: Workload, observed: Value[][], step: Step): void {
  if (step.kind !== 'request') return;
  const op = step.req.op;
  for (const item of observed[step.s]!) {
    const reply = (item as { reply?: { err: string; body: Value } }).reply;
    if (!reply || reply.err !== 'OK' || !reply.body || typeof reply.body !== 'object') continue;
    const body = reply.body as { path?: string; results?: { path?: string }[] };
    if ((op === Op.create || op === Op.create2 || op === Op.createContainer || op === Op.createTTL) && body.path?.startsWith('~/')) w.learn(body.path);
    for (const r of body.results ?? []) if (r.path?.startsWith('~/')) w.learn(r.path);
  }
}

/** Two running servers to compare, reusable for several runs (each in its own namespace). */
export interface ServerPair {
  servers: [RunningServer, RunningServer];
  names: [string, string];
  /** A fresh namespace for the next run on these servers. */
  namespace(seed: number): string;
  stop(): Promise<void>;
}

export async function startPair(kinds: [ServerKind, ServerKind], jar?: string): Promise<ServerPair> {
  const names: [string, string] = kinds[0] === kinds[1] ? [`${kinds[0]}#1`, `${kinds[1]}#2`] : [kinds[0], kinds[1]];
  const started = await Promise.allSettled([startServer(kinds[0], names[0], jar), startServer(kinds[1], names[1], jar)]);
  const stop = () => Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined))).then(() => undefined);
  for (const s of started) {
    if (s.status === 'rejected') {
      await stop();
      throw s.reason;
    }
  }
  let attempt = 0;
  return {
    servers: started.map((s) => (s as PromiseFulfilledResult<RunningServer>).value) as [RunningServer, RunningServer],
    names,
    namespace: (seed) => namespace(seed, attempt++),
    stop,
  };
}

export async function crosscheck(opts: RunOptions): Promise<RunReport> {
  opts.log?.(`starting ${opts.kinds[0]} and ${opts.kinds[1]}`);
  const pair = await startPair(opts.kinds, opts.jar);
  try {
    return await runOnPair(pair, opts);
  } finally {
    await pair.stop();
  }
}

/** One run (a seeded workload, or a replay) on servers already started. */
export async function runOnPair(pair: ServerPair, opts: Omit<RunOptions, 'kinds' | 'jar'>): Promise<RunReport> {
  const log = opts.log ?? (() => {});
  const workload = new Workload(opts.seed, NAMESPACE_LENGTH);
  const replay = opts.replay;
  const source = replay
    ? { next: (i: number) => replay[i] ?? null }
    : { next: (i: number) => (i < opts.ops ? workload.next() : null), learn: (o: Value[][], s: Step) => learnFrom(workload, o, s) };
  log(`running ${replay ? replay.length : opts.ops} steps (seed ${opts.seed})`);
  const main = await runSteps(pair.servers, pair.namespace(opts.seed), source, opts.trace ? log : undefined, (i, ms) => log(`step ${i} took ${ms} ms`));

  const bySignature = new Map<string, Divergence>();
  for (const [i, verdict] of [...main.judged].sort((x, y) => x[0] - y[0])) {
    const key = `${verdict.allowedBy ? verdict.allowedBy.name : 'unexpected'}: ${verdict.signature}`;
    const known = bySignature.get(key);
    if (known) known.count++;
    else bySignature.set(key, { signature: verdict.signature, first: i, count: 1, step: main.steps[i]!, differences: verdict.differences, allowedBy: verdict.allowedBy });
  }
  const divergences = [...bySignature.values()];
  const unexpected = divergences.filter((d) => !d.allowedBy);
  if (opts.shrink) {
    for (const d of unexpected) {
      log(`shrinking: ${d.signature} (first at step ${d.first})`);
      d.replay = await shrink(main.steps.slice(0, d.first + 1), async (candidate) => {
        const r = await runSteps(pair.servers, pair.namespace(opts.seed), { next: (i) => candidate[i] ?? null });
        for (const v of r.judged.values()) if (!v.allowedBy && v.signature === d.signature) return true;
        return false;
      });
    }
  }
  return { servers: pair.names, seed: opts.seed, steps: main.steps.length, divergences, unexpected: unexpected.length };
}

/**
 * Delta debugging (ddmin) over the step list: drop chunks while the divergence persists.
 * Bounded, so a stubborn divergence costs at most `budget` re-runs.
 */
export async function shrink(steps: Step[], reproduces: (s: Step[]) => Promise<boolean>, budget = 150): Promise<Step[]> {
  let current = steps;
  let tries = 0;
  if (!(await reproduces(current))) return current; // not reproducible from a fresh start: keep it whole
  let n = 2;
  while (current.length >= 2 && tries < budget) {
    const size = Math.ceil(current.length / n);
    let reduced = false;
    for (let start = 0; start < current.length && tries < budget; start += size) {
      const candidate = [...current.slice(0, start), ...current.slice(start + size)];
      tries++;
      if (candidate.length > 0 && (await reproduces(candidate))) {
        current = candidate;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  return current;
}

export function formatReport(r: RunReport, verbose: boolean): string {
  const lines: string[] = [];
  lines.push(`crosscheck ${r.servers[0]} vs ${r.servers[1]}, seed ${r.seed}, ${r.steps} steps`);
  const allowedOnes = r.divergences.filter((d) => d.allowedBy);
  for (const d of r.divergences.filter((x) => !x.allowedBy)) {
    lines.push('', `DIVERGENCE ${d.signature}`, `  first at step ${d.first} (${describeStep(d.step)}), seen at ${d.count} step(s)`);
    for (const x of d.differences) lines.push(`  at ${x.where}:`, `    ${r.servers[0]}: ${x.a}`, `    ${r.servers[1]}: ${x.b}`);
    if (d.replay && d.replay.length === d.first + 1 && d.first > 20) {
      lines.push(`  not reproduced from a fresh start (it depends on timing or on an earlier difference): see the steps before ${d.first}`);
    } else if (d.replay) {
      lines.push(`  minimal replay (${d.replay.length} step(s)):`);
      for (const s of d.replay) lines.push(`    ${describeStep(s)}`);
      lines.push(`  as JSON (npm run crosscheck -- --replay FILE): ${JSON.stringify(d.replay)}`);
    }
  }
  if (allowedOnes.length > 0) {
    lines.push('', `allow-listed differences (deliberate, docs/compatibility.md):`);
    for (const d of allowedOnes) {
      lines.push(`  [${d.allowedBy!.name}] ${d.signature}: ${d.count} step(s), first at ${d.first}`);
      if (verbose) for (const x of d.differences) lines.push(`    at ${x.where}: ${x.a} | ${x.b}`);
    }
  }
  lines.push('', r.unexpected === 0 ? 'no unexpected divergences' : `${r.unexpected} unexpected divergence(s)`);
  return lines.join('\n');
}
