/** The bar's text for `fraction` done (pure, for tests). */
export function renderBar(label, fraction, width, detail = '') {
    const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
    const pct = `${Math.floor(f * 100)}`.padStart(3) + '%';
    const tail = detail ? ` ${detail}` : '';
    const barWidth = Math.max(10, Math.min(40, width - label.length - pct.length - tail.length - 5));
    const full = Math.round(f * barWidth);
    return `${label} [${'#'.repeat(full)}${'-'.repeat(barWidth - full)}] ${pct}${tail}`;
}
export class Progress {
    out;
    quiet;
    shown = false;
    lastDraw = 0;
    label = '';
    constructor(out = process.stderr, quiet = false) {
        this.out = out;
        this.quiet = quiet;
    }
    get interactive() {
        return !this.quiet && Boolean(this.out.isTTY);
    }
    /** Starts a new phase: a line of its own when not interactive. */
    phase(label) {
        this.label = label;
        if (this.quiet)
            return;
        if (this.interactive)
            this.update(0);
        else
            this.out.write(`${label}\n`);
    }
    update(fraction, detail = '') {
        if (!this.interactive)
            return;
        const now = Date.now();
        if (now - this.lastDraw < 100 && fraction < 1)
            return;
        this.lastDraw = now;
        const width = this.out.columns ?? 80;
        this.out.write(`\r\x1b[2K${renderBar(this.label, fraction, width, detail).slice(0, width - 1)}`);
        this.shown = true;
    }
    /** A line of output that stays (the bar is redrawn below it on the next update). */
    note(line) {
        if (this.quiet)
            return;
        this.clear();
        this.out.write(`${line}\n`);
    }
    clear() {
        if (this.shown)
            this.out.write('\r\x1b[2K');
        this.shown = false;
    }
}
//# sourceMappingURL=progress.js.map