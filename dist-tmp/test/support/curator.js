/**
 * Apache Curator 5 (Debian: libcurator-recipes-java, libcurator-discovery-java) driven from
 * the tests: test/interop/java/CuratorAgent.java is compiled with javac into a temp dir
 * (cached by the source's hash, so later runs skip javac) and run as a child process that
 * takes tagged commands on stdin and answers on stdout.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './zkts-server.js';
import { spawnTied } from './tied-spawn.js';
const JARS = [
    'curator-framework',
    'curator-client',
    'curator-recipes',
    'curator-x-discovery',
    'zookeeper',
    'zookeeper-jute',
    'guava',
    'slf4j-api',
    'slf4j-nop',
    'jackson-databind',
    'jackson-core',
    'jackson-annotations',
].map((j) => `/usr/share/java/${j}.jar`);
const SOURCE = join(REPO_ROOT, 'test', 'interop', 'java', 'CuratorAgent.java');
/** True when Java and every Curator jar the agent needs are installed. */
export function isCuratorInstalled() {
    return JARS.every((j) => existsSync(j)) && spawnSync('javac', ['-version'], { stdio: 'ignore' }).status === 0;
}
/** Compiles the agent once per source version; returns the class directory. */
export function compiledAgent() {
    const source = readFileSync(SOURCE);
    const hash = createHash('sha256').update(source).update(JARS.join(':')).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), `zkts-curator-agent-${hash}`);
    if (existsSync(join(dir, 'CuratorAgent.class')))
        return dir;
    const staging = `${dir}.${process.pid}`;
    mkdirSync(staging, { recursive: true });
    const r = spawnSync('javac', ['-nowarn', '-d', staging, '-cp', JARS.join(':'), SOURCE], { encoding: 'utf8' });
    if (r.status !== 0) {
        rmSync(staging, { recursive: true, force: true });
        throw new Error(`javac failed:\n${r.stdout}${r.stderr}`);
    }
    try {
        renameSync(staging, dir);
    }
    catch {
        rmSync(staging, { recursive: true, force: true }); // another test file compiled it first
    }
    return dir;
}
const live = new Set();
process.on('exit', () => {
    for (const c of live)
        c.kill('SIGKILL');
});
export class CuratorAgent {
    out = '';
    seq = 0;
    child;
    waiters = new Set();
    constructor() {
        this.child = spawnTied('java', ['-Xms32m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', `${compiledAgent()}:${JARS.join(':')}`, 'CuratorAgent'], { stdio: ['pipe', 'pipe', 'pipe'] });
        live.add(this.child);
        this.child.once('exit', () => {
            live.delete(this.child);
            this.wake();
        });
        this.child.stdout.on('data', (d) => {
            this.out += d;
            this.wake();
        });
        this.child.stderr.on('data', (d) => {
            this.out += d;
            this.wake();
        });
    }
    /** Starts a JVM and connects its Curator client. */
    static async start(connectString, sessionTimeoutMs = 6000) {
        const agent = new CuratorAgent();
        try {
            await agent.call(`connect ${connectString} ${sessionTimeoutMs}`, /CONNECTED/, 60_000);
        }
        catch (e) {
            agent.kill();
            throw e;
        }
        return agent;
    }
    /** Everything the agent printed. */
    output() {
        return this.out;
    }
    /** Sends a command; returns its tag (answers are `<tag> ...` lines). */
    send(command) {
        const tag = `c${++this.seq}`;
        this.child.stdin.write(`${tag} ${command}\n`);
        return tag;
    }
    /** Sends a command and waits for its first answer line matching `re` (rejects on ERROR). */
    async call(command, re, timeoutMs = 30_000) {
        const tag = this.send(command);
        return this.waitFor(tag, re, timeoutMs);
    }
    /** Waits for a `<tag> ...` line matching `re`; returns the text after the tag. */
    async waitFor(tag, re, timeoutMs = 30_000, fromLine = 0) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const lines = this.out.split('\n').slice(fromLine);
            for (const l of lines) {
                if (!l.startsWith(`${tag} `))
                    continue;
                const text = l.slice(tag.length + 1);
                if (text.startsWith('ERROR'))
                    throw new Error(`Curator agent: ${text}\n${this.out}`);
                if (re.test(text))
                    return text;
            }
            if (this.child.exitCode !== null)
                throw new Error(`Curator agent exited:\n${this.out}`);
            const left = deadline - Date.now();
            if (left <= 0)
                throw new Error(`no '${tag} ${re}' from the Curator agent within ${timeoutMs} ms:\n${this.out}`);
            await new Promise((resolve) => {
                const t = setTimeout(done, Math.min(left, 500));
                const w = () => done();
                function done() {
                    clearTimeout(t);
                    resolve();
                }
                this.waiters.add(w);
            });
        }
    }
    /** Lines `<tag> ...` seen so far (text after the tag). */
    answers(tag) {
        return this.out
            .split('\n')
            .filter((l) => l.startsWith(`${tag} `))
            .map((l) => l.slice(tag.length + 1));
    }
    async stop() {
        if (this.child.exitCode !== null)
            return;
        const exited = new Promise((r) => this.child.once('exit', () => r()));
        this.child.stdin.write('x exit\n');
        const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
    }
    /** Kills the JVM at once (its session stays until the server expires it). */
    kill() {
        this.child.kill('SIGKILL');
    }
    wake() {
        for (const w of [...this.waiters])
            w();
        this.waiters.clear();
    }
}
//# sourceMappingURL=curator.js.map