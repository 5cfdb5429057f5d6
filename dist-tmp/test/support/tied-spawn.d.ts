/**
 * spawn() for the processes tests start (servers, JVMs): the child gets SIGKILL when the test
 * process dies, whatever kills it (a test runner's timeout, Ctrl-C, a crash). `setpriv
 * --pdeathsig KILL` sets that and then execs the command in place, so the pid, signals and
 * exit status are the command's own. Without it, a killed test run leaves servers behind that
 * keep ports, data directories and any file descriptors they inherited.
 */
import { type ChildProcess, type SpawnOptions } from 'node:child_process';
export declare function spawnTied(command: string, args: readonly string[], options: SpawnOptions): ChildProcess;
