export declare function exceptionViolation(atMs: number, e: unknown, where?: string): {
    atMs: number;
    property: string;
    detail: string;
};
