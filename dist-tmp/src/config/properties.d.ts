export interface PropertyEntry {
    key: string;
    value: string;
    /** 1-based line on which the (possibly continued) entry starts. */
    line: number;
}
export declare function parseProperties(text: string, fileName: string): PropertyEntry[];
