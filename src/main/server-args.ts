/** The zk-server command line in its usual form, parsed without yargs (see parseUsualArgs). */
import { parseArgs } from 'node:util';

export interface ServerArgs {
  config: string;
  'client-port'?: number | undefined;
  'data-dir'?: string | undefined;
  'log-level'?: string | undefined;
  election?: 'basic' | 'fast' | undefined;
  /** Recording (docs/operations.md): rare, so left to yargs (parseUsualArgs returns null). */
  record?: string | undefined;
  'record-limit'?: number | undefined;
  'record-check-every'?: number | undefined;
}

/**
 * The usual command line (long options, each at most once, valid values) parsed without yargs:
 * loading yargs cost ~0.2-0.4 s of CPU at every start (docs/performance.md). Anything else (help,
 * version, an error, camelCase or repeated options) is left to yargs, so its messages and
 * behaviour are unchanged. Returns null then.
 */
export function parseUsualArgs(args: string[]): ServerArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        'client-port': { type: 'string' },
        'data-dir': { type: 'string' },
        'log-level': { type: 'string' },
        election: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch {
    return null;
  }
  const names = parsed.tokens.filter((t) => t.kind === 'option').map((t) => (t as { name: string }).name);
  if (new Set(names).size !== names.length) return null;
  const v = parsed.values;
  if (v.config === undefined || v.config === '') return null;
  const out: ServerArgs = { config: v.config };
  if (v['client-port'] !== undefined) {
    if (!/^\d+$/.test(v['client-port'])) return null;
    out['client-port'] = Number(v['client-port']);
  }
  if (v['data-dir'] !== undefined) out['data-dir'] = v['data-dir'];
  if (v['log-level'] !== undefined) out['log-level'] = v['log-level'];
  if (v.election !== undefined) {
    if (v.election !== 'basic' && v.election !== 'fast') return null;
    out.election = v.election;
  }
  return out;
}
