/**
 * Replays a recording made by `zk-server --record` (docs/architecture.md, "Replaying a
 * recording"): builds the same core from the recorded start state and Rng seed (or, when the
 * oldest inputs were dropped, rebuilds it from the checkpoint at the head of the oldest segment
 * kept, src/peer/core-checkpoint.ts), feeds it the
 * recorded inputs with their times, answers its log reads with what storage answered, drains it
 * where the server drained it, and compares every checkpoint (the running hash of the effects
 * and the core's state) with the one the server wrote.
 */
import { SeededRng } from '../base/clock.js';
import { QuorumPeer, type QuorumPeerOptions } from '../peer/quorum-peer.js';
import { StandaloneCore, type StandaloneOptions } from '../peer/standalone.js';
import type { PeerInput, StandaloneInput, Stamped } from '../peer/inputs.js';
import { decodeLine, encodeValue, type Line, peerState, Recorder, RECORDING_VERSION, RunningHash, standaloneState, type StartLine } from '../peer/recording.js';
import { CheckpointError, graphDigest } from '../peer/checkpoint.js';
import { checkpointCore, restoreCore } from '../peer/core-checkpoint.js';
import type { LogReader } from '../zab/types.js';
import { pktName, quorumMessageZxid, type SentQuorumMessage } from '../wire/quorum.js';

export interface CheckOutcome {
  /** Line number in the recording (1-based). */
  line: number;
  inputs: number;
  final: boolean;
  match: boolean;
  recorded: { effects: string; state: string };
  replayed: { effects: string; state: string };
  recordedSummary?: unknown;
  replayedSummary?: unknown;
}

export interface ReplayResult {
  mode: 'quorum' | 'standalone';
  /** Inputs up to the end, counted from the server's start (dropped ones too). */
  inputs: number;
  /** Where the replay started: null at the start line; else the segment and the inputs dropped before it. */
  from: { segment: number; inputs: number } | null;
  /** Segments replayed (each after the first is checked at its head: `checks`). */
  segments: number;
  checks: CheckOutcome[];
  /** How the recording ended: a final checkpoint, the size limit, or cut short (a killed server). */
  end: 'final' | 'limit' | 'cut';
  /** The replay left the recording (a read or a drain the recording does not have): where and why. */
  divergence: string | null;
  /** The hashes of the replayed run at its end (state with the tree digest). */
  effects: string;
  state: string;
  summary: unknown;
}

/** The recording ran out in the middle of a step (the server was killed while writing it). */
class EndOfRecording extends Error {}
/** The replay asked for something the recording does not hold at this point. */
class Divergence extends Error {}

export function replayRecording(text: string, verbose?: (line: string) => void): ReplayResult {
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  let cut = false;
  const lines: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    try {
      lines.push(decodeLine(raw[i]!));
    } catch (e) {
      // Only the last line may be torn (the server was killed while writing it).
      if (i !== raw.length - 1) throw new Error(`line ${i + 1}: not a recording line: ${(e as Error).message}`);
      cut = true;
    }
  }
  const start = lines[0];
  if (!start || (start.t !== 'start' && start.t !== 'resume')) throw new Error('not a recording: the first line is neither a start line nor a resume line');
  if (start.version !== RECORDING_VERSION) throw new Error(`recording format ${start.version}; this replay reads format ${RECORDING_VERSION}`);

  let pos = 1;
  const next = (): Line => {
    if (pos >= lines.length) throw new EndOfRecording();
    return lines[pos++]!;
  };
  const reads: LogReader = {
    readLog: (from, to, maxBytes) => {
      const l = next();
      const args = encodeValue([from, to, maxBytes]);
      if (l.t !== 'read' || l.op !== 'readLog' || encodeValue(l.args) !== args) throw new Divergence(`line ${pos}: the core read its log (readLog ${args}) where the recording has ${describe(l)}`);
      return l.result;
    },
    firstLogged: () => {
      const l = next();
      if (l.t !== 'read' || l.op !== 'firstLogged') throw new Divergence(`line ${pos}: the core asked for its first log entry where the recording has ${describe(l)}`);
      return l.result;
    },
  };

  let core: Built;
  const state = (full: boolean) => (core.kind === 'quorum' ? peerState(core.peer, full) : standaloneState(core.core, full));
  const recorder = new Recorder({ sink: null, state, checkEvery: 0, limitBytes: Infinity });
  if (start.t === 'start') {
    core = build(start, reads);
  } else {
    // The older inputs were dropped (the size limit): the core is rebuilt from this checkpoint.
    const restored = restoreCore(start.core, start.mode, start.options, { log: reads, recorder });
    core = restored instanceof QuorumPeer ? { kind: 'quorum', peer: restored } : { kind: 'standalone', core: restored };
    recorder.resumeAt(start);
    verbose?.(`1: resume from segment ${start.segment} after ${start.inputs} inputs (the inputs before were dropped)`);
  }
  if (core.kind === 'quorum') core.peer.recorder = recorder;
  else core.core.recorder = recorder;
  const coreDigest = (): string => {
    const c = core.kind === 'quorum' ? core.peer : core.core;
    return graphDigest(checkpointCore(c, start.mode, start.options, { log: reads, recorder }), hashParts);
  };

  const drain = (): unknown[] => {
    const effects = core.kind === 'quorum' ? core.peer.drain() : core.core.drain();
    if (verbose) for (const e of effects as ({ kind: string } & Record<string, unknown>)[]) verbose(`      effect ${e.kind}${effectDetail(e)}`);
    return effects;
  };
  const checks: CheckOutcome[] = [];
  let segments = 1;
  let end: ReplayResult['end'] = 'cut';
  let divergence: string | null = null;
  try {
    while (pos < lines.length) {
      const at = pos + 1;
      const l = next();
      switch (l.t) {
        case 'in':
          verbose?.(`${at}: input ${l.i.kind} at ${l.i.nowMs.toFixed(1)} ms${inputDetail(l.i as unknown as { kind: string } & Record<string, unknown>)}`);
          if (core.kind === 'quorum') core.peer.step(l.i as Stamped<PeerInput>);
          else core.core.step(l.i as Stamped<StandaloneInput>);
          break;
        case 'drain': {
          const effects = drain();
          if (effects.length !== l.n) throw new Divergence(`line ${at}: the drain produced ${effects.length} effects, the recording ${l.n}`);
          break;
        }
        case 'check': {
          const mine = recorder.checkpoint(l.final === true);
          const match = mine.effects === l.effects && mine.state === l.state;
          checks.push({
            line: at,
            inputs: l.inputs,
            final: l.final === true,
            match,
            recorded: { effects: l.effects, state: l.state },
            replayed: { effects: mine.effects, state: mine.state },
            recordedSummary: l.summary,
            replayedSummary: mine.summary,
          });
          verbose?.(`${at}: checkpoint after ${l.inputs} inputs: ${match ? 'match' : 'MISMATCH'} (effects ${mine.effects}, state ${mine.state})`);
          if (l.final) end = 'final';
          break;
        }
        case 'limit':
          end = 'limit';
          pos = lines.length;
          break;
        case 'read':
          throw new Divergence(`line ${at}: the recording has a log read the core did not make`);
        case 'resume': {
          // The head of the next segment: the server's whole core there, which ours must equal.
          const mine = recorder.checkpoint(true);
          let coreMatch: boolean;
          try {
            coreMatch = coreDigest() === graphDigest(l.core, hashParts);
          } catch (e) {
            if (!(e instanceof CheckpointError)) throw e;
            coreMatch = false;
          }
          const match = mine.effects === l.effects && mine.state === l.state && coreMatch && recorder.inputCount === l.inputs;
          checks.push({
            line: at,
            inputs: l.inputs,
            final: false,
            match,
            recorded: { effects: l.effects, state: l.state },
            replayed: { effects: mine.effects, state: mine.state },
            recordedSummary: l.summary,
            replayedSummary: coreMatch ? mine.summary : { ...(mine.summary as object), core: 'differs from the recorded checkpoint' },
          });
          verbose?.(`${at}: segment ${l.segment} begins after ${l.inputs} inputs: ${match ? 'match' : 'MISMATCH'} (effects ${mine.effects}, state ${mine.state}, whole core ${coreMatch ? 'equal' : 'DIFFERENT'})`);
          segments++;
          break;
        }
        case 'start':
          throw new Error(`line ${at}: a second start line`);
        default:
          throw new Error(`line ${at}: unknown line ${encodeValue(l)}`);
      }
    }
  } catch (e) {
    if (e instanceof Divergence) divergence = e.message;
    else if (!(e instanceof EndOfRecording)) throw e;
  }
  if (cut && end === 'final') end = 'cut';
  const last = recorder.checkpoint(true);
  return {
    mode: start.mode,
    inputs: recorder.inputCount,
    from: start.t === 'start' ? null : { segment: start.segment, inputs: start.inputs },
    segments,
    checks,
    end,
    divergence,
    effects: last.effects,
    state: last.state,
    summary: last.summary,
  };
}

type Built = { kind: 'quorum'; peer: QuorumPeer } | { kind: 'standalone'; core: StandaloneCore };

function build(start: StartLine, reads: LogReader): Built {
  const rng = new SeededRng(start.seed);
  if (start.mode === 'quorum') return { kind: 'quorum', peer: new QuorumPeer(start.options as QuorumPeerOptions, rng, reads, start.loaded, start.time) };
  return { kind: 'standalone', core: new StandaloneCore(start.options as StandaloneOptions, rng, start.time, start.loaded) };
}

/** A quorum message as traces print it (typed messages carry their zxid under different fields). */
function describePacket(p: SentQuorumMessage): string {
  return `${pktName(p.type)} zxid 0x${quorumMessageZxid(p).toString(16)}`;
}

function hashParts(parts: string[]): string {
  const h = new RunningHash();
  for (const p of parts) h.add(p);
  return h.hex();
}

function describe(l: Line): string {
  return l.t === 'read' ? `a ${l.op} read` : `a ${l.t} line`;
}

function inputDetail(i: { kind: string } & Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['conn', 'xid', 'link', 'token', 'reason', 'successor']) if (i[key] !== undefined) parts.push(`${key} ${String(i[key])}`);
  const packet = i.packet as SentQuorumMessage | undefined;
  if (packet) parts.push(describePacket(packet));
  const req = i.req as { op?: number; path?: string } | undefined;
  if (req?.op !== undefined) parts.push(`op ${req.op}${req.path ? ` ${req.path}` : ''}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function effectDetail(e: { kind: string } & Record<string, unknown>): string {
  if (e.kind === 'log') return `: ${String(e.message)}`;
  if (e.kind === 'role') return `: ${String(e.role)}${e.serving ? ', serving' : ''}`;
  const packet = e.packet as SentQuorumMessage | undefined;
  if (packet) return ` ${describePacket(packet)}${e.link !== undefined ? ` link ${String(e.link)}` : ''}`;
  if (e.kind === 'persist') return ` token ${String(e.token)} (${(e.txns as unknown[]).length} txns)`;
  return '';
}
