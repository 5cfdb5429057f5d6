/**
 * `npm run crosscheck -- --seed N --ops 3000 [--self] [--no-shrink] [--replay FILE] [--verbose]`:
 * compares zk-ts with Apache ZooKeeper (docs/crosscheck.md). Exits 1 when a difference outside
 * the allow-list is found, 2 on bad arguments or when a server cannot be started.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { crosscheck, formatReport } from './run.js';
import { DEFAULT_ZOOKEEPER_JAR, zooKeeperAvailable } from './servers.js';
const USAGE = `usage: npm run crosscheck -- [--seed N] [--ops N] [--self | --pair A,B] [--no-shrink] [--replay FILE] [--jar PATH] [--verbose]
  --seed N       workload seed (default 1)
  --ops N        number of steps (default 3000)
  --self         ZooKeeper against ZooKeeper (checks the cross-checker itself)
  --pair A,B     the two servers: zookeeper or zk-ts (default zookeeper,zk-ts)
  --no-shrink    report divergences without shrinking them to a minimal replay
  --replay FILE  run the steps in FILE (a JSON array, as printed with a divergence)
  --jar PATH     Apache ZooKeeper's jar (default ${DEFAULT_ZOOKEEPER_JAR})
  --verbose      show the allow-listed differences in full
  --trace        print every step with what each server answered`;
async function main() {
    let args;
    try {
        args = parseArgs({
            options: {
                seed: { type: 'string', default: '1' },
                ops: { type: 'string', default: '3000' },
                self: { type: 'boolean', default: false },
                pair: { type: 'string' },
                'no-shrink': { type: 'boolean', default: false },
                replay: { type: 'string' },
                jar: { type: 'string', default: DEFAULT_ZOOKEEPER_JAR },
                verbose: { type: 'boolean', default: false },
                trace: { type: 'boolean', default: false },
                help: { type: 'boolean', default: false },
            },
            strict: true,
        }).values;
    }
    catch (e) {
        process.stderr.write(`crosscheck: ${e.message}\n${USAGE}\n`);
        return 2;
    }
    if (args.help) {
        process.stdout.write(USAGE + '\n');
        return 0;
    }
    const seed = Number(args.seed);
    const ops = Number(args.ops);
    if (!Number.isInteger(seed) || !Number.isInteger(ops) || ops < 0) {
        process.stderr.write(`crosscheck: --seed and --ops take integers\n${USAGE}\n`);
        return 2;
    }
    let kinds = args.self ? ['zookeeper', 'zookeeper'] : ['zookeeper', 'zk-ts'];
    if (args.pair) {
        const parts = args.pair.split(',');
        if (parts.length !== 2 || !parts.every((p) => p === 'zookeeper' || p === 'zk-ts')) {
            process.stderr.write(`crosscheck: --pair takes two of zookeeper, zk-ts (e.g. zookeeper,zk-ts)\n`);
            return 2;
        }
        kinds = parts;
    }
    if (kinds.includes('zookeeper') && !zooKeeperAvailable(args.jar)) {
        process.stderr.write(`crosscheck: Apache ZooKeeper is not available (${args.jar} and a java executable are needed; on Debian: apt-get install zookeeper)\n`);
        return 2;
    }
    let replay;
    if (args.replay) {
        try {
            replay = JSON.parse(readFileSync(args.replay, 'utf8'));
            if (!Array.isArray(replay))
                throw new Error('not a JSON array of steps');
        }
        catch (e) {
            process.stderr.write(`crosscheck: ${args.replay}: ${e.message}\n`);
            return 2;
        }
    }
    const started = Date.now();
    let report;
    try {
        report = await crosscheck({ seed, ops, kinds, shrink: !args['no-shrink'], jar: args.jar, replay, trace: args.trace, log: (l) => process.stderr.write(`crosscheck: ${l}\n`) });
    }
    catch (e) {
        process.stderr.write(`crosscheck: ${e.message}\n`);
        return 2;
    }
    process.stdout.write(formatReport(report, args.verbose) + '\n');
    process.stderr.write(`crosscheck: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return report.unexpected === 0 ? 0 : 1;
}
main().then((code) => process.exit(code));
//# sourceMappingURL=main.js.map