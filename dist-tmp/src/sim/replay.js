/**
 * Replays a recording made by `zk-server --record` (docs/architecture.md, "Replaying a
 * recording"): builds the same core from the recorded start state and Rng seed, feeds it the
 * recorded inputs with their times, answers its log reads with what storage answered, drains it
 * where the server drained it, and compares every checkpoint (the running hash of the effects
 * and the core's state) with the one the server wrote.
 */
import { SeededRng } from '../base/clock.js';
import { QuorumPeer } from '../peer/quorum-peer.js';
import { StandaloneCore } from '../peer/standalone.js';
import { decodeLine, encodeValue, peerState, Recorder, RECORDING_VERSION, standaloneState } from '../peer/recording.js';
/** The recording ran out in the middle of a step (the server was killed while writing it). */
class EndOfRecording extends Error {
}
/** The replay asked for something the recording does not hold at this point. */
class Divergence extends Error {
}
export function replayRecording(text, verbose) {
    const raw = text.split('\n');
    if (raw[raw.length - 1] === '')
        raw.pop();
    let cut = false;
    const lines = [];
    for (let i = 0; i < raw.length; i++) {
        try {
            lines.push(decodeLine(raw[i]));
        }
        catch (e) {
            // Only the last line may be torn (the server was killed while writing it).
            if (i !== raw.length - 1)
                throw new Error(`line ${i + 1}: not a recording line: ${e.message}`);
            cut = true;
        }
    }
    const start = lines[0];
    if (!start || start.t !== 'start')
        throw new Error('not a recording: the first line is not a start line');
    if (start.version !== RECORDING_VERSION)
        throw new Error(`recording format ${start.version}; this replay reads format ${RECORDING_VERSION}`);
    let pos = 1;
    const next = () => {
        if (pos >= lines.length)
            throw new EndOfRecording();
        return lines[pos++];
    };
    const reads = {
        readLog: (from, to, maxBytes) => {
            const l = next();
            const args = encodeValue([from, to, maxBytes]);
            if (l.t !== 'read' || l.op !== 'readLog' || encodeValue(l.args) !== args)
                throw new Divergence(`line ${pos}: the core read its log (readLog ${args}) where the recording has ${describe(l)}`);
            return l.result;
        },
        firstLogged: () => {
            const l = next();
            if (l.t !== 'read' || l.op !== 'firstLogged')
                throw new Divergence(`line ${pos}: the core asked for its first log entry where the recording has ${describe(l)}`);
            return l.result;
        },
    };
    const core = build(start, reads);
    const state = (full) => (core.kind === 'quorum' ? peerState(core.peer, full) : standaloneState(core.core, full));
    const recorder = new Recorder({ sink: null, state, checkEvery: 0, limitBytes: Infinity });
    if (core.kind === 'quorum')
        core.peer.recorder = recorder;
    else
        core.core.recorder = recorder;
    const drain = () => {
        const effects = core.kind === 'quorum' ? core.peer.drain() : core.core.drain();
        if (verbose)
            for (const e of effects)
                verbose(`      effect ${e.kind}${effectDetail(e)}`);
        return effects;
    };
    const checks = [];
    let end = 'cut';
    let divergence = null;
    try {
        while (pos < lines.length) {
            const at = pos + 1;
            const l = next();
            switch (l.t) {
                case 'in':
                    verbose?.(`${at}: input ${l.i.kind} at ${l.i.nowMs.toFixed(1)} ms${inputDetail(l.i)}`);
                    if (core.kind === 'quorum')
                        core.peer.step(l.i);
                    else
                        core.core.step(l.i);
                    break;
                case 'drain': {
                    const effects = drain();
                    if (effects.length !== l.n)
                        throw new Divergence(`line ${at}: the drain produced ${effects.length} effects, the recording ${l.n}`);
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
                    if (l.final)
                        end = 'final';
                    break;
                }
                case 'limit':
                    end = 'limit';
                    pos = lines.length;
                    break;
                case 'read':
                    throw new Divergence(`line ${at}: the recording has a log read the core did not make`);
                case 'start':
                    throw new Error(`line ${at}: a second start line`);
                default:
                    throw new Error(`line ${at}: unknown line ${encodeValue(l)}`);
            }
        }
    }
    catch (e) {
        if (e instanceof Divergence)
            divergence = e.message;
        else if (!(e instanceof EndOfRecording))
            throw e;
    }
    if (cut && end === 'final')
        end = 'cut';
    const last = recorder.checkpoint(true);
    return { mode: start.mode, inputs: recorder.inputCount, checks, end, divergence, effects: last.effects, state: last.state, summary: last.summary };
}
function build(start, reads) {
    const rng = new SeededRng(start.seed);
    if (start.mode === 'quorum')
        return { kind: 'quorum', peer: new QuorumPeer(start.options, rng, reads, start.loaded, start.time) };
    return { kind: 'standalone', core: new StandaloneCore(start.options, rng, start.time, start.loaded) };
}
function describe(l) {
    return l.t === 'read' ? `a ${l.op} read` : `a ${l.t} line`;
}
function inputDetail(i) {
    const parts = [];
    for (const key of ['conn', 'xid', 'link', 'token', 'reason', 'successor'])
        if (i[key] !== undefined)
            parts.push(`${key} ${String(i[key])}`);
    const packet = i.packet;
    if (packet)
        parts.push(`packet type ${packet.type} zxid 0x${packet.zxid.toString(16)}`);
    const req = i.req;
    if (req?.op !== undefined)
        parts.push(`op ${req.op}${req.path ? ` ${req.path}` : ''}`);
    return parts.length ? ` (${parts.join(', ')})` : '';
}
function effectDetail(e) {
    if (e.kind === 'log')
        return `: ${String(e.message)}`;
    if (e.kind === 'role')
        return `: ${String(e.role)}${e.serving ? ', serving' : ''}`;
    const packet = e.packet;
    if (packet)
        return ` packet type ${packet.type} zxid 0x${packet.zxid.toString(16)}${e.link !== undefined ? ` link ${String(e.link)}` : ''}`;
    if (e.kind === 'persist')
        return ` token ${String(e.token)} (${e.txns.length} txns)`;
    return '';
}
//# sourceMappingURL=replay.js.map