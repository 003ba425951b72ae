/**
 * Fan-out: one command run once per selected profile, a few at a time, each as a child process
 * with AWS_PROFILE set, in its own process group (a timeout, a failure with fail-fast or an
 * interrupt stops it and everything it started). Two use cases share this one engine: `each`,
 * any command the user gives, and the MCP server's `run_across_profiles`, one AWS CLI read that an
 * agent asks for, checked the way the AWS CLI parses it, run without the server's credentials, and
 * searched for secrets before the agent sees it.
 */
import { readAliasNames } from '../config/cli-aliases.js';
import type { Catalog } from '../config/catalog.js';
import { checkAwsCliRead } from '../core/aws-cli-args.js';
import { awsCliEnv } from '../core/aws-cli-env.js';
import { AppError, usageError } from '../core/errors.js';
import {
  DEFAULT_TIMEOUT_SECONDS,
  fillPlaceholders,
  MAX_PROFILES,
  isAuthFailure,
  mutatingWords,
  parseOutput,
} from '../core/fan-out-rules.js';
import { byProfileName, type ProfileRecord } from '../core/profile-record.js';
import { redactSecrets } from '../core/redaction.js';
import { checkStructureKnown, selectProfiles, type ProfileSelection } from '../core/select.js';
import { didYouMean } from '../core/suggest.js';
import { withScratchDir } from '../files/scratch.js';
import { assertSignedIn } from '../sso/sign-in-state.js';
import { cachedTokenSecrets } from '../sso/token-cache.js';
import { canRun, defaultParallelRuns, startChild, type RunningChild } from '../system/children.js';
import type { RunResult, Runtime } from './runtime.js';

export type { RunResult } from './runtime.js';

export type Stopped = 'interrupt' | 'fail-fast';

interface EngineOptions {
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly failFast?: boolean;
  readonly cwd: string;
  /** The environment of a run. */
  readonly envFor: (profile: ProfileRecord) => Readonly<Record<string, string | undefined>>;
  /** Applied to a run's stdout and stderr before they are parsed and returned. */
  readonly filterOutput?: (text: string) => string;
  /** Aborted: stop every run (SIGTERM, then SIGKILL after a grace period) and start no more. */
  readonly interrupt?: AbortSignal;
}

/** Every run of this process, whichever use case started it, so that they can all be stopped. */
const everyRun = new Set<RunningChild>();

/** Stops every run of this process and everything it started; `graceMs` 0 kills at once. */
export function stopAllRuns(graceMs?: number): void {
  for (const run of everyRun) run.stop(graceMs);
}

async function runOne(
  rt: Runtime,
  command: readonly string[],
  profile: ProfileRecord,
  options: EngineOptions,
  running: Set<RunningChild>,
): Promise<RunResult> {
  const started = performance.now();
  const args = command.map((a) => fillPlaceholders(a, profile));
  const filter = options.filterOutput ?? ((text: string) => text);
  const result = (
    outcome: Omit<RunResult, 'profile' | 'accountId' | 'accountName' | 'role' | 'durationMs'>,
  ) => {
    const { exitCode, signal, ...rest } = outcome;
    // The keys in the order the JSON output shows them.
    const run: RunResult = {
      profile: profile.profile,
      accountId: profile.accountId,
      accountName: profile.accountName,
      role: profile.role,
      exitCode,
      signal,
      durationMs: Math.round(performance.now() - started),
      ...rest,
    };
    rt.reporter.notify({ kind: 'run', result: run });
    return run;
  };
  let child: RunningChild;
  try {
    child = startChild(args[0]!, args.slice(1), {
      env: options.envFor(profile),
      cwd: options.cwd,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    // spawn throws at once on an argument it cannot pass, such as a NUL that a placeholder
    // brought in from an account name: that run fails, the others go on.
    const why = args.some((a) => a.includes('\0'))
      ? 'an argument holds a NUL character, which no command line can carry'
      : (error as Error).message;
    return result({
      exitCode: null,
      signal: null,
      stdout: '',
      stderr: `could not start the command: ${why}\n`,
      ok: false,
      failure: 'spawn',
    });
  }
  running.add(child);
  everyRun.add(child);
  const outcome = await child.done;
  running.delete(child);
  everyRun.delete(child);
  const ok = outcome.code === 0 && !outcome.timedOut && outcome.error === undefined;
  const failure: RunResult['failure'] = ok
    ? undefined
    : outcome.error
      ? 'spawn'
      : outcome.timedOut
        ? 'timeout'
        : isAuthFailure(outcome.stderr)
          ? 'auth'
          : outcome.signal
            ? 'signal'
            : 'exit';
  const stderr = outcome.error ? `${outcome.stderr}${outcome.error.message}\n` : outcome.stderr;
  return result({
    exitCode: outcome.code,
    signal: outcome.signal,
    stdout: parseOutput(filter(outcome.stdout)),
    stderr: filter(stderr),
    ok,
    ...(failure ? { failure } : {}),
  });
}

/** Runs `command` once per profile; results come back in the profiles' order. */
async function runAcross(
  rt: Runtime,
  selected: readonly ProfileRecord[],
  command: readonly string[],
  options: EngineOptions,
): Promise<{ runs: RunResult[]; stopped: Stopped | undefined }> {
  const running = new Set<RunningChild>();
  const runs: RunResult[] = [];
  let stopped: Stopped | undefined;
  const stopAll = (why: Stopped) => {
    stopped ??= why;
    for (const run of running) run.stop();
  };
  const onInterrupt = () => stopAll('interrupt');
  rt.reporter.notify({ kind: 'runs-start', profiles: selected.map((p) => p.profile) });
  if (options.interrupt?.aborted) stopped = 'interrupt';
  options.interrupt?.addEventListener('abort', onInterrupt, { once: true });
  try {
    let next = 0;
    const worker = async () => {
      while (next < selected.length && !stopped) {
        const run = await runOne(rt, command, selected[next++]!, options, running);
        runs.push(run);
        if (!run.ok && options.failFast) stopAll('fail-fast');
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, selected.length) }, worker));
  } finally {
    options.interrupt?.removeEventListener('abort', onInterrupt);
  }
  const order = new Map(selected.map((p, i) => [p.profile, i]));
  runs.sort((a, b) => order.get(a.profile)! - order.get(b.profile)!);
  return { runs, stopped };
}

/**
 * The profiles a fan-out runs in: those the selection matches that can get credentials (a profile
 * such as a bare `[default]` with only a region cannot, and would only fail), in name order. A role
 * asked for that no profile has is a warning with its near misses, or, when nothing is left to run,
 * a usage error, as it is for `sync`. So is an OU or tag filter where the org cache does not place
 * some candidates (a warning), or none (an error).
 */
function runnableProfiles(
  catalog: Catalog,
  selection: ProfileSelection,
): { selected: ProfileRecord[]; warnings: string[] } {
  const structure = checkStructureKnown(catalog.profiles, selection);
  const matched = selectProfiles(catalog.profiles, selection);
  const selected = matched.filter((p) => p.source !== 'none').sort(byProfileName);
  const roles = catalog.profiles.flatMap((p) => (p.role === null ? [] : [p.role]));
  const known = new Set(roles.map((r) => r.toLowerCase()));
  const warnings = (selection.role ?? [])
    .filter((role) => !known.has(role.toLowerCase()))
    .map((role) => `no profile has role ${role}.${didYouMean(role, roles)}`);
  if (structure !== undefined) warnings.push(structure);
  if (selected.length > 0) return { selected, warnings };
  if (matched.length > 0) {
    throw usageError(
      `${matched.length} profile${matched.length === 1 ? ' matches' : 's match'} the selection, but none can get credentials (no sso_session, sso_start_url, role_arn, credential_process or keys).`,
      'See them with: aws-org-profiles list',
    );
  }
  throw usageError(
    [...warnings, 'no profile matches the selection'].join('; '),
    'See them with: aws-org-profiles list',
  );
}

const usedSessions = (selected: readonly ProfileRecord[]) =>
  new Set(selected.flatMap((p) => (p.ssoSession === null ? [] : [p.ssoSession])));

export interface EachInput extends ProfileSelection {
  /** The program and its arguments; `{profile}`, `{accountId}`, … are filled per run. */
  readonly command: readonly string[];
  /** Runs at a time; twice the cores, 4 to 16, by default. */
  readonly concurrency?: number;
  readonly timeoutSeconds?: number;
  readonly failFast?: boolean;
  /** Select and show, run nothing. */
  readonly dryRun?: boolean;
  /** Run a command that looks like it changes things on several profiles. */
  readonly yes?: boolean;
}

export interface EachSummary {
  readonly selected: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Not run: the fan-out stopped first. */
  readonly skipped: number;
}

export interface EachResult {
  readonly command: readonly string[];
  /** The selected profiles, by name. */
  readonly selected: readonly ProfileRecord[];
  readonly dryRun: boolean;
  /** In the order of `selected`; empty for a dry run. */
  readonly runs: readonly RunResult[];
  readonly stopped: Stopped | undefined;
  readonly summary: EachSummary;
  readonly warnings: readonly string[];
}

/** `each`: the user's own command, in the user's own environment (with AWS_PROFILE set). */
export async function each(
  rt: Runtime,
  catalog: Catalog,
  input: EachInput,
  interrupt?: AbortSignal,
): Promise<EachResult> {
  const { command } = input;
  if (command.length === 0) {
    throw usageError(
      'no command to run',
      'Put it after --, e.g. aws-org-profiles each --role ReadOnlyAccess -- aws sts get-caller-identity',
    );
  }
  const { selected, warnings } = runnableProfiles(catalog, input);
  for (const text of warnings) rt.reporter.notify({ kind: 'warning', text });
  const program = command[0]!;
  if (!/\{\w+\}/.test(program) && !canRun(program, rt.env)) {
    throw usageError(
      `cannot run ${JSON.stringify(program)}: no such program${program.includes('/') ? '' : ' on PATH'}, or it is not executable.`,
      'Nothing was run.',
    );
  }
  const base = { command, selected, dryRun: input.dryRun === true, warnings };
  if (input.dryRun) {
    return {
      ...base,
      runs: [],
      stopped: undefined,
      summary: { selected: selected.length, succeeded: 0, failed: 0, skipped: 0 },
    };
  }
  const changes = mutatingWords(command);
  if (changes.length > 0 && selected.length > 1 && !input.yes) {
    throw usageError(
      `"${changes.join(' ')}" looks like it changes things, and ${selected.length} profiles are selected.`,
      'Check the selection with --dry-run, then run again with --yes.',
    );
  }
  assertSignedIn(rt.env, rt.now(), catalog.sessions, usedSessions(selected));
  if (rt.env.AWS_ACCESS_KEY_ID) {
    const text =
      'AWS_ACCESS_KEY_ID is set in the environment; the AWS CLI and SDKs use it before AWS_PROFILE.';
    base.warnings.push(text);
    rt.reporter.notify({ kind: 'warning', text });
  }
  // botocore reads AWS_DEFAULT_PROFILE before AWS_PROFILE: left in, it would pick every run's profile.
  const { AWS_DEFAULT_PROFILE: _default, ...own } = rt.env;
  const { runs, stopped } = await runAcross(rt, selected, command, {
    concurrency: input.concurrency ?? defaultParallelRuns(),
    timeoutMs: (input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    failFast: input.failFast === true,
    cwd: rt.cwd,
    envFor: (profile) => ({ ...own, AWS_PROFILE: profile.profile }),
    ...(interrupt ? { interrupt } : {}),
  });
  const failed = runs.filter((r) => !r.ok).length;
  return {
    ...base,
    runs,
    stopped,
    summary: {
      selected: selected.length,
      succeeded: runs.length - failed,
      failed,
      skipped: selected.length - runs.length,
    },
  };
}

const MAX_OUTPUT_CHARS = 200_000;
const MAX_PER_RESULT = 20_000;

export interface RunAcrossInput {
  /** The AWS CLI arguments after `aws`, from an agent: hostile until checked. */
  readonly args: readonly string[];
  readonly selection: ProfileSelection;
  readonly maxProfiles: number;
  readonly timeoutSeconds: number;
}

export interface RunAcrossRow {
  readonly profile: string;
  readonly accountId: string | null;
  readonly role: string | null;
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly output: unknown;
  readonly error?: string;
  readonly failure?: RunResult['failure'];
}

export interface RunAcrossResult {
  /** The command run, after `aws`. */
  readonly command: readonly string[];
  readonly profiles: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Some outputs were left out to keep the answer within its limit. */
  readonly truncated: boolean;
  readonly results: readonly RunAcrossRow[];
  /** What the selection could not see: candidates the org cache does not place, roles no profile has. */
  readonly warnings?: readonly string[];
}

function clip(text: string): string {
  return text.length > MAX_PER_RESULT
    ? `${text.slice(0, MAX_PER_RESULT)}\n… (cut at ${MAX_PER_RESULT} characters)`
    : text;
}

/** `run_across_profiles`: one checked AWS CLI read, run in an empty folder with an allow-listed environment. */
export async function runAcrossProfiles(
  rt: Runtime,
  catalog: Catalog,
  input: RunAcrossInput,
): Promise<RunAcrossResult> {
  const command = checkAwsCliRead(input.args, readAliasNames(rt.env));
  const { selected, warnings } = runnableProfiles(catalog, input.selection);
  if (selected.length > input.maxProfiles) {
    throw new AppError(
      'USAGE',
      `${selected.length} profiles match, more than max_profiles (${input.maxProfiles}). Narrow the selection (role, account) or raise max_profiles up to ${MAX_PROFILES}.`,
    );
  }
  assertSignedIn(rt.env, rt.now(), catalog.sessions, usedSessions(selected));
  // Runs in an empty folder of their own: nothing they do lands in the host's working folder.
  const { runs } = await withScratchDir('aws-org-profiles-run-', (cwd) =>
    runAcross(rt, selected, command, {
      concurrency: 8,
      timeoutMs: input.timeoutSeconds * 1000,
      cwd,
      envFor: (profile) => awsCliEnv(rt.env, profile.profile),
      // The token cache is read after each run: the AWS CLI may have refreshed a token meanwhile.
      filterOutput: (text) => redactSecrets(text, cachedTokenSecrets(rt.env)),
    }),
  );
  let budget = MAX_OUTPUT_CHARS;
  let truncated = false;
  const results = runs.map((r): RunAcrossRow => {
    const text = typeof r.stdout === 'string' ? r.stdout : JSON.stringify(r.stdout);
    const size = text.length + r.stderr.length;
    const keep = size <= budget;
    budget = Math.max(0, budget - size);
    if (!keep) truncated = true;
    return {
      profile: r.profile,
      accountId: r.accountId,
      role: r.role,
      ok: r.ok,
      exitCode: r.exitCode,
      output: keep
        ? typeof r.stdout === 'string'
          ? clip(r.stdout)
          : r.stdout
        : '(left out: output limit reached)',
      ...(r.ok ? {} : { error: clip(r.stderr.trim()), ...(r.failure ? { failure: r.failure } : {}) }),
    };
  });
  const failed = results.filter((r) => !r.ok).length;
  return {
    command: command.slice(1),
    profiles: results.length,
    succeeded: results.length - failed,
    failed,
    truncated,
    results,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}
