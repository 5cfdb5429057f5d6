/** The repository root (this file runs from dist/src/chaos). */
export declare const REPO_ROOT: string;
export interface NativeHelpers {
    lanSwitch: string;
    diskShim: string;
}
export declare function buildNative(outDir: string): NativeHelpers;
