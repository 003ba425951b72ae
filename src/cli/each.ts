/**
 * `aws-org-profiles each -- COMMAND`: runs a command once per selected profile, with AWS_PROFILE
 * set, a few at a time, and gathers the results. Each run is a child process in its own process
 * group, so a timeout or Ctrl-C stops it and everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { AppError, usageError } from '../core/errors.js';
import { escapeControls, jsonText } from '../core/untrusted-text.js';
import {
  fillPlaceholders,
  isAuthFailure,
  mutatingWords,
  parseOutput,
  type FailureReason,
} from '../core/fan-out-rules.js';
import type { ProfileRecord } from '../core/profile-record.js';
import { selectProfiles, type ProfileSelection } from '../core/select.js';
import { printJson, styleFor, useColor, warn, type Io } from './io.js';
import { loadProfiles } from './profiles.js';
import { sessionStates } from './session-state.js';
import { loginHint } from './session.js';
import type { SessionRef } from '../state/profile-map.js';

export interface EachOptions extends ProfileSelection {
  readonly concurrency?: string;
  readonly timeout?: string;
  readonly json?: boolean;
  readonly jsonl?: boolean;
  readonly failFast?: boolean;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
}

export interface RunResult {
  readonly profile: string;
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly role: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly durationMs: number;
  readonly stdout: unknown;
  readonly stderr: string;
  readonly ok: boolean;
  readonly failure?: FailureReason;
}

/** Enough to keep 2 to 8 cores busy with AWS CLI processes, which spend most of their time waiting. */
export function defaultConcurrency(): number {
  return Math.min(16, Math.max(4, availableParallelism() * 2));
}

function positive(
  name: string,
  value: string | undefined,
  fallback: number,
  max: number,
  integer = false,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max || (integer && !Number.isInteger(n))) {
    throw usageError(
      `--${name} must be ${integer ? 'a whole number' : 'a number'} above 0 and at most ${max}, not ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

interface Running {
  readonly child: ChildProcess;
}

/** Every run of this process, wherever it was started (the CLI or the MCP server). */
const everyRun = new Set<Running>();

/**
 * Stops every run and everything it started: SIGTERM to each process group, then SIGKILL to any
 * group still there after a grace period (a child may ignore SIGTERM).
 */
export function stopAllRuns(graceMs = 3000): void {
  const runs = [...everyRun];
  for (const r of runs) killGroup(r.child, 'SIGTERM');
  if (runs.length > 0) {
    setTimeout(() => {
      for (const r of runs) if (everyRun.has(r)) killGroup(r.child, 'SIGKILL');
    }, graceMs).unref();
  }
}

function runOne(
  io: Io,
  command: readonly string[],
  profile: ProfileRecord,
  options: AcrossOptions,
  running: Set<Running>,
): Promise<RunResult> {
  const started = performance.now();
  const args = command.map((a) => fillPlaceholders(a, profile));
  const filter = options.filterOutput ?? ((text: string) => text);
  return new Promise((resolve) => {
    type Outcome = Omit<RunResult, 'profile' | 'accountId' | 'accountName' | 'role' | 'durationMs'>;
    // The keys in the order the JSON output shows them.
    const finish = ({ exitCode, signal, ...rest }: Outcome) =>
      resolve({
        profile: profile.profile,
        accountId: profile.accountId,
        accountName: profile.accountName,
        role: profile.role,
        exitCode,
        signal,
        durationMs: Math.round(performance.now() - started),
        ...rest,
      });
    // botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE: left in, it would pick every run's profile.
    const { AWS_DEFAULT_PROFILE: _default, ...own } = io.env;
    const env = options.envFor?.(profile) ?? { ...own, AWS_PROFILE: profile.profile };
    let child: ChildProcess;
    try {
      child = spawn(args[0]!, args.slice(1), {
        env: env,
        cwd: io.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
    } catch (error) {
      // spawn throws at once on an argument it cannot pass, such as a NUL that a placeholder
      // brought in from an account name: that run fails, the others go on.
      const why = args.some((a) => a.includes('\0'))
        ? 'an argument holds a NUL character, which no command line can carry'
        : (error as Error).message;
      finish({
        exitCode: null,
        signal: null,
        stdout: '',
        stderr: `could not start the command: ${why}\n`,
        ok: false,
        failure: 'spawn',
      });
      return;
    }
    const entry: Running = { child };
    running.add(entry);
    everyRun.add(entry);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let spawnError: Error | undefined;
    // Decoded as a stream, so that a character split between two chunks stays whole.
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => (stdout += c));
    child.stderr?.on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGTERM');
      setTimeout(() => {
        killGroup(child, 'SIGKILL');
        // Something the run started may have left its process group and still hold the pipes open;
        // 'close' waits for them, so stop reading: the run ends now, not when that process does.
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, 2000).unref();
    }, options.timeoutMs);
    child.on('error', (error) => (spawnError = error));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(entry);
      everyRun.delete(entry);
      const ok = code === 0 && !timedOut && spawnError === undefined;
      let failure: FailureReason | undefined;
      if (!ok) {
        if (spawnError) failure = 'spawn';
        else if (timedOut) failure = 'timeout';
        else if (isAuthFailure(stderr)) failure = 'auth';
        else if (signal) failure = 'signal';
        else failure = 'exit';
      }
      finish({
        exitCode: code,
        signal,
        stdout: parseOutput(filter(stdout)),
        stderr: filter(spawnError ? `${stderr}${spawnError.message}\n` : stderr),
        ok,
        ...(failure ? { failure } : {}),
      });
    });
  });
}

function prefixed(prefix: string, text: string): string {
  if (text === '') return '';
  const lines = text.replace(/\n$/, '').split('\n');
  return `${lines.map((l) => `${prefix}${l}`).join('\n')}\n`;
}

/** A session that is signed out would fail every run: say so once, before starting any. */
export function assertSignedIn(
  io: Io,
  selected: readonly ProfileRecord[],
  sessions: readonly SessionRef[],
): void {
  const used = new Set(selected.map((p) => p.ssoSession).filter((s) => s !== null));
  for (const state of sessionStates(
    io,
    sessions.filter((s) => used.has(s.name)),
  )) {
    if (state.token === 'valid' || state.refreshable) continue;
    throw new AppError(
      'TOKEN_EXPIRED',
      `sso-session ${state.name} is signed out (${state.token} token); every selected profile of it would fail.`,
      { hint: loginHint(state.name) },
    );
  }
}

export interface AcrossOptions {
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly failFast?: boolean;
  /** Ctrl-C stops every run (the CLI); a server handles its own lifetime. */
  readonly handleSignals?: boolean;
  readonly onResult?: (result: RunResult) => void;
  /** The environment of a run; without it, the caller's own with AWS_PROFILE set. */
  readonly envFor?: (profile: ProfileRecord) => Record<string, string>;
  /** Applied to a run's stdout and stderr before they are parsed and returned. */
  readonly filterOutput?: (text: string) => string;
}

/** Runs `command` once per profile, a few at a time; results come back in the profiles' order. */
export async function runAcross(
  io: Io,
  selected: readonly ProfileRecord[],
  command: readonly string[],
  options: AcrossOptions,
): Promise<{ results: RunResult[]; stopped: 'interrupt' | 'fail-fast' | undefined }> {
  const running = new Set<Running>();
  const results: RunResult[] = [];
  let stopped: 'interrupt' | 'fail-fast' | undefined;
  const stopAll = (why: 'interrupt' | 'fail-fast') => {
    stopped = why;
    const runs = [...running];
    for (const r of runs) killGroup(r.child, 'SIGTERM');
    setTimeout(() => {
      for (const r of runs) if (running.has(r)) killGroup(r.child, 'SIGKILL');
    }, 3000).unref();
  };
  // The first Ctrl-C (or SIGTERM, or a closed terminal) stops the runs gracefully; a second one
  // kills what is left at once.
  let signals = 0;
  const onSignal = () => {
    if (++signals === 1) stopAll('interrupt');
    else for (const r of running) killGroup(r.child, 'SIGKILL');
  };
  const handled = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  if (options.handleSignals) for (const signal of handled) process.on(signal, onSignal);
  try {
    let next = 0;
    const worker = async () => {
      while (next < selected.length && !stopped) {
        const result = await runOne(io, command, selected[next++]!, options, running);
        results.push(result);
        options.onResult?.(result);
        if (!result.ok && options.failFast && !stopped) stopAll('fail-fast');
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, selected.length) }, worker));
  } finally {
    if (options.handleSignals) for (const signal of handled) process.off(signal, onSignal);
  }
  const order = new Map(selected.map((p, i) => [p.profile, i]));
  results.sort((a, b) => order.get(a.profile)! - order.get(b.profile)!);
  return { results, stopped };
}

export async function runEach(io: Io, options: EachOptions, command: readonly string[]): Promise<number> {
  if (command.length === 0) {
    throw usageError(
      'no command to run',
      'Put it after --, e.g. aws-org-profiles each --role ReadOnlyAccess -- aws sts get-caller-identity',
    );
  }
  if (options.json && options.jsonl) throw usageError('use either --json or --jsonl, not both');
  const concurrency = positive('concurrency', options.concurrency, defaultConcurrency(), 256, true);
  // setTimeout takes at most 2^31-1 ms (about 24 days); longer is not a timeout anyone means.
  const timeoutMs = positive('timeout', options.timeout, 300, 86_400) * 1000;
  const { profiles, sessions } = loadProfiles(io);
  const selected = selectProfiles(profiles, options).sort((a, b) => (a.profile < b.profile ? -1 : 1));
  if (selected.length === 0)
    throw usageError('no profile matches the selection', 'See them with: aws-org-profiles list');

  if (options.dryRun) {
    const s = styleFor(useColor(io, io.stdout));
    io.stdout.write(`${selected.length} profile${selected.length === 1 ? '' : 's'} selected:\n`);
    for (const p of selected) {
      io.stdout.write(
        `  ${escapeControls(p.profile)}  ${s.dim(`AWS_PROFILE=${escapeControls(p.profile)} ${escapeControls(command.map((a) => fillPlaceholders(a, p)).join(' '))}`)}\n`,
      );
    }
    return 0;
  }
  const changes = mutatingWords(command);
  if (changes.length > 0 && selected.length > 1 && !options.yes) {
    throw usageError(
      `"${changes.join(' ')}" looks like it changes things, and ${selected.length} profiles are selected.`,
      'Check the selection with --dry-run, then run again with --yes.',
    );
  }
  assertSignedIn(io, selected, sessions);
  if (io.env.AWS_ACCESS_KEY_ID) {
    warn(io, 'AWS_ACCESS_KEY_ID is set in the environment; the AWS CLI and SDKs use it before AWS_PROFILE.');
  }

  const s = styleFor(useColor(io, io.stdout));
  const width = selected.reduce((w, p) => Math.max(w, escapeControls(p.profile).length), 0);
  const { results, stopped } = await runAcross(io, selected, command, {
    concurrency,
    timeoutMs,
    failFast: options.failFast === true,
    handleSignals: true,
    onResult: (result) => {
      if (options.jsonl) io.stdout.write(`${jsonText(result)}\n`);
      else if (!options.json) {
        const name = escapeControls(result.profile).padEnd(width);
        const tag = `${result.ok ? s.cyan(name) : s.red(name)} | `;
        const out = typeof result.stdout === 'string' ? result.stdout : `${jsonText(result.stdout, 2)}\n`;
        io.stdout.write(prefixed(tag, out));
        io.stderr.write(prefixed(tag, result.stderr));
      }
    },
  });

  const failed = results.filter((r) => !r.ok);
  const skipped = selected.length - results.length;
  if (options.json) {
    printJson(io, {
      version: 1,
      command,
      summary: {
        selected: selected.length,
        succeeded: results.length - failed.length,
        failed: failed.length,
        skipped,
      },
      results,
    });
  }
  summarize(io, results, failed, skipped, stopped);
  if (stopped === 'interrupt') return 130;
  return failed.length === 0 && skipped === 0 ? 0 : 1;
}

function summarize(
  io: Io,
  results: readonly RunResult[],
  failed: readonly RunResult[],
  skipped: number,
  stopped: 'interrupt' | 'fail-fast' | undefined,
): void {
  const s = styleFor(useColor(io, io.stderr));
  const parts = [`${results.length - failed.length} succeeded`, `${failed.length} failed`];
  if (skipped > 0)
    parts.push(
      `${skipped} not run (${stopped === 'interrupt' ? 'interrupted' : 'stopped after the first failure'})`,
    );
  io.stderr.write(`${s.bold('each:')} ${parts.join(', ')}.\n`);
  const byReason = new Map<FailureReason, RunResult[]>();
  for (const r of failed) byReason.set(r.failure!, [...(byReason.get(r.failure!) ?? []), r]);
  const auth = byReason.get('auth');
  if (auth) {
    const sessions = [...new Set(auth.map((r) => r.profile))].length;
    io.stderr.write(
      `  ${auth.length} failed because the SSO sign-in expired or is missing (${sessions} profiles). Sign in again with: aws sso login --sso-session NAME\n`,
    );
  }
  const describe: Record<Exclude<FailureReason, 'auth'>, string> = {
    exit: 'exited with an error',
    timeout: 'timed out',
    signal: 'were stopped by a signal',
    spawn: 'could not start',
  };
  for (const reason of ['exit', 'timeout', 'signal', 'spawn'] as const) {
    const list = byReason.get(reason);
    if (!list) continue;
    io.stderr.write(
      `  ${list.length} ${describe[reason]}: ${list.map((r) => escapeControls(r.profile) + (r.exitCode !== null && reason === 'exit' ? ` (${r.exitCode})` : '')).join(', ')}\n`,
    );
  }
}
