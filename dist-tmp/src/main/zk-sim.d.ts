export declare function main(argv: string[]): number;
