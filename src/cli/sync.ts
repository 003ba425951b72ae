/** `aws-org-profiles sync`: discover, plan, and write the profiles of one sso-session. */
import { configFilePath, readConfigFile, writeConfigFile } from '../config/file.js';
import { withFileLock } from '../config/lock.js';
import { existingProfiles, renderSync } from '../config/profile-writer.js';
import { usageError } from '../core/errors.js';
import { accountPredicate } from '../core/filters.js';
import { accountPart, compileTemplate, DEFAULT_TEMPLATE } from '../core/naming.js';
import { planSync, type SyncPlan, type SyncRequest } from '../core/plan.js';
import { discoverSession, type DiscoveryRun } from './discover.js';
import { printJson, type Io } from './io.js';
import { requireToken, resolveSession } from './session.js';
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

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

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
  const first = readConfigFile(path);
  const session = resolveSession(first.document, options.ssoSession);
  const token = requireToken(io, session);
  const includeAccount = accountPredicate(
    { include: options.account ?? [], exclude: options.excludeAccount ?? [] },
    (a) => [a.accountName === undefined ? undefined : accountPart(a.accountName)],
  );
  const run = await discoverSession(io, session, token, (a) => includeAccount(a));
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
  });

  let result: SyncResult;
  const base = {
    session: session.name,
    region,
    run,
    dryRun: options.dryRun === true,
    warnings: missingRoles(options.role, run),
  };
  if (options.dryRun) {
    const plan = planSync(request(existingProfiles(first.document)));
    result = { ...base, configFile: first.path, plan, written: false };
  } else {
    // Plan again under the lock from a fresh read: another run may have written in the meantime.
    result = await withFileLock(first.realPath, async () => {
      const file = readConfigFile(path);
      const plan = planSync(request(existingProfiles(file.document)));
      const changes = plan.create.length + plan.update.length + plan.prune.length;
      if (changes === 0) return { ...base, configFile: file.path, plan, written: false };
      const text = renderSync(file.document, plan, session.name);
      const { backupPath } = await writeConfigFile(file, text);
      return {
        ...base,
        configFile: file.path,
        plan,
        written: true,
        ...(backupPath ? { backupFile: backupPath } : {}),
      };
    });
  }

  if (result.written) {
    // The next agent start then reads the profile map from the cache, not from the whole config.
    const { warmContextCache } = await import('./context.js');
    await warmContextCache(io).catch(() => undefined);
  }
  if (options.json) printJson(io, syncJson(result));
  else renderSyncText(io, result, options.verbose === true || options.dryRun === true);
  return 0;
}
