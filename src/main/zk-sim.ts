/**
 * `bin/zk-sim --seed N [--servers 3|5] [--observers K] [--election basic|fast] [--steps S]
 * [--verbose]`: replays one simulated election run exactly, prints its trace hash and the
 * checkers' verdict, and exits 1 on a violation.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runElectionSim } from '../sim/election-sim.js';

export function main(argv: string[]): number {
  const args = yargs(argv)
    .scriptName('zk-sim')
    .usage('$0 --seed N [options]\n\nReplays one simulated election run.')
    .option('seed', { type: 'number', demandOption: true, describe: 'the seed of the run' })
    .option('servers', { type: 'number', default: 3, choices: [1, 2, 3, 4, 5, 6, 7], describe: 'participants' })
    .option('observers', { type: 'number', default: 0, describe: 'observers (non-voting members)' })
    .option('election', { type: 'string', default: 'fast', choices: ['basic', 'fast'] as const, describe: 'algorithm' })
    .option('steps', { type: 'number', default: 30, describe: 'nemesis actions in the chaos phase' })
    .option('verbose', { type: 'boolean', default: false, describe: 'print every fault, decision and core log line' })
    .strict()
    .help()
    .parseSync();
  if (!Number.isSafeInteger(args.seed) || args.seed < 0) throw new Error('--seed must be a non-negative integer');
  const result = runElectionSim({
    seed: args.seed,
    servers: args.servers,
    observers: args.observers,
    algorithm: args.election as 'basic' | 'fast',
    steps: args.steps,
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
