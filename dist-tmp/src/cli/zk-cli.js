/**
 * zk-cli: a zkCli.sh-compatible shell.
 *
 *   zk-cli -server host:port[,host:port][/chroot] [-timeout ms] [command args...]
 *
 * With a command: runs it, prints what zkCli prints, exits 0 or non-zero with zkCli's error
 * message. Without one: an interactive shell (history, tab completion of command names and
 * znode paths on a terminal; plain line-by-line when stdin is a pipe, like zkCli without
 * JLine). This file only wires stdin/stdout to the interpreter in shell.ts.
 */
import * as readline from 'node:readline';
import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { clientSecurityOptions, parseClientProperties, parseJvmFlags } from '../client/index.js';
import { parseMainArgs } from './parse.js';
import { complete, Shell } from './shell.js';
const HISTORY_FILE = join(homedir(), '.zk-cli_history');
const HISTORY_SIZE = 500;
function version() {
    try {
        const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
        return `zk-ts ${pkg.version ?? 'unknown'}`;
    }
    catch {
        return 'zk-ts';
    }
}
/**
 * On a terminal, output that arrives while the user is typing (watch events) is printed
 * above the prompt, which is then redrawn with the half-typed line, as JLine does.
 */
let redraw = null;
let busy = false;
const io = {
    out: (text) => {
        if (redraw && !busy) {
            readline.clearLine(process.stdout, 0);
            readline.cursorTo(process.stdout, 0);
            process.stdout.write(text.startsWith('\n') ? text.slice(1) : text);
            redraw();
            return;
        }
        process.stdout.write(text);
    },
    err: (text) => void process.stderr.write(text),
};
async function main(argv) {
    let opts;
    try {
        opts = parseMainArgs(argv);
    }
    catch (e) {
        io.err(`${e.message}\n`);
        return 2;
    }
    let security;
    try {
        security = securityOptions(opts.clientConfiguration);
    }
    catch (e) {
        io.err(`${e.message}\n`);
        return 2;
    }
    const interactive = opts.command.length === 0;
    const shell = new Shell(io, { server: opts.server, sessionTimeout: opts.timeout, interactive, version: version(), security });
    if (opts.help) {
        shell.usage();
        return 0;
    }
    if (interactive)
        io.out(`Connecting to ${opts.server}\n`);
    try {
        await shell.connect(opts.server);
        if (opts.waitForConnection)
            await shell.waitForConnection(opts.timeout);
    }
    catch (e) {
        io.err(`${e.message}\n`);
        return 1;
    }
    if (!interactive) {
        await shell.processCmd(opts.command);
        if (!shell.quitRequested)
            await shell.close();
        return shell.quitRequested ? shell.quitExitCode : shell.exitCode;
    }
    io.out('Welcome to ZooKeeper!\n');
    const tty = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const rl = readline.createInterface({
        input: process.stdin,
        output: process.stdout,
        terminal: tty,
        historySize: HISTORY_SIZE,
        history: tty ? loadHistory() : [],
        completer: tty ? (line, cb) => void complete(shell, line).then((r) => cb(null, r)) : undefined,
    });
    if (tty) {
        rl.on('history', (h) => saveHistory(h));
        // Show the first prompt once connected (or after a moment), not in the middle of the
        // connection event.
        await Promise.race([shell.client?.connected().catch(() => { }), new Promise((r) => setTimeout(r, 2000))]);
        redraw = () => {
            rl.setPrompt(shell.prompt());
            rl.prompt(true);
        };
    }
    const prompt = () => {
        busy = false;
        if (!tty)
            return;
        rl.setPrompt(shell.prompt());
        rl.prompt();
    };
    prompt();
    for await (const line of rl) {
        busy = true;
        await shell.executeLine(line);
        if (shell.quitRequested)
            break;
        prompt();
    }
    busy = true;
    redraw = null;
    rl.close();
    if (shell.quitRequested)
        return shell.quitExitCode;
    await shell.close();
    return shell.exitCode;
}
/**
 * TLS and SASL as zkCli.sh takes them: -D flags in CLIENT_JVMFLAGS (e.g.
 * -Dzookeeper.client.secure=true, -Djava.security.auth.login.config=jaas.conf), then the
 * properties of -client-configuration FILE, which win.
 */
function securityOptions(file) {
    const props = parseJvmFlags(process.env.CLIENT_JVMFLAGS ?? process.env.JVMFLAGS ?? '');
    if (file !== null) {
        let text;
        // As ZKClientConfig: a missing or unreadable file ends zkCli with INVALID_INVOCATION (2).
        const path = resolve(file);
        try {
            text = readFileSync(path, 'utf8');
        }
        catch (e) {
            throw new Error(`Error while processing ${path}: ${e.code ?? e.message}`);
        }
        for (const [k, v] of parseClientProperties(text))
            props.set(k, v);
    }
    return clientSecurityOptions(props);
}
function loadHistory() {
    try {
        return readFileSync(HISTORY_FILE, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
    }
    catch {
        return [];
    }
}
function saveHistory(history) {
    try {
        writeFileSync(HISTORY_FILE, [...history].reverse().join('\n') + '\n', { mode: 0o600 });
    }
    catch {
        /* history is a convenience */
    }
}
main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    io.err(`${e.stack ?? String(e)}\n`);
    process.exit(1);
});
//# sourceMappingURL=zk-cli.js.map