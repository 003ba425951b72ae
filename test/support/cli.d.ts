/** Runs the built CLI as a child process, as a user or an agent host would. */
import { spawn } from 'node:child_process';
export declare const BIN: string;
export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}
export interface CliOptions {
    env: Record<string, string | undefined>;
    cwd?: string;
    timeoutMs?: number;
    /** Called with the child once it started, e.g. to send it a signal. */
    onSpawn?: (child: ReturnType<typeof spawn>) => void;
}
/** A minimal environment: nothing of the developer's own AWS setup leaks into a test. */
export declare function cleanEnv(extra: Record<string, string | undefined>): Record<string, string | undefined>;
export declare function runCli(args: readonly string[], options: CliOptions): Promise<CliResult>;
/** Runs any program (the AWS CLI, python) without blocking the event loop that serves the emulator. */
export declare function runProgram(command: string, args: readonly string[], env: Record<string, string | undefined>, cwd?: string): Promise<CliResult>;
