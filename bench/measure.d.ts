export declare const ROOT: string;
export declare const BIN: string;
export interface Sample {
    readonly wallMs: number;
    readonly rssMiB: number;
    readonly stdoutBytes: number;
    readonly stdout: string;
    readonly code: number;
}
/** Runs `node ARGS` with `env`, and measures it. Keeps stdout when `keep` (JSON results). */
export declare function measure(args: readonly string[], env: Record<string, string | undefined>, keep?: boolean): Promise<Sample>;
export interface Stats {
    readonly median: number;
    readonly min: number;
    readonly max: number;
    readonly runs: number;
}
export declare function stats(values: readonly number[]): Stats;
