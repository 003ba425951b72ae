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
import { structurePredicate } from '../core/select.js';
import type { Account, Discovery, SsoSession } from '../core/model.js';
import { compileTemplate, DEFAULT_TEMPLATE, type NameTemplate } from '../core/naming.js';
import { didYouMean } from '../core/suggest.js';
import {
  planSync,
  pruneNeedsConfirmation,
  type PruneGuard,
  type SyncPlan,
  type SyncRequest,
} from '../core/plan.js';
import { shellQuote } from '../core/shell.js';
import { ORG_CACHE_LIFETIME_MS, placesOf, type OrgSnapshot } from '../core/org.js';
import { ORG_MAX_AGE_ENV, parseLifetime } from '../core/org-refresh.js';
import type { ReaderCandidate } from '../core/org-reader-choice.js';
import { profileRecord } from '../core/profile-record.js';
import { identify } from '../files/identity.js';
import { problemLine, problemText } from '../org/org-notes.js';
import { readOrganization } from '../org/read-organization.js';
import { timeoutsFromEnv, type Timeouts } from '../sso/clients.js';
import { discover } from '../sso/discovery.js';
import { portalFailure, portalScheduler } from '../sso/portal-calls.js';
import { createPortalApi } from '../sso/portal-client.js';
import type { SchedulerStats } from '../sso/scheduler.js';
import { openTokenSource, type TokenSource } from '../sso/session-token.js';
import { readOrgSnapshot, writeOrgSnapshot } from '../state/org-cache.js';
import { rememberedReader, rememberReader } from '../state/org-reader-memory.js';
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
  /** `--org-profile`: the profile through which the organisation's structure is read. */
  readonly orgProfile?: string;
  /** `--no-org`: no Organizations call; a cached structure is still used. */
  readonly noOrg?: boolean;
  /** `--refresh-org`: read the whole structure again, however young the cache. */
  readonly refreshOrg?: boolean;
  /** Only accounts whose OU path matches one of these globs (needs the structure). */
  readonly ous?: readonly string[];
  /** Only accounts with these tags: `KEY=VALUE` (VALUE a glob) or `KEY` (needs the structure). */
  readonly tags?: readonly string[];
}

/** The organisation's structure as this sync used it. */
export interface OrganizationReport {
  /** The structure the profiles were placed by; absent when it is unknown. */
  readonly snapshot?: OrgSnapshot;
  /** Read by this sync, or the org cache's (young enough, kept after a failed read, or --no-org). */
  readonly source?: 'read' | 'cache';
  /** Organizations calls sent, per operation, retries included. */
  readonly calls: Readonly<Record<string, number>>;
  /** Why the structure is unknown, or why an older one is in use. */
  readonly reason?: string;
  /** Reachable accounts that have a place in it. */
  readonly accountsPlaced: number;
  /** Time spent on the organisation: finding a reader, reading (or the cache), checking. */
  readonly durationMs: number;
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
  readonly organization: OrganizationReport;
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

/**
 * Every account the token reaches, and the roles of those in scope; failures as errors a user can
 * act on. `then` runs before discovery is said to be over: until then, Ctrl-C stops at once.
 */
async function discoverSession<T>(
  rt: Runtime,
  session: SsoSession,
  token: TokenSource,
  inScope: (account: Account) => boolean,
  then: (run: DiscoveryRun, timeouts: Timeouts) => Promise<T>,
): Promise<{ run: DiscoveryRun; then: T }> {
  const timeouts = timeoutsFromEnv(rt.env);
  const api = createPortalApi({
    region: session.region,
    accessToken: token,
    requestTimeoutMs: timeouts.requestMs,
  });
  const scheduler = portalScheduler(rt.env, timeouts, (text) => rt.reporter.notify({ kind: 'debug', text }));
  const started = performance.now();
  try {
    let run: DiscoveryRun;
    try {
      const discovery = await discover({
        api,
        scheduler,
        inScope,
        onProgress: (progress) =>
          rt.reporter.notify({ kind: 'discovery', progress, throttled: scheduler.stats.throttled }),
      });
      run = { discovery, stats: scheduler.stats, durationMs: performance.now() - started };
    } catch (error) {
      throw portalFailure(
        error,
        session.name,
        'DISCOVERY_FAILED',
        'discovery failed, so nothing was written',
        'Run the command again; with --debug it shows every API call.',
      );
    } finally {
      api.close();
    }
    return { run, then: await then(run, timeouts) };
  } finally {
    rt.reporter.notify({ kind: 'discovery-done' });
  }
}

/** The profile named by `--org-profile`: one of this sso-session's, with an account and a role. */
function namedReader(
  document: Parameters<typeof existingProfiles>[0],
  name: string,
  session: string,
): ReaderCandidate & { profile: string } {
  const existing = existingProfiles(document).get(name);
  if (!existing) {
    throw usageError(`--org-profile ${JSON.stringify(name)}: there is no such profile in the config`);
  }
  const p = profileRecord(name, existing.values);
  if (p.accountId === null || p.role === null || p.ssoSession !== session) {
    throw usageError(
      `--org-profile ${JSON.stringify(name)} is not a profile of sso-session ${session} with sso_account_id and sso_role_name`,
      'Name a profile that sync generated for this session, or one written the same way.',
    );
  }
  return { accountId: p.accountId, role: p.role, profile: name };
}

function orgLifetime(rt: Runtime): number {
  const raw = rt.env[ORG_MAX_AGE_ENV];
  const ms = parseLifetime(raw);
  if (ms === undefined) return ORG_CACHE_LIFETIME_MS;
  if (Number.isNaN(ms)) {
    throw usageError(
      `${ORG_MAX_AGE_ENV}=${JSON.stringify(raw)} is not a number of seconds (0 or more, at most a year)`,
    );
  }
  return ms;
}

const countsText = (calls: Readonly<Record<string, number>>) =>
  Object.entries(calls)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ') || 'none';

/**
 * The organisation's structure for this sync: read (or the org cache reused), remembered, and
 * reported. Never fails the sync: without it the profiles are what the portal alone gives.
 */
async function organizationStep(
  rt: Runtime,
  session: SsoSession,
  token: TokenSource,
  run: DiscoveryRun,
  timeouts: Timeouts,
  options: {
    readonly named?: ReaderCandidate & { profile: string };
    readonly noOrg: boolean;
    readonly refresh: boolean;
    readonly lifetimeMs: number;
  },
): Promise<{ report: Omit<OrganizationReport, 'accountsPlaced' | 'durationMs'>; warning?: string }> {
  const debug = (text: string) => rt.reporter.notify({ kind: 'debug', text });
  const cached = readOrgSnapshot(rt.env, session.startUrl);
  if (options.noOrg) {
    return cached
      ? {
          report: {
            snapshot: cached,
            source: 'cache',
            calls: {},
            reason: `--no-org: the structure read at ${cached.readAt}`,
          },
        }
      : { report: { calls: {}, reason: '--no-org' } };
  }
  const remembered = rememberedReader(rt.env, session.startUrl, session.name);
  const portal = createPortalApi({
    region: session.region,
    accessToken: token,
    requestTimeoutMs: timeouts.requestMs,
  });
  let outcome;
  try {
    outcome = await readOrganization({
      startUrl: session.startUrl,
      ssoRegion: session.region,
      portal,
      portalScheduler: portalScheduler(rt.env, timeouts, debug),
      // Its own pacer; and since the structure is an extra, a throttling storm or an endpoint that
      // cannot be reached is given up on sooner.
      orgScheduler: portalScheduler(rt.env, timeouts, debug, {
        maxThrottleRetries: ORG_THROTTLE_RETRIES,
        maxAttempts: ORG_ATTEMPTS,
      }),
      requestTimeoutMs: timeouts.requestMs,
      discovery: run.discovery,
      ...(options.named ? { named: options.named } : {}),
      ...(remembered ? { remembered } : {}),
      ...(cached ? { cached } : {}),
      lifetimeMs: options.lifetimeMs,
      refresh: options.refresh,
      now: rt.now(),
    });
  } finally {
    portal.close();
  }
  debug(`organizations: ${outcome.kind}; calls: ${countsText(outcome.calls)}`);
  if (outcome.kind === 'read') {
    try {
      writeOrgSnapshot(rt.env, outcome.snapshot);
    } catch (error) {
      debug(`the org cache could not be written: ${error instanceof Error ? error.message : String(error)}`);
    }
    rememberReader(rt.env, session.startUrl, session.name, outcome.snapshot.reader);
    return { report: { snapshot: outcome.snapshot, source: 'read', calls: outcome.calls } };
  }
  if (outcome.forget) rememberReader(rt.env, session.startUrl, session.name, undefined);
  if (outcome.kind === 'cached')
    return { report: { snapshot: outcome.snapshot, source: 'cache', calls: {} } };
  const reason = problemText(outcome.problem, session.name);
  debug(`organizations: ${reason}`);
  const warning = problemLine(
    outcome.problem,
    session.name,
    run.discovery.accounts,
    outcome.fallback?.readAt,
  );
  const report = outcome.fallback
    ? { snapshot: outcome.fallback, source: 'cache' as const, calls: outcome.calls, reason }
    : { calls: outcome.calls, reason };
  return warning === undefined ? { report } : { report, warning };
}

/** Retries of one Organizations call that keeps being throttled (discovery allows 50). */
const ORG_THROTTLE_RETRIES = 10;
/** Tries of one Organizations call that fails (no answer, a server error), where discovery makes 8. */
const ORG_ATTEMPTS = 3;

/** Whether the template has a field only the organisation's structure can fill ({ou}, {ouPath}, {tag:KEY}). */
const needsStructure = (template: NameTemplate) => template.needsOrg;

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
  if (input.noOrg && (input.orgProfile !== undefined || input.refreshOrg)) {
    throw usageError(
      `use either --no-org or ${input.refreshOrg ? '--refresh-org' : '--org-profile'}, not both`,
    );
  }
  // Said before any call: with --no-org, the structure can only come from the org cache.
  if (input.noOrg && needsStructure(template) && !readOrgSnapshot(rt.env, session.startUrl)) {
    throw usageError(
      `--name-template ${JSON.stringify(template.source)} needs the organisation's structure, which is not cached, and --no-org reads nothing`,
      'Run sync without --no-org once, through a role that may read AWS Organizations.',
    );
  }
  const named =
    input.orgProfile === undefined ? undefined : namedReader(first.document, input.orgProfile, session.name);
  const lifetimeMs = orgLifetime(rt);
  const token = await openTokenSource(rt.env, rt.now, session);
  const includeAccount = accountPredicate({ include: input.accounts, exclude: input.excludeAccounts });
  // A sync of 10,000 accounts makes thousands of SDK calls and then holds two versions of a
  // multi-megabyte config: with V8's default heap growth, garbage rather than live data pushed
  // peak memory past 200 MB (measured by `npm run bench`). V8's size-first mode keeps it near
  // 150 MB for a little more CPU. It only tunes heuristics, so it is safe to switch on here,
  // after the config was first read (which it would slow down by a third).
  setFlagsFromString('--optimize-for-size');
  let orgMs = 0;
  const { run, then: org } = await discoverSession(
    rt,
    session,
    token,
    includeAccount,
    async (found, timeouts) => {
      const started = performance.now();
      try {
        return await organizationStep(rt, session, token, found, timeouts, {
          ...(named ? { named } : {}),
          noOrg: input.noOrg === true,
          refresh: input.refreshOrg === true,
          lifetimeMs,
        });
      } finally {
        orgMs = performance.now() - started;
      }
    },
  );
  const snapshot = org.report.snapshot;
  const places = snapshot ? placesOf(snapshot) : undefined;
  if (!places && needsStructure(template)) {
    throw usageError(
      `--name-template ${JSON.stringify(template.source)} needs the organisation's structure, which is unknown: ${org.report.reason ?? 'it was not read'}. Nothing was written.`,
      'Give a role AWSOrganizationsReadOnlyAccess in the management account, or name one that has it with --org-profile.',
    );
  }
  const byStructure = { ...(input.ous ? { ou: input.ous } : {}), ...(input.tags ? { tag: input.tags } : {}) };
  const inStructure = structurePredicate(byStructure);
  if (inStructure && !places) {
    throw usageError(
      `--ou and --tag select by the organisation's structure, which is unknown: ${org.report.reason ?? 'it was not read'}. Nothing was written.`,
      'Give a role AWSOrganizationsReadOnlyAccess in the management account, or name one that has it with --org-profile.',
    );
  }
  const inScope =
    inStructure && places
      ? (account: { accountId: string; accountName: string }) => {
          const place = places.get(account.accountId);
          return includeAccount(account) && place !== undefined && inStructure(place);
        }
      : includeAccount;
  const organization: OrganizationReport = {
    ...org.report,
    accountsPlaced: places ? run.discovery.accounts.filter((a) => places.has(a.accountId)).length : 0,
    durationMs: orgMs,
  };
  const ownCredentialProcess = credentialProcessCommand();
  const region = input.region ?? session.region;
  const request = (existing: SyncRequest['existing']): SyncRequest => ({
    session: session.name,
    region,
    template,
    ...(roles ? { roles: new Set(roles) } : {}),
    includeAccount: inScope,
    discovery: run.discovery,
    existing,
    prune: input.prune === true,
    ...(input.credentialProcess ? { credentialProcess: ownCredentialProcess } : {}),
    ownCredentialProcess,
    ...(places ? { places } : {}),
  });
  const missing = missingRoles(roles, run.discovery);
  // Not one of the roles asked for exists: a typo, as `each` and `list` treat a role that matches nothing.
  if (roles && missing.length === roles.length) {
    throw usageError(missing.join(' '), 'Nothing was written.');
  }
  const base = {
    session: session.name,
    region,
    run,
    dryRun: input.dryRun === true,
    warnings: org.warning === undefined ? missing : [...missing, org.warning],
    organization,
  };

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
