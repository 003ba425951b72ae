import { type Stats } from './measure.js';
export type Log = (line: string) => void;
export interface DiscoveryResult {
    readonly mode: 'realistic' | 'unthrottled';
    readonly accounts: number;
    readonly profiles: number;
    readonly wallMs: Stats;
    readonly boundMs: number | null;
    readonly ratio: Stats | null;
    readonly requests: Stats;
    readonly throttled: Stats;
    readonly throttledShare: number;
    readonly rssMiB: Stats;
    readonly failures: number;
}
export declare const REALISTIC: {
    latencyMs: number;
    rate: number;
    burst: number;
};
/** A fresh sync of N accounts with 3 roles each, `runs` times, each into an empty config. */
export declare function discoveryScenario(mode: 'realistic' | 'unthrottled', accounts: number, runs: number, log: Log): Promise<DiscoveryResult>;
export interface HookResult {
    readonly command: string;
    readonly profiles: number;
    readonly configBytes: number;
    readonly wallMs: Stats;
    readonly baselineMs: number;
    readonly ratio: number;
    readonly outputBytes: number;
    readonly rssMiB: Stats;
}
/** Bare `node -e 0`: what every hook run pays before our code starts. */
export declare function baseline(runs: number): Promise<Stats>;
/** `context` (from its cache, and cold after a config change) and `list --json` at N profiles. */
export declare function hookScenario(profiles: number, runs: number, base: Stats, log: Log): Promise<HookResult[]>;
export interface WriteResult {
    readonly profiles: number;
    readonly configBytes: number;
    readonly writeMs: Stats;
    readonly wallMs: Stats;
    readonly discoveryMs: Stats;
    readonly updated: number;
    readonly outsideUnchanged: boolean;
}
export declare function writeScenario(profiles: number, runs: number, log: Log): Promise<WriteResult>;
