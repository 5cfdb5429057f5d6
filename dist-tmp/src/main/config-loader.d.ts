import { type ElectionAlgorithm, type ZkConfig } from '../config/index.js';
export interface CommandLineOverrides {
    clientPort?: number;
    dataDir?: string;
    election?: ElectionAlgorithm;
    logLevel?: string;
    /**
     * The JVM flags ZooKeeper's scripts pass (SERVER_JVMFLAGS): a
     * `-Djava.security.auth.login.config=FILE` there names the JAAS file unless zoo.cfg does.
     */
    jvmFlags?: string;
}
export interface LoadedConfig {
    config: ZkConfig;
    /** Absolute path of the config file. */
    configFile: string;
    myid: number;
    warnings: string[];
    /** From --log-level; 'info' by default. */
    logLevel: string;
    /** The line of every key set in the file (for errors found after parsing, e.g. an unreadable key store). */
    lines: ReadonlyMap<string, number>;
}
export declare const CONFIG_ERROR_EXIT_CODE = 2;
/** winston's npm levels. */
export declare const LOG_LEVELS: readonly string[];
export declare function loadConfig(configFile: string, overrides: CommandLineOverrides): LoadedConfig;
/** One line for stderr. A non-ConfigError is a bug and keeps its stack. */
export declare function formatConfigError(e: unknown): string;
