/**
 * zk-cli's `transferLeader [N]`: a graceful leadership transfer (docs/operations.md,
 * "Leadership transfer") through the four-letter words, so it needs no session and no admin
 * port. It finds each server of the connect string (`conf`'s serverId, `srvr`'s Mode), then:
 * without N, sends `ydld` to the leader (it picks the most caught-up follower); with N, sends
 * `rqld` to server N (it asks the leader to hand over to it). Then it waits for the new leader
 * and says who leads. The servers' 4lw.commands.whitelist must allow conf, srvr, ydld and rqld.
 */
import { connect } from 'node:net';

export interface LeadershipIo {
  out(text: string): void;
}

interface ServerState {
  address: string;
  id: number | null;
  mode: string;
}

/** Sends a four-letter word, resolves with everything the server wrote before closing. */
export function fourLetterWord(address: string, word: string, timeoutMs = 3000): Promise<string> {
  const { host, port } = splitAddress(address);
  return new Promise((resolve, reject) => {
    let text = '';
    const s = connect(port, host, () => s.write(word));
    const timer = setTimeout(() => s.destroy(new Error(`${address}: no answer to ${word} within ${timeoutMs} ms`)), timeoutMs);
    s.setEncoding('utf8');
    s.on('data', (d: string) => (text += d));
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}

function splitAddress(address: string): { host: string; port: number } {
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(address.trim());
  if (!m) throw new Error(`not host:port: ${address}`);
  return { host: m[1] || '127.0.0.1', port: Number(m[2]) };
}

/** The host:port list of a connect string (the chroot, if any, dropped). */
export function connectStringHosts(connectString: string): string[] {
  const slash = connectString.indexOf('/');
  const hosts = slash >= 0 ? connectString.slice(0, slash) : connectString;
  return hosts.split(',').map((h) => h.trim()).filter((h) => h !== '');
}

async function stateOf(address: string): Promise<ServerState> {
  try {
    const [conf, srvr] = await Promise.all([fourLetterWord(address, 'conf'), fourLetterWord(address, 'srvr')]);
    const id = /^serverId=(\d+)$/m.exec(conf);
    const mode = /^Mode: (\S+)$/m.exec(srvr);
    return { address, id: id ? Number(id[1]) : null, mode: mode ? mode[1]! : srvr.includes('not currently serving') ? 'not serving' : 'unknown' };
  } catch {
    return { address, id: null, mode: 'down' };
  }
}

/** Runs the transfer; throws an Error whose message says why it did not happen. */
export async function transferLeader(connectString: string, successor: number | null, io: LeadershipIo, waitMs: number): Promise<void> {
  const hosts = connectStringHosts(connectString);
  const states = await Promise.all(hosts.map(stateOf));
  const leader = states.find((s) => s.mode === 'leader');
  if (!leader || leader.id === null) {
    throw new Error(`no server of ${hosts.join(',')} is the leader (${states.map((s) => `${s.address}: ${s.mode}`).join(', ')})`);
  }
  let word: string;
  let to: ServerState;
  if (successor === null) {
    word = 'ydld';
    to = leader;
  } else {
    if (successor === leader.id) {
      io.out(`server ${successor} is the leader already\n`);
      return;
    }
    const target = states.find((s) => s.id === successor);
    if (!target) throw new Error(`server ${successor} is not in the connect string (it has ${states.map((s) => s.id ?? '?').join(',')})`);
    word = 'rqld';
    to = target;
  }
  const answer = await fourLetterWord(to.address, word);
  const [first, ...why] = answer.trim().split('\n');
  if (!first?.startsWith('Sent ')) throw new Error(`${word} on ${to.address}: ${why.join(' ') || first || 'no answer'}`);
  const started = Date.now();
  for (;;) {
    const now = await Promise.all(hosts.map(stateOf));
    const next = now.find((s) => s.mode === 'leader' && s.id !== leader.id);
    if (next && (successor === null || next.id === successor)) {
      io.out(`leadership moved from server ${leader.id} to server ${next.id} in ${Date.now() - started} ms\n`);
      return;
    }
    if (Date.now() - started > waitMs) {
      const seen = now.map((s) => `${s.id ?? s.address}: ${s.mode}`).join(', ');
      throw new Error(`leadership did not move within ${waitMs} ms (${seen}); see server ${leader.id}'s log`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
