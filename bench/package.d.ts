import { type Stats } from './measure.js';
import type { Log } from './scenarios.js';
/** What the program needed at run time before it was bundled. */
export declare const RUNTIME_PACKAGES: string[];
export interface Footprint {
    readonly files: number;
    readonly bytes: number;
}
export interface PackageVariant {
    readonly variant: 'bundle' | 'tsc + node_modules';
    readonly installed: Footprint;
    readonly contextMs: Stats;
    readonly versionMs: Stats;
}
export interface PackageResult {
    readonly profiles: number;
    readonly tarballBytes: number;
    readonly variants: readonly PackageVariant[];
}
export declare function packageScenario(profiles: number, runs: number, log: Log): Promise<PackageResult>;
