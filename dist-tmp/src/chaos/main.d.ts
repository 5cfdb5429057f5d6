import type { Report } from './bench.js';
export declare function formatReport(r: Report): string;
