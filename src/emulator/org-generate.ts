/**
 * A generated AWS Organizations structure: a landing zone's top-level OUs, then many children
 * nested up to 5 levels, the accounts spread over root and OUs by the environment in their
 * name, and tags on most of them. Its own PRNG: the accounts stay those of the same seed.
 */
import { COMPONENTS, DEFAULT_READER_ROLES, ENVIRONMENTS, ROLE_POOL, SKELETON_UNITS, TEAMS } from './names.js';
import type { EmulatorAccount, EmulatorOrgUnit, OrgStructure } from './org-model.js';
import { mulberry32, randomInt, type Prng } from './random.js';

/** AWS allows five levels of OUs under the root. */
const MAX_DEPTH = 5;
const STRUCTURE_SEED = 0x0a6_5eed;
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Where a unit belongs, which decides its children's names and which accounts it takes. */
type Zone = 'prod' | 'staging' | 'dev' | 'nonprod' | 'sandbox' | 'security' | 'infra' | 'suspended' | 'other';

const SKELETON_ZONES: Record<string, Zone> = {
  Workloads: 'other',
  'Workloads/Prod': 'prod',
  'Workloads/NonProd': 'nonprod',
  'Workloads/NonProd/Dev': 'dev',
  'Workloads/NonProd/Staging': 'staging',
  Sandbox: 'sandbox',
  Suspended: 'suspended',
};

const GROWING: ReadonlySet<Zone> = new Set(['prod', 'staging', 'dev', 'nonprod', 'sandbox']);

class UnitTree {
  readonly units: EmulatorOrgUnit[] = [];
  readonly byPath = new Map<string, string>();
  readonly zones = new Map<Zone, string[]>();
  private readonly depth = new Map<string, number>();
  private readonly zoneOf = new Map<string, Zone>();
  private readonly names = new Set<string>();
  /** Units that may still take a child; `growing` the ones in workload and sandbox zones. */
  private readonly open: string[] = [];
  private readonly growing: string[] = [];

  constructor(
    readonly rootId: string,
    private readonly rootSuffix: string,
    private readonly salt: number,
  ) {
    this.depth.set(rootId, 0);
    this.zoneOf.set(rootId, 'other');
  }

  addPath(path: string): void {
    const cut = path.lastIndexOf('/');
    const parentId = cut < 0 ? this.rootId : this.byPath.get(path.slice(0, cut));
    if (parentId === undefined) return;
    const id = this.add(parentId, path.slice(cut + 1), SKELETON_ZONES[path] ?? this.topZone(path));
    this.byPath.set(path, id);
  }

  addChild(prng: Prng): void {
    const roll = prng();
    const pool = roll < 0.65 && this.growing.length > 0 ? this.growing : this.open;
    // The shallower of two draws: bushy near the top, as real trees are, yet some reach level 5.
    const a = pool[randomInt(prng, 0, pool.length - 1)];
    const b = pool[randomInt(prng, 0, pool.length - 1)];
    const shallower = a !== undefined && b !== undefined && this.depth.get(b)! < this.depth.get(a)! ? b : a;
    const parentId = roll > 0.97 || shallower === undefined ? this.rootId : shallower;
    const zone = this.zoneOf.get(parentId)!;
    const level = this.depth.get(parentId)!;
    const team = TEAMS[randomInt(prng, 0, TEAMS.length - 1)]!;
    const name =
      parentId === this.rootId
        ? `Division ${this.units.length}`
        : GROWING.has(zone) && level <= 3
          ? team
          : `${team}-${COMPONENTS[randomInt(prng, 0, COMPONENTS.length - 1)]!}`;
    this.add(parentId, name, zone);
  }

  private add(parentId: string, wanted: string, zone: Zone): string {
    const n = this.units.length;
    const name = this.names.has(`${parentId}\n${wanted}`) ? `${wanted} ${n}` : wanted;
    this.names.add(`${parentId}\n${name}`);
    // An odd multiplier is a bijection on 32 bits, so the ids never collide.
    const code = ((Math.imul(n + 1, 0x9e3779b1) ^ this.salt) >>> 0).toString(36).padStart(8, '0');
    const id = `ou-${this.rootSuffix}-${code}`;
    const level = this.depth.get(parentId)! + 1;
    this.units.push({ id, name, parentId });
    this.depth.set(id, level);
    this.zoneOf.set(id, zone);
    const zoned = this.zones.get(zone);
    if (zoned) zoned.push(id);
    else this.zones.set(zone, [id]);
    if (level < MAX_DEPTH) {
      this.open.push(id);
      if (GROWING.has(zone)) this.growing.push(id);
    }
    return id;
  }

  private topZone(path: string): Zone {
    if (path.startsWith('Security')) return 'security';
    if (path.startsWith('Infrastructure')) return 'infra';
    return 'other';
  }
}

function idText(prng: Prng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ID_CHARS[randomInt(prng, 0, ID_CHARS.length - 1)];
  return out;
}

const LANDING_ZONE_PLACES: Record<string, string[]> = {
  'Log Archive': ['Security'],
  Audit: ['Security'],
  'Security Tooling': ['Security/Tooling', 'Security'],
  'Shared Services': ['Infrastructure/Shared Services', 'Infrastructure'],
  Network: ['Infrastructure/Network', 'Infrastructure'],
};

const ENV_IN_NAME = /(?:^|[^a-z])(prod|staging|dev|test|qa)(?:[^a-z]|$)/i;

function zoneFor(name: string): { zones: Zone[]; env?: string } {
  const env = ENV_IN_NAME.exec(name)?.[1]?.toLowerCase();
  if (env === 'prod') return { zones: ['prod'], env };
  if (env === 'staging') return { zones: ['staging', 'nonprod'], env };
  if (env !== undefined) return { zones: ['dev', 'nonprod'], env };
  if (/^sandbox/i.test(name)) return { zones: ['sandbox'], env: 'sandbox' };
  return { zones: [] };
}

function place(tree: UnitTree, prng: Prng, account: EmulatorAccount, index: number): string | undefined {
  if (index === 0 || tree.units.length === 0) return undefined;
  for (const path of LANDING_ZONE_PLACES[account.accountName] ?? []) {
    const id = tree.byPath.get(path);
    if (id !== undefined) return id;
  }
  const roll = prng();
  if (roll < 0.04) return undefined;
  const suspended = tree.zones.get('suspended');
  if (roll < 0.06 && suspended) return suspended[0];
  for (const zone of zoneFor(account.accountName).zones) {
    const ids = tree.zones.get(zone);
    if (ids) return ids[randomInt(prng, 0, ids.length - 1)];
  }
  return tree.units[randomInt(prng, 0, tree.units.length - 1)]!.id;
}

const LANDING_ZONE_TEAMS: Record<string, string> = {
  Management: 'platform',
  'Log Archive': 'security',
  Audit: 'security',
  'Security Tooling': 'security',
  'Shared Services': 'platform',
  Network: 'network',
};

function tagsFor(prng: Prng, account: EmulatorAccount): Record<string, string> | undefined {
  const landingZone = LANDING_ZONE_TEAMS[account.accountName];
  if (landingZone) return { env: 'prod', team: landingZone, 'cost-center': 'CC-1000' };
  if (prng() < 0.08) return undefined;
  const named = TEAMS.find((team) => account.accountName.includes(team));
  const team = named ?? TEAMS[randomInt(prng, 0, TEAMS.length - 1)]!;
  const env = zoneFor(account.accountName).env ?? ENVIRONMENTS[randomInt(prng, 0, ENVIRONMENTS.length - 1)]!;
  const tags: Record<string, string> = { env, team, 'cost-center': `CC-${randomInt(prng, 1000, 9999)}` };
  if (prng() < 0.3) tags.owner = `${team}@example.com`;
  return tags;
}

export function generateStructure(accounts: EmulatorAccount[], units: number, seed: number): OrgStructure {
  const prng = mulberry32((seed ^ STRUCTURE_SEED) >>> 0);
  const rootSuffix = idText(prng, 4);
  const orgId = `o-${idText(prng, 10)}`;
  const tree = new UnitTree(`r-${rootSuffix}`, rootSuffix, randomInt(prng, 0, 0xffff_ffff));
  for (const path of SKELETON_UNITS.slice(0, units)) tree.addPath(path);
  while (tree.units.length < units) tree.addChild(prng);
  accounts.forEach((account, i) => {
    const parentId = place(tree, prng, account, i);
    if (parentId !== undefined) account.parentId = parentId;
    const tags = tagsFor(prng, account);
    if (tags) account.tags = tags;
  });
  const management = accounts[0];
  if (management && !management.roles.some((r) => DEFAULT_READER_ROLES.includes(r))) {
    const roles = new Set([...management.roles, DEFAULT_READER_ROLES[0]!]);
    management.roles = ROLE_POOL.filter((role) => roles.has(role));
  }
  return {
    orgId,
    rootId: tree.rootId,
    // An organisation without accounts has no management account to name; none can call it anyway.
    managementAccountId: management?.accountId ?? '000000000000',
    units: tree.units,
  };
}
