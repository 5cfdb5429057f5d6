/** npm's level scale, as winston uses it: a level logs when its rank is at most the threshold's. */
const RANK = { error: 0, warn: 1, info: 2, http: 3, verbose: 4, debug: 5, silly: 6 };
export async function createLogger(level, file, label, out = process.stdout) {
    const threshold = RANK[level] ?? RANK.info;
    const toFile = file ? await fileLogger(level, file) : null;
    const emit = (lvl, msg) => {
        if (RANK[lvl] > threshold)
            return;
        const line = `${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${label}] ${msg}`;
        out.write(line + '\n');
        toFile?.log(lvl, line);
    };
    return {
        error: (m) => emit('error', m),
        warn: (m) => emit('warn', m),
        info: (m) => emit('info', m),
        debug: (m) => emit('debug', m),
        close: async () => {
            await Promise.all([
                new Promise((resolve) => {
                    out.write('', () => resolve());
                    setTimeout(resolve, 200).unref();
                }),
                toFile?.close(),
            ]);
        },
    };
}
/** winston with a File transport, writing the lines as formatted for the console. */
async function fileLogger(level, file) {
    const { default: winston } = await import('winston');
    const format = winston.format.printf((i) => String(i.message));
    const w = winston.createLogger({ level, format, transports: [new winston.transports.File({ filename: file })] });
    return {
        log: (lvl, line) => w.log(lvl, line),
        close: () => new Promise((resolve) => {
            w.on('finish', () => resolve());
            w.end();
            setTimeout(resolve, 200).unref();
        }),
    };
}
//# sourceMappingURL=logger.js.map