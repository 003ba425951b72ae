/** How a sync result is shown: a readable summary, or one JSON document. */
import type { SyncResult } from '../../app/sync.js';
import { displayWidth, padToWidth } from '../../core/display-width.js';
import type { Removal } from '../../core/plan.js';
import { styleFor, tildify, useColor, type Io } from '../io.js';

const LIST_LIMIT = 100;
/** The widest the column of profile names grows. */
const NAME_COLUMN = 60;

const removal = (r: Removal) => ({
  profile: r.name,
  accountId: r.accountId,
  role: r.role,
  reason: r.reason,
  ...(r.renamedTo === undefined ? {} : { renamedTo: r.renamedTo }),
});

/** The profile this sync wrote (or kept) for the reader's account and role, if there is one. */
function readerProfile(result: SyncResult, accountId: string, role: string): string | undefined {
  const { plan } = result;
  const all = [...plan.create, ...plan.update.map((u) => u.profile), ...plan.unchanged];
  return all.find((p) => p.accountId === accountId && p.role === role)?.name;
}

/** The organisation's structure as the sync used it; null, with the reason, when it is unknown. */
function organizationJson(result: SyncResult) {
  const { snapshot, source, calls, reason, accountsPlaced } = result.organization;
  if (!snapshot) return { organization: null, organizationReason: reason ?? 'unknown' };
  const { reader } = snapshot;
  const profile = reader.profile ?? readerProfile(result, reader.accountId, reader.role);
  return {
    organization: {
      orgId: snapshot.orgId,
      rootId: snapshot.rootId,
      managementAccountId: snapshot.managementAccountId,
      reader: { accountId: reader.accountId, role: reader.role, profile: profile ?? null },
      source,
      readAt: snapshot.readAt,
      calls,
      accountsPlaced,
      units: Object.keys(snapshot.units).length,
      durationMs: Math.round(result.organization.durationMs),
      ...(reason === undefined ? {} : { note: reason }),
    },
  };
}

export function syncJson(result: SyncResult) {
  const { plan, run } = result;
  const assignments = [...run.discovery.roles.values()].reduce((n, roles) => n + roles.length, 0);
  const describe = (p: {
    name: string;
    accountId: string;
    accountName: string;
    role: string;
    region: string;
  }) => ({
    profile: p.name,
    accountId: p.accountId,
    accountName: p.accountName,
    role: p.role,
    region: p.region,
  });
  return {
    version: 1,
    command: 'sync',
    dryRun: result.dryRun,
    session: result.session,
    region: result.region,
    configFile: result.configFile,
    written: result.written,
    ...(result.backupFile ? { backupFile: result.backupFile } : {}),
    discovery: {
      accounts: run.discovery.accounts.length,
      accountsInScope: run.discovery.roles.size,
      assignments,
      accountsWithoutRole: plan.accountsWithoutRole,
      requests: run.stats.requests,
      throttled: run.stats.throttled,
      retries: run.stats.retries,
      durationMs: Math.round(run.durationMs),
    },
    timings: { discoveryMs: Math.round(run.durationMs), configMs: Math.round(result.configMs) },
    summary: {
      create: plan.create.length,
      update: plan.update.length,
      unchanged: plan.unchanged.length,
      prune: plan.prune.length,
      stale: plan.stale.length,
      staleRenamed: plan.stale.filter((r) => r.renamedTo !== undefined).length,
      conflicts: plan.conflicts.length,
      renamed: plan.renamed.length,
    },
    create: plan.create.map(describe),
    update: plan.update.map((u) => ({ ...describe(u.profile), changes: u.changes })),
    unchanged: plan.unchanged.map((p) => p.name),
    prune: plan.prune.map(removal),
    stale: plan.stale.map(removal),
    conflicts: plan.conflicts.map((c) => ({ ...describe(c.profile), reason: c.reason })),
    renamed: plan.renamed.map((r) => ({ profile: r.name, baseName: r.baseName, reason: r.reason })),
    ...organizationJson(result),
    warnings: result.warnings,
  };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function renderSyncText(io: Io, result: SyncResult, listAll: boolean): void {
  const { plan, run } = result;
  const s = styleFor(useColor(io, io.stdout));
  const out = (line: string) => io.stdout.write(`${line}\n`);

  const assignments = [...run.discovery.roles.values()].reduce((n, roles) => n + roles.length, 0);
  const seconds = (run.durationMs / 1000).toFixed(1);
  out(
    `${s.bold(`sso-session ${result.session}`)}: ${plural(run.discovery.accounts.length, 'account')}, ` +
      `${plural(assignments, 'role assignment')} found in ${seconds} s ` +
      s.dim(`(${plural(run.stats.requests, 'request')}, ${run.stats.throttled} throttled)`),
  );

  const { snapshot, source, calls, accountsPlaced } = result.organization;
  if (snapshot) {
    const requests = Object.values(calls).reduce((n, c) => n + c, 0);
    out(
      s.dim(
        `organization ${snapshot.orgId}: ${plural(accountsPlaced, 'account')} placed in ` +
          `${plural(Object.keys(snapshot.units).length, 'OU')} ` +
          (source === 'read'
            ? `(read in ${plural(requests, 'request')})`
            : `(cached, read at ${snapshot.readAt})`),
      ),
    );
  }

  const lines: string[] = [];
  const width = Math.min(
    NAME_COLUMN,
    [
      ...plan.create.map((p) => p.name),
      ...plan.update.map((u) => u.profile.name),
      ...plan.prune.map((r) => r.name),
      ...plan.conflicts.map((c) => c.profile.name),
    ].reduce((w, name) => Math.max(w, displayWidth(name)), 0),
  );
  // Names line up by display width; a longer name than the column has its details on a line of
  // their own, under the column, so that the others stay in line.
  const entry = (mark: string, name: string, detail: string) =>
    displayWidth(name) > width
      ? `  ${mark} ${name}\n    ${' '.repeat(width)}  ${detail}`
      : `  ${mark} ${padToWidth(name, width)}  ${detail}`;
  const renamed = new Map(plan.renamed.map((r) => [r.name, r]));
  for (const p of plan.create) {
    const r = renamed.get(p.name);
    const note = r ? ` (not ${r.baseName}: ${r.reason})` : '';
    lines.push(entry(s.green('+'), p.name, s.dim(`${p.accountId} ${p.role}${note}`)));
  }
  for (const { profile, changes } of plan.update) {
    const what = changes.map((c) => `${c.key}: ${c.from ?? '(none)'} → ${c.to ?? '(removed)'}`).join(', ');
    lines.push(entry(s.yellow('~'), profile.name, what));
  }
  for (const r of plan.prune) lines.push(entry(s.red('-'), r.name, r.reason));
  for (const c of plan.conflicts) lines.push(entry(s.red('!'), c.profile.name, c.reason));
  const shown = listAll ? lines : lines.slice(0, LIST_LIMIT);
  for (const line of shown) out(line);
  if (shown.length < lines.length) {
    out(s.dim(`  … and ${lines.length - shown.length} more (--verbose or --json lists them all)`));
  }

  const parts = [
    `${plan.create.length} to create`,
    `${plan.update.length} to update`,
    `${plan.prune.length} to remove`,
    `${plan.unchanged.length} unchanged`,
  ];
  if (!result.dryRun) {
    parts[0] = `${plan.create.length} created`;
    parts[1] = `${plan.update.length} updated`;
    parts[2] = `${plan.prune.length} removed`;
  }
  if (plan.conflicts.length > 0) parts.push(s.red(plural(plan.conflicts.length, 'conflict')));
  if (plan.accountsWithoutRole > 0)
    parts.push(`${plural(plan.accountsWithoutRole, 'account')} without the role`);
  out(`${parts.join(', ')}.`);
  const renamedStale = plan.stale.filter((r) => r.renamedTo !== undefined).length;
  const unassigned = plan.stale.length - renamedStale;
  if (renamedStale > 0) {
    out(
      `${plural(renamedStale, 'generated profile')} ${renamedStale === 1 ? 'was' : 'were'} renamed: the old ` +
        `${renamedStale === 1 ? 'name stays' : 'names stay'} beside the new until --prune removes ` +
        `${renamedStale === 1 ? 'it' : 'them'} (--dry-run --prune shows which).`,
    );
  }
  if (unassigned > 0) {
    out(
      `${plural(unassigned, 'generated profile')} no longer ${unassigned === 1 ? 'matches' : 'match'} an assignment; ` +
        `--prune removes ${unassigned === 1 ? 'it' : 'them'} (--dry-run --prune shows which).`,
    );
  }
  const file = tildify(io, result.configFile);
  if (result.dryRun) out(s.dim(`Dry run: ${file} was not modified.`));
  else if (result.written) {
    out(`Wrote ${file}${result.backupFile ? ` (previous version: ${tildify(io, result.backupFile)})` : ''}.`);
  } else out(`No changes: ${file} is up to date and was not modified.`);
}
