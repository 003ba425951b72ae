import { type PackageResult } from './package.js';
import { type DiscoveryResult, type HookResult, type Log, type WriteResult } from './scenarios.js';
export interface BenchOptions {
    readonly runs?: number;
    readonly quick?: boolean;
    readonly smoke?: boolean;
    readonly out?: string;
    readonly log?: Log;
}
export interface BenchResults {
    readonly version: 1;
    readonly tool: string;
    readonly date: string;
    readonly machine: {
        readonly cpus: number;
        readonly model: string;
        readonly memoryGiB: number;
        readonly node: string;
    };
    readonly discovery: DiscoveryResult[];
    readonly hook: HookResult[];
    readonly write: WriteResult;
    readonly package: PackageResult;
    readonly targets: {
        readonly target: string;
        readonly measured: string;
        readonly met: boolean;
    }[];
}
export declare function runBench(options?: BenchOptions): Promise<BenchResults>;
