/**
 * Child processes that can always be stopped: each runs in its own process group, so a timeout or
 * a stop ends it and everything it started, and it ends even when something it started left the
 * group and still holds its pipes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';

/** How long a child has between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 2000;

export interface ChildOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Stopped after this long; none by default. */
  readonly timeoutMs?: number;
  /** Its own process group (the default): stopping it stops what it started. */
  readonly group?: boolean;
  /** Each chunk of output as it arrives, besides collecting it. */
  readonly onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
}

export interface ChildOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** The program could not be started (not found, not executable). */
  readonly error?: Error;
}

export interface RunningChild {
  readonly done: Promise<ChildOutcome>;
  /**
   * SIGTERM to the child's process group, then, after `graceMs`, SIGKILL and its pipes closed:
   * the run ends then, not when whatever still holds them ends. Stopping twice only shortens the
   * wait; `graceMs` 0 kills at once.
   */
  stop(graceMs?: number): void;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals, group: boolean): void {
  if (child.pid === undefined) return;
  try {
    if (group) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // Already gone.
  }
}

/**
 * Starts `command` with `args`; stdin is closed. Throws at once for an argument no command line
 * can carry (a NUL): the caller decides what that run's failure is.
 */
export function startChild(command: string, args: readonly string[], options: ChildOptions): RunningChild {
  const group = options.group ?? true;
  const child = spawn(command, args, {
    env: options.env,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: group,
  });
  let killTimer: NodeJS.Timeout | undefined;
  let ended = false;
  const stop = (graceMs = STOP_GRACE_MS) => {
    if (ended) return;
    signalGroup(child, 'SIGTERM', group);
    clearTimeout(killTimer);
    killTimer = setTimeout(() => {
      signalGroup(child, 'SIGKILL', group);
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, graceMs);
    killTimer.unref();
  };
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs);
  const done = new Promise<ChildOutcome>((resolve) => {
    let stdout = '';
    let stderr = '';
    let error: Error | undefined;
    // Decoded as a stream, so that a character split between two chunks stays whole.
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      options.onOutput?.('stdout', chunk);
    });
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      options.onOutput?.('stderr', chunk);
    });
    child.on('error', (e) => (error = e));
    child.on('close', (code, signal) => {
      ended = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      resolve({ code, signal, stdout, stderr, timedOut, ...(error ? { error } : {}) });
    });
  });
  return { done, stop };
}

/** Enough runs at a time to keep 2 to 8 cores busy with AWS CLI processes, which mostly wait. */
export function defaultParallelRuns(): number {
  return Math.min(16, Math.max(4, availableParallelism() * 2));
}

/**
 * Whether `program` can be started: a path to an executable file, or a name found on `PATH` as the
 * system would find it. Checked once before a fan-out, rather than failing the same way per run.
 */
export function canRun(program: string, env: Readonly<Record<string, string | undefined>>): boolean {
  const executable = (path: string) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
  if (program.includes('/')) return executable(program);
  return (env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, program)));
}
