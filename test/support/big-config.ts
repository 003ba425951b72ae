/** A config with many generated profiles, as `sync` writes them, plus a few hand-made ones. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrgSnapshot } from '../../src/core/org.js';
import { writeOrgSnapshot } from '../../src/state/org-cache.js';

export const BIG_START_URL = 'https://d-0000000000.awsapps.com/start';

export const ROLES = ['AdministratorAccess', 'ReadOnlyAccess', 'DBAReadOnly'];

export function bigConfigText(profiles: number, session = 'myorg'): string {
  const accounts = Math.ceil(profiles / ROLES.length);
  const parts: string[] = [
    '# hand-made\n[default]\nregion = eu-west-1\n\n',
    `[sso-session ${session}]\nsso_start_url = ${BIG_START_URL}\nsso_region = eu-central-1\n\n`,
    '[profile legacy-admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n\n',
  ];
  for (let i = 0; i < profiles; i++) {
    const a = i % accounts;
    const role = ROLES[Math.floor(i / accounts)]!;
    const id = String(100000000000 + a * 7919);
    const name = `workload-${['prod', 'dev', 'staging'][a % 3]}-${String(a).padStart(5, '0')}`;
    parts.push(
      `[profile ${session}-${name}-${role}]\nsso_session = ${session}\nsso_account_id = ${id}\nsso_role_name = ${role}\n` +
        `region = eu-central-1\nsso_account_name = ${name}\ngenerated_by = aws-org-profiles\n\n`,
    );
  }
  return parts.join('');
}

export function writeBigConfig(home: string, profiles: number): string {
  mkdirSync(join(home, '.aws'), { recursive: true });
  const path = join(home, '.aws', 'config');
  writeFileSync(path, bigConfigText(profiles));
  return path;
}

const ADJECTIVES =
  'amber bold brisk calm clear cosmic crisp deep eager fair fleet grand keen lively lucid mellow noble prime quiet rapid rustic sharp silent solar steady swift tidal urban vivid wild'.split(
    ' ',
  );
const NOUNS =
  'anchor arrow beacon bridge canyon cedar comet delta ember falcon forest galaxy harbor island jasper kernel lagoon meadow nebula orbit pebble quarry raven ridge summit tundra valley willow zenith atlas badger cobalt dune'.split(
    ' ',
  );

/**
 * The organisation of bigConfigText(profiles) as the org cache holds it: about `ous` OUs (five at the
 * top, four environments under Workloads, teams with distinct names under those, a few levels below
 * some teams), the accounts spread over them, each tagged with its environment.
 */
export function bigOrgSnapshot(profiles: number, ous = 1000, startUrl = BIG_START_URL): OrgSnapshot {
  const accounts = Math.ceil(profiles / ROLES.length);
  const units: Record<string, { name: string; parentId: string }> = {};
  const rootId = 'r-root';
  let next = 0;
  const unit = (name: string, parentId: string) => {
    const id = `ou-root-${String(next++).padStart(8, '0')}`;
    units[id] = { name, parentId };
    return id;
  };
  const teams: { id: string; env: string }[] = [];
  for (const name of ['Security', 'Infrastructure', 'Sandbox', 'Suspended']) {
    teams.push({ id: unit(name, rootId), env: 'Shared' });
  }
  const workloads = unit('Workloads', rootId);
  const envs = ['Prod', 'NonProd', 'Dev', 'Staging'].map((name) => ({ name, id: unit(name, workloads) }));
  for (const env of envs) teams.push({ id: env.id, env: env.name });
  for (let i = 0; next < ous; i++) {
    const env = envs[i % envs.length]!;
    const name = `${ADJECTIVES[i % ADJECTIVES.length]!}-${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]!}`;
    const id = unit(name, env.id);
    teams.push({ id, env: env.name });
    // Some teams have OUs of their own, down to the fifth level.
    if (i % 50 === 7 && next < ous) teams.push({ id: unit('services', id), env: env.name });
  }
  const places: Record<string, { parentId: string; tags: Record<string, string> }> = {};
  for (let a = 0; a < accounts; a++) {
    const team = teams[a % teams.length]!;
    places[String(100000000000 + a * 7919)] =
      a % 97 === 0
        ? { parentId: rootId, tags: {} }
        : { parentId: team.id, tags: { env: team.env.toLowerCase(), CostCenter: `cc-${a % 13}` } };
  }
  return {
    version: 1,
    startUrl,
    orgId: 'o-big0000000',
    rootId,
    managementAccountId: '100000000000',
    readAt: new Date().toISOString(),
    reader: { accountId: '100000000000', role: 'OrganizationsReadOnly' },
    units,
    accounts: places,
  };
}

/** The OUs of the benchmark's organisation at N profiles: 1,000 from 10,000 profiles on. */
export const bigOrgUnits = (profiles: number) => Math.max(1, Math.min(1000, Math.ceil(profiles / 10)));

/** The big config and its organisation in the org cache, as after a sync that could read the structure. */
export function writeBigOrg(home: string, profiles: number): string {
  const path = writeBigConfig(home, profiles);
  writeOrgSnapshot({ HOME: home }, bigOrgSnapshot(profiles, bigOrgUnits(profiles)));
  return path;
}
