/**
 * The built CLI in a pseudo-terminal (pty_run.py, on Python's own `pty`: no native module): stdin
 * and stderr are the terminal, stdout a pipe, as in `NAME=$(aws-org-profiles use)`.
 */
import { fileURLToPath } from 'node:url';
import { BIN, runProgram } from './cli.js';

const SCRIPT = fileURLToPath(new URL('./pty_run.py', import.meta.url));

export type PtyStep =
  | { readonly wait: string }
  | { readonly send: string }
  | { readonly resize: readonly [rows: number, cols: number] }
  | { readonly signal: 'SIGTERM' | 'SIGHUP' | 'SIGINT' }
  | { readonly sleep: number };

export interface PtyResult {
  /** The exit code; negative when a signal ended the program. */
  readonly code: number;
  /** Every byte the terminal received. */
  readonly screen: Buffer;
  readonly stdout: string;
  /** Whether the terminal was left with echo and line editing on. */
  readonly cooked: boolean;
  /** The first step that failed. */
  readonly error: string | null;
}

export async function runInPty(
  args: readonly string[],
  env: Record<string, string | undefined>,
  steps: readonly PtyStep[],
  size: { rows: number; cols: number } = { rows: 24, cols: 80 },
): Promise<PtyResult> {
  const spec = { argv: [process.execPath, BIN, ...args], env, ...size, steps, timeout: 20 };
  const run = await runProgram('python3', [SCRIPT, JSON.stringify(spec)], env);
  if (run.code !== 0) throw new Error(`pty_run.py failed: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as {
    code: number;
    screen: string;
    stdout: string;
    cooked: boolean;
    error: string | null;
  };
  return {
    code: result.code,
    screen: Buffer.from(result.screen, 'base64'),
    stdout: Buffer.from(result.stdout, 'base64').toString('utf8'),
    cooked: result.cooked,
    error: result.error,
  };
}

/** The lines of the last frame the picker drew (after its last `ESC [ H`), without escape sequences. */
export function lastFrame(screen: Buffer): string[] {
  const text = screen.toString('utf8');
  const frame = text.slice(text.lastIndexOf('\x1b[H') + 3);
  return frame
    .replace(/\x1b\[\?1049l[\s\S]*$/, '')
    .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r*\n/);
}
