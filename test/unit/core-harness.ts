/**
 * A standalone core driven directly (no sockets, no disk) for compatibility tests: clients by
 * connection number, requests answered once their txn is "persisted", and the watch events
 * each connection received.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SeededRng } from '../../src/base/clock.js';
import { Op } from '../../src/wire/constants.js';
import type { ACL, Id } from '../../src/wire/records.js';
import type { Request, Response } from '../../src/wire/requests.js';
import { Effect, StandaloneCore } from '../../src/peer/standalone.js';
import type { StandaloneInput } from '../../src/peer/inputs.js';
import { asSid, type ConnId } from '../../src/base/ids.js';

export const enc = (s: string) => new TextEncoder().encode(s);
export const OPEN: ACL[] = [{ perms: 31, id: { scheme: 'world', id: 'anyone' } }];

export function digest(userPassword: string): string {
  return `${userPassword.split(':')[0]}:${createHash('sha1').update(userPassword).digest('base64')}`;
}
export const ALICE = 'alice:secret';
export const ALICE_ID: Id = { scheme: 'digest', id: digest(ALICE) };
export const ALICE_ONLY: ACL[] = [{ perms: 31, id: ALICE_ID }];

export interface Reply {
  err: number;
  response?: Response | undefined;
  zxid: bigint;
}

export class CoreHarness {
  readonly core: StandaloneCore;
  private readonly effects: Effect[] = [];
  private xid = 1;
  /** The time every input is stamped with. */
  readonly clock = { nowMs: 1_000_000, wallMs: 1_700_000_000_000 };

  constructor(opts: { extendedTypesEnabled?: boolean } = {}) {
    this.core = new StandaloneCore(
      { serverId: asSid(1), tickTime: 100, minSessionTimeout: 200, maxSessionTimeout: 20_000, extendedTypesEnabled: opts.extendedTypesEnabled ?? true, containerCheckIntervalMs: 3_600_000 },
      new SeededRng(7),
      this.clock,
    );
  }

  /** Hands the core one input, stamped with the harness's clock. */
  step(input: StandaloneInput): void {
    this.core.step({ ...input, ...this.clock });
  }

  /** Runs the core until it is idle, answering every persist at once. */
  settle(): Effect[] {
    const produced: Effect[] = [];
    for (let round = 0; round < 20; round++) {
      this.step({ kind: 'flush' });
      const out = this.core.drain();
      if (out.length === 0) break;
      produced.push(...out);
      for (const e of out) if (e.kind === 'persist') this.step({ kind: 'persisted', token: e.token });
    }
    this.effects.push(...produced);
    return produced;
  }

  connect(conn: ConnId): bigint {
    this.step({ kind: 'connect', conn, remoteAddress: '127.0.0.1', req: { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 10_000, sessionId: 0n, passwd: new Uint8Array(16), readOnly: false } });
    const hs = this.settle().find((e) => e.kind === 'handshake' && e.conn === conn);
    assert.ok(hs && hs.kind === 'handshake', 'no handshake');
    return hs.response.sessionId;
  }

  addAuth(conn: ConnId, id: Id): void {
    this.step({ kind: 'addAuth', conn, id });
    this.settle();
  }

  call(conn: ConnId, req: Request): Reply {
    const xid = this.xid++;
    this.step({ kind: 'request', conn, xid, req });
    const reply = this.settle().find((e) => e.kind === 'reply' && e.conn === conn && e.xid === xid);
    assert.ok(reply && reply.kind === 'reply', `no reply to op ${req.op}`);
    return { err: reply.err, response: reply.response, zxid: reply.zxid };
  }

  ok(conn: ConnId, req: Request): Response | undefined {
    const r = this.call(conn, req);
    assert.equal(r.err, 0, `op ${req.op} on ${'path' in req ? req.path : ''} failed with ${r.err}`);
    return r.response;
  }

  create(conn: ConnId, path: string, acl: ACL[] = OPEN, flags = 0): void {
    this.ok(conn, { op: Op.create, path, data: enc('x'), acl, flags, ttl: -1n });
  }

  /** The events delivered to `conn` since the last call, as "type path". */
  events(conn: ConnId): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.effects.length; i++) {
      const e = this.effects[i];
      if (e!.kind === 'notify' && e!.conn === conn) {
        out.push(`${e!.event.type} ${e!.event.path}`);
        this.effects.splice(i--, 1);
      }
    }
    return out;
  }
}
