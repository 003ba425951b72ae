/** `aws-org-profiles sync`: discover, plan, and write the profiles of one sso-session. */
import { setFlagsFromString } from 'node:v8';
import { identify } from '../state/profile-map.js';
import { configFilePath, readConfigFile, writeConfigFile } from '../config/file.js';
import { withFileLock } from '../config/lock.js';
import { recordSync } from '../state/sync-record.js';
import { existingProfiles, renderSync } from '../config/profile-writer.js';
import { usageError } from '../core/errors.js';
import { accountPredicate } from '../core/filters.js';
import { compileTemplate, DEFAULT_TEMPLATE } from '../core/naming.js';
import {
  planSync,
  pruneNeedsConfirmation,
  type PruneGuard,
  type SyncPlan,
  type SyncRequest,
} from '../core/plan.js';
import type { KnownConfig } from './context.js';
import { shellQuote } from '../core/shell.js';
import { selfCommand } from '../system/installation.js';
import { discoverSession, type DiscoveryRun } from './discover.js';
import { printJson, type Io } from './io.js';
import { openTokenSource, resolveSession } from './session.js';
import { renderSyncText, syncJson } from './sync-output.js';

export interface SyncOptions {
  readonly ssoSession?: string;
  readonly role?: readonly string[];
  readonly allRoles?: boolean;
  readonly region?: string;
  readonly nameTemplate?: string;
  readonly account?: readonly string[];
  readonly excludeAccount?: readonly string[];
  readonly prune?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly verbose?: boolean;
  readonly credentialProcess?: boolean;
  /** Confirms a prune that removes more than half of the session's generated profiles. */
  readonly yes?: boolean;
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

/** Requested roles that no account in scope has, with the near misses that do exist. */
function missingRoles(requested: readonly string[] | undefined, run: DiscoveryRun): string[] {
  if (!requested || requested.length === 0) return [];
  const found = new Set<string>();
  for (const roles of run.discovery.roles.values()) for (const role of roles) found.add(role);
  return requested
    .filter((role) => !found.has(role))
    .map((role) => {
      const near = [...found].filter((f) => f.toLowerCase() === role.toLowerCase());
      const known = [...found].sort().slice(0, 10).join(', ');
      return near.length > 0
        ? `no account has role ${role}; did you mean ${near.join(' or ')}?`
        : `no account in scope has role ${role}${known ? ` (roles found: ${known}${found.size > 10 ? ', …' : ''})` : ''}`;
    });
}

// Partitions have 2 to 4 letters: us-east-1, cn-north-1, eusc-de-east-1.
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

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

export async function runSync(io: Io, options: SyncOptions): Promise<number> {
  if (options.allRoles && options.role && options.role.length > 0) {
    throw usageError('use either --role or --all-roles, not both');
  }
  if (options.region !== undefined && !REGION.test(options.region)) {
    throw usageError(
      `--region ${JSON.stringify(options.region)} is not an AWS region name such as eu-central-1`,
    );
  }
  const template = compileTemplate(options.nameTemplate ?? DEFAULT_TEMPLATE);
  const path = configFilePath(io.env);
  // The config's share of the run, step by step: discovery is not in it.
  const steps = new Steps();
  const first = readConfigFile(path);
  steps.lap('read');
  const session = resolveSession(first.document, options.ssoSession);
  const token = await openTokenSource(io, session);
  const includeAccount = accountPredicate({ include: options.account, exclude: options.excludeAccount });
  // A sync of 10,000 accounts makes thousands of SDK calls and then holds two versions of a
  // multi-megabyte config: with V8's default heap growth, garbage rather than live data pushed
  // peak memory past 200 MB (measured by `npm run bench`). V8's size-first mode keeps it near
  // 150 MB for a little more CPU. It only tunes heuristics, so it is safe to switch on here,
  // after the config was first read (which it would slow down by a third).
  setFlagsFromString('--optimize-for-size');
  const run = await discoverSession(io, session, token, includeAccount);
  const ownCredentialProcess = credentialProcessCommand();
  const region = options.region ?? session.region;
  const request = (existing: SyncRequest['existing']): SyncRequest => ({
    session: session.name,
    region,
    template,
    ...(options.role && options.role.length > 0 ? { roles: new Set(options.role) } : {}),
    includeAccount,
    discovery: run.discovery,
    existing,
    prune: options.prune === true,
    ...(options.credentialProcess ? { credentialProcess: ownCredentialProcess } : {}),
    ownCredentialProcess,
  });

  let result: SyncResult;
  let written: KnownConfig | undefined;
  const base = {
    session: session.name,
    region,
    run,
    dryRun: options.dryRun === true,
    warnings: missingRoles(options.role, run),
  };
  steps.restart();
  if (options.dryRun) {
    const existing = existingProfiles(first.document);
    const plan = planSync(request(existing));
    steps.lap('plan');
    const guard = pruneNeedsConfirmation(plan, existing, session.name);
    const warnings = guard
      ? [...base.warnings, `${pruneText(guard, session.name)}; writing it needs --yes`]
      : base.warnings;
    result = { ...base, warnings, configFile: first.path, plan, written: false, configMs: steps.total };
  } else {
    // Plan again under the lock from a fresh read: another run may have written in the meantime.
    result = await withFileLock(first.realPath, async () => {
      steps.lap('lock');
      const file = readConfigFile(path, first);
      steps.lap('read');
      const existing = existingProfiles(file.document);
      const plan = planSync(request(existing));
      steps.lap('plan');
      const guard = options.yes ? undefined : pruneNeedsConfirmation(plan, existing, session.name);
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

  if (io.debug) io.stderr.write(`debug: config file: ${steps.toString()}\n`);
  if (!result.dryRun) {
    const kept = result.plan.create.length + result.plan.update.length + result.plan.unchanged.length;
    recordSync(io.env, result.configFile, result.session, io.now(), kept);
  }
  if (options.json) printJson(io, syncJson(result));
  else renderSyncText(io, result, options.verbose === true || options.dryRun === true);
  if (written) {
    // The next agent start then reads the profile map from the cache instead of parsing the config.
    const { warmContextCache } = await import('./context.js');
    await warmContextCache(io, written).catch(() => undefined);
  }
  return 0;
}
