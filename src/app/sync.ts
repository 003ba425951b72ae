/**
 * Sync: discover what an sso-session can reach, plan its profiles against the config, and write
 * them (or, for a dry run, only plan). `create ROLE SESSION` is the same use case.
 */
import { setFlagsFromString } from 'node:v8';
import { readConfigFile, writeConfigFile } from '../config/file.js';
import { lockWaitText, withFileLock } from '../config/lock.js';
import { configFilePath } from '../config/paths.js';
import { existingProfiles, renderSync } from '../config/profile-writer.js';
import { resolveSession } from '../config/sessions.js';
import { usageError } from '../core/errors.js';
import { accountPredicate } from '../core/filters.js';
import type { Account, Discovery, SsoSession } from '../core/model.js';
import { compileTemplate, DEFAULT_TEMPLATE } from '../core/naming.js';
import { didYouMean } from '../core/suggest.js';
import {
  planSync,
  pruneNeedsConfirmation,
  type PruneGuard,
  type SyncPlan,
  type SyncRequest,
} from '../core/plan.js';
import { shellQuote } from '../core/shell.js';
import { identify } from '../files/identity.js';
import { timeoutsFromEnv } from '../sso/clients.js';
import { discover } from '../sso/discovery.js';
import { portalFailure, portalScheduler } from '../sso/portal-calls.js';
import { createPortalApi } from '../sso/portal-client.js';
import type { SchedulerStats } from '../sso/scheduler.js';
import { openTokenSource, type TokenSource } from '../sso/session-token.js';
import { buildProfileMap, type KnownConfig } from '../state/profile-map-builder.js';
import { recordSync } from '../state/sync-record.js';
import { DEFAULT_MAX_BYTES } from '../core/context-text.js';
import { selfCommand } from '../system/installation.js';
import type { Runtime } from './runtime.js';

export interface SyncInput {
  readonly ssoSession?: string;
  /** Only these roles; every role when absent or empty. */
  readonly roles?: readonly string[];
  /** Every role, said explicitly: refused together with `roles`. */
  readonly allRoles?: boolean;
  /** The region written into each profile; the session's `sso_region` by default. */
  readonly region?: string;
  readonly nameTemplate?: string;
  readonly accounts?: readonly string[];
  readonly excludeAccounts?: readonly string[];
  readonly prune?: boolean;
  /** Confirms a prune that removes more than half of the session's generated profiles. */
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly credentialProcess?: boolean;
}

export interface DiscoveryRun {
  readonly discovery: Discovery;
  readonly stats: SchedulerStats;
  readonly durationMs: number;
}

export interface SyncResult {
  readonly session: string;
  readonly region: string;
  readonly configFile: string;
  readonly plan: SyncPlan;
  readonly run: DiscoveryRun;
  readonly written: boolean;
  readonly backupFile?: string;
  readonly dryRun: boolean;
  readonly warnings: readonly string[];
  /** Time spent on the config file: reading and parsing it, planning, checking and writing. */
  readonly configMs: number;
}

// Partitions have 2 to 4 letters: us-east-1, cn-north-1, eusc-de-east-1.
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

/** Requested roles that no account in scope has, each with its near misses among the roles that exist. */
function missingRoles(requested: readonly string[] | undefined, discovery: Discovery): string[] {
  if (!requested || requested.length === 0) return [];
  const found = new Set<string>();
  for (const roles of discovery.roles.values()) for (const role of roles) found.add(role);
  const known = [...found].sort();
  const some = known.slice(0, 10).join(', ');
  return requested
    .filter((role) => !found.has(role))
    .map((role) => {
      const near = didYouMean(role, known);
      return near
        ? `no account in scope has role ${role}.${near}`
        : `no account in scope has role ${role}${some ? ` (roles found: ${some}${known.length > 10 ? ', …' : ''})` : ''}.`;
    });
}

/** `credential_process` for generated profiles: this installation, by absolute path, for profile `{profile}`. */
function credentialProcessCommand(): string {
  const { node, bin } = selfCommand();
  return `${shellQuote(node)} ${shellQuote(bin)} credentials --profile {profile}`;
}

/** Milliseconds spent per step, summed over repeats of a step. */
class Steps {
  readonly #ms = new Map<string, number>();
  #last = performance.now();

  restart(): void {
    this.#last = performance.now();
  }

  lap(step: string): void {
    const now = performance.now();
    this.#ms.set(step, (this.#ms.get(step) ?? 0) + now - this.#last);
    this.#last = now;
  }

  get total(): number {
    let sum = 0;
    for (const ms of this.#ms.values()) sum += ms;
    return sum;
  }

  toString(): string {
    const parts = [...this.#ms].map(([step, ms]) => `${step} ${Math.round(ms)} ms`);
    return `${parts.join(', ')}; ${Math.round(this.total)} ms in all`;
  }
}

function pruneText(guard: PruneGuard, session: string): string {
  return (
    `--prune would remove ${guard.removing} of the ${guard.of} profiles generated for sso-session ${session} ` +
    '(more than half), because the portal no longer lists their account or role'
  );
}

/** Every account the token reaches, and the roles of those in scope; failures as errors a user can act on. */
async function discoverSession(
  rt: Runtime,
  session: SsoSession,
  token: TokenSource,
  inScope: (account: Account) => boolean,
): Promise<DiscoveryRun> {
  const timeouts = timeoutsFromEnv(rt.env);
  const api = createPortalApi({
    region: session.region,
    accessToken: token,
    requestTimeoutMs: timeouts.requestMs,
  });
  const scheduler = portalScheduler(rt.env, timeouts, (text) => rt.reporter.notify({ kind: 'debug', text }));
  const started = performance.now();
  try {
    const discovery = await discover({
      api,
      scheduler,
      inScope,
      onProgress: (progress) =>
        rt.reporter.notify({ kind: 'discovery', progress, throttled: scheduler.stats.throttled }),
    });
    return { discovery, stats: scheduler.stats, durationMs: performance.now() - started };
  } catch (error) {
    throw portalFailure(
      error,
      session.name,
      'DISCOVERY_FAILED',
      'discovery failed, so nothing was written',
      'Run the command again; with --debug it shows every API call.',
    );
  } finally {
    rt.reporter.notify({ kind: 'discovery-done' });
    api.close();
  }
}

export async function sync(rt: Runtime, input: SyncInput): Promise<SyncResult> {
  const roles = input.roles && input.roles.length > 0 ? input.roles : undefined;
  if (input.allRoles && roles) throw usageError('use either --role or --all-roles, not both');
  if (input.region !== undefined && !REGION.test(input.region)) {
    throw usageError(
      `--region ${JSON.stringify(input.region)} is not an AWS region name such as eu-central-1`,
    );
  }
  const template = compileTemplate(input.nameTemplate ?? DEFAULT_TEMPLATE);
  const path = configFilePath(rt.env);
  // The config's share of the run, step by step: discovery is not in it.
  const steps = new Steps();
  const first = readConfigFile(path);
  steps.lap('read');
  const session = resolveSession(first.document, input.ssoSession, first.exists);
  const token = await openTokenSource(rt.env, rt.now, session);
  const includeAccount = accountPredicate({ include: input.accounts, exclude: input.excludeAccounts });
  // A sync of 10,000 accounts makes thousands of SDK calls and then holds two versions of a
  // multi-megabyte config: with V8's default heap growth, garbage rather than live data pushed
  // peak memory past 200 MB (measured by `npm run bench`). V8's size-first mode keeps it near
  // 150 MB for a little more CPU. It only tunes heuristics, so it is safe to switch on here,
  // after the config was first read (which it would slow down by a third).
  setFlagsFromString('--optimize-for-size');
  const run = await discoverSession(rt, session, token, includeAccount);
  const ownCredentialProcess = credentialProcessCommand();
  const region = input.region ?? session.region;
  const request = (existing: SyncRequest['existing']): SyncRequest => ({
    session: session.name,
    region,
    template,
    ...(roles ? { roles: new Set(roles) } : {}),
    includeAccount,
    discovery: run.discovery,
    existing,
    prune: input.prune === true,
    ...(input.credentialProcess ? { credentialProcess: ownCredentialProcess } : {}),
    ownCredentialProcess,
  });
  const missing = missingRoles(roles, run.discovery);
  // Not one of the roles asked for exists: a typo, as `each` and `list` treat a role that matches nothing.
  if (roles && missing.length === roles.length) {
    throw usageError(missing.join(' '), 'Nothing was written.');
  }
  const base = { session: session.name, region, run, dryRun: input.dryRun === true, warnings: missing };

  let result: SyncResult;
  let written: KnownConfig | undefined;
  steps.restart();
  if (input.dryRun) {
    const existing = existingProfiles(first.document);
    const plan = planSync(request(existing));
    steps.lap('plan');
    const guard = pruneNeedsConfirmation(plan, existing, session.name);
    const warnings = guard
      ? [...base.warnings, `${pruneText(guard, session.name)}; writing it needs --yes`]
      : base.warnings;
    result = { ...base, warnings, configFile: first.path, plan, written: false, configMs: steps.total };
  } else {
    // A wait for another run's lock is said at once, with who holds it.
    const locked = <T>(fn: () => Promise<T>) =>
      withFileLock(first.realPath, fn, {
        onWait: (holder) => rt.reporter.notify({ kind: 'warning', text: lockWaitText(holder) }),
      });
    // Plan again under the lock from a fresh read: another run may have written in the meantime.
    result = await locked(async () => {
      steps.lap('lock');
      const file = readConfigFile(path, first);
      steps.lap('read');
      const existing = existingProfiles(file.document);
      const plan = planSync(request(existing));
      steps.lap('plan');
      const guard = input.yes ? undefined : pruneNeedsConfirmation(plan, existing, session.name);
      if (guard) {
        throw usageError(
          `${pruneText(guard, session.name)}; nothing was written.`,
          'See which with --dry-run --prune, then run again with --yes.',
        );
      }
      const changes = plan.create.length + plan.update.length + plan.prune.length;
      if (changes === 0)
        return { ...base, configFile: file.path, plan, written: false, configMs: steps.total };
      const after = renderSync(file.document, plan, session.name);
      steps.lap('check');
      const { backupPath } = await writeConfigFile(file, after.text);
      steps.lap('write');
      // The file's identity while it still holds exactly this text (the lock keeps other runs out).
      written = { document: after, file: identify(path) };
      return {
        ...base,
        configFile: file.path,
        plan,
        written: true,
        configMs: steps.total,
        ...(backupPath ? { backupFile: backupPath } : {}),
      };
    });
  }

  for (const text of result.warnings) rt.reporter.notify({ kind: 'warning', text });
  rt.reporter.notify({ kind: 'debug', text: `config file: ${steps.toString()}` });
  if (!result.dryRun) {
    const kept = result.plan.create.length + result.plan.update.length + result.plan.unchanged.length;
    recordSync(rt.env, result.configFile, result.session, rt.now(), kept);
  }
  if (written) {
    // The next agent start then reads the profile map from the cache instead of parsing the config.
    // Best effort: the sync itself succeeded.
    try {
      buildProfileMap(
        rt.env,
        { maxBytes: DEFAULT_MAX_BYTES, selection: {}, tools: { each: true, mcp: false } },
        written,
      );
    } catch {
      // The next `context` builds it.
    }
  }
  return result;
}
