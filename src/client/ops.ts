/**
 * Operations of multi / transaction and multiRead, and their results. Kept apart from
 * client.ts so that an application can build op lists without a client at hand.
 */
import type { ACL, Stat } from '../wire/index.js';
import type { ZooKeeperError } from './errors.js';
import type { DataInput } from './types.js';

export interface CreateOptions {
  /** A CreateMode value; default PERSISTENT. */
  mode?: number;
  /** Default OPEN_ACL_UNSAFE. */
  acl?: ACL[] | undefined;
  /** Time to live in ms, for the *_WITH_TTL modes (then required). */
  ttl?: number | bigint | undefined;
}

export type MultiOp =
  | ({ type: 'create'; path: string; data?: DataInput } & CreateOptions)
  | { type: 'delete'; path: string; version?: number }
  | { type: 'setData'; path: string; data: DataInput; version?: number }
  | { type: 'check'; path: string; version: number };

export type OpResult =
  | { type: 'create'; path: string; stat?: Stat }
  | { type: 'delete' }
  | { type: 'setData'; stat: Stat }
  | { type: 'check' }
  /** Only in the `results` of a failed multi: the op's error (code 0 = rolled back). */
  | { type: 'error'; code: number; error: ZooKeeperError | null };

export type ReadOp = { type: 'getData'; path: string } | { type: 'getChildren'; path: string };

export type ReadResult =
  | { type: 'getData'; data: Buffer | null; stat: Stat }
  | { type: 'getChildren'; children: string[] }
  | { type: 'error'; code: number; error: ZooKeeperError };

/** Shorthands: `client.multi([op.create('/a'), op.check('/b', 3)])`. */
export const op = {
  create(path: string, data?: DataInput, options: CreateOptions = {}): MultiOp {
    return { type: 'create', path, data, ...options };
  },
  delete(path: string, version = -1): MultiOp {
    return { type: 'delete', path, version };
  },
  setData(path: string, data: DataInput, version = -1): MultiOp {
    return { type: 'setData', path, data, version };
  },
  check(path: string, version: number): MultiOp {
    return { type: 'check', path, version };
  },
};

/** Builder for client.transaction(): chain ops, then commit() them all-or-nothing. */
export class Transaction {
  readonly ops: MultiOp[] = [];

  constructor(private readonly run: (ops: MultiOp[]) => Promise<OpResult[]>) {}

  create(path: string, data?: DataInput, options: CreateOptions = {}): this {
    this.ops.push(op.create(path, data, options));
    return this;
  }
  delete(path: string, version = -1): this {
    this.ops.push(op.delete(path, version));
    return this;
  }
  setData(path: string, data: DataInput, version = -1): this {
    this.ops.push(op.setData(path, data, version));
    return this;
  }
  check(path: string, version: number): this {
    this.ops.push(op.check(path, version));
    return this;
  }
  commit(): Promise<OpResult[]> {
    return this.run(this.ops);
  }
}
