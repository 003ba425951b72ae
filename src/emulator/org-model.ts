import { ENVIRONMENTS, HOSTILE_ACCOUNT_NAMES, LANDING_ZONE_NAMES, ROLE_POOL, TEAMS } from './names.js';
import { generateStructure } from './org-generate.js';
import { mulberry32, randomInt, type Prng } from './random.js';

export interface EmulatorAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  roles: string[];
  /** The OU the account sits in (AWS Organizations); absent: directly under the root. */
  parentId?: string;
  /** The account's tags in AWS Organizations (at most 50). */
  tags?: Record<string, string>;
}

/** One organisational unit: `ou-<root>-<id>`, any name, and its parent (the root's id or an OU's). */
export interface EmulatorOrgUnit {
  id: string;
  name: string;
  parentId: string;
}

/** What AWS Organizations serves: the ids, the OU tree, and who may read it. */
export interface OrgStructure {
  /** `o-` and 10 to 32 lowercase letters or digits. */
  orgId: string;
  /** `r-` and 4 to 32 lowercase letters or digits. */
  rootId: string;
  /** One of the organisation's accounts. */
  managementAccountId: string;
  units: EmulatorOrgUnit[];
  /**
   * Roles that may call the Organizations reads, in the management account or a delegated admin.
   * Default ['AdministratorAccess', 'ReadOnlyAccess', 'SecurityAudit', 'ViewOnlyAccess'].
   */
  readerRoles?: string[];
  /** Member accounts registered as delegated administrators (may read like the management account). */
  delegatedAdministrators?: string[];
}

/**
 * The accounts the user is assigned to (IAM Identity Center) and, when the organisation uses AWS
 * Organizations, its structure. Without `structure` every Organizations call answers
 * AWSOrganizationsNotInUseException.
 */
export interface Organization {
  accounts: EmulatorAccount[];
  structure?: OrgStructure;
}

export interface GenerateOptions {
  accounts: number;
  /** Roles per account, default 3. An account without the first pool role gets one fewer. */
  rolesPerAccount?: number;
  seed?: number;
  oddNames?: boolean;
  /**
   * With a number (0 to 1000), also an AWS Organizations structure of that many OUs, nested up
   * to 5 levels, with the accounts spread over them and tagged; the first account is the
   * management account. The accounts themselves stay those of the same options without `units`.
   */
  units?: number;
}

/** Share of accounts that carry the first pool role, so "accounts without the role" exist. */
const FIRST_ROLE_SHARE = 0.85;

/** A deterministic organisation: the same options always give the same accounts, in the same order. */
export function generateOrganization(options: GenerateOptions): Organization {
  const { accounts: count, rolesPerAccount = 3, seed = 1, oddNames = false, units } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`accounts must be an integer >= 0`);
  if (units !== undefined && !(Number.isInteger(units) && units >= 0 && units <= MAX_UNITS)) {
    throw new RangeError(`units must be an integer from 0 to ${MAX_UNITS}`);
  }
  if (!Number.isInteger(rolesPerAccount) || rolesPerAccount < 0 || rolesPerAccount > ROLE_POOL.length) {
    throw new RangeError(`rolesPerAccount must be an integer from 0 to ${ROLE_POOL.length}`);
  }
  const prng = mulberry32(seed);
  const ids = new Set<string>();
  const names = accountNames(count, prng, oddNames);
  const accounts: EmulatorAccount[] = [];
  for (let i = 0; i < count; i++) {
    const accountId = uniqueAccountId(prng, ids);
    const accountName = names[i] ?? `account-${i}`;
    accounts.push({
      accountId,
      accountName,
      emailAddress: emailFor(accountName, accountId),
      roles: pickRoles(prng, rolesPerAccount, withoutFirstRole(prng, i, count)),
    });
  }
  if (units === undefined) return { accounts };
  return { accounts, structure: generateStructure(accounts, units, seed) };
}

/** The AWS quota on OUs in one organisation. */
export const MAX_UNITS = 1000;

function uniqueAccountId(prng: Prng, taken: Set<string>): string {
  for (;;) {
    // Two draws because one float cannot hold 12 random digits.
    const id = `${randomInt(prng, 100_000, 999_999)}${String(randomInt(prng, 0, 999_999)).padStart(6, '0')}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

function accountNames(count: number, prng: Prng, oddNames: boolean): string[] {
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(LANDING_ZONE_NAMES[i] ?? patternedName(prng, i));
  if (oddNames) spreadHostileNames(names);
  return names;
}

function patternedName(prng: Prng, i: number): string {
  const env = pick(prng, ENVIRONMENTS);
  const roll = prng();
  const seq = String(i).padStart(4, '0');
  if (roll < 0.55) return `workload-${env}-${seq}`;
  if (roll < 0.7) return `Sandbox ${i}`;
  return `${pick(prng, TEAMS)}-${env}-${seq}`;
}

/** Hostile names go between the landing-zone accounts and the end, evenly, so every page can meet one. */
function spreadHostileNames(names: string[]): void {
  const first = Math.min(LANDING_ZONE_NAMES.length, names.length);
  const room = names.length - first;
  const hostile = HOSTILE_ACCOUNT_NAMES.slice(0, Math.max(room, 0));
  hostile.forEach((name, j) => {
    names[first + Math.floor((j * room) / hostile.length)] = name;
  });
}

function withoutFirstRole(prng: Prng, i: number, count: number): boolean {
  // Account 1 always lacks it, so even a two-account organisation has the case.
  if (count > 1 && i === 1) return true;
  return prng() >= FIRST_ROLE_SHARE;
}

function pickRoles(prng: Prng, wanted: number, skipFirst: boolean): string[] {
  if (wanted === 0) return [];
  const rest = ROLE_POOL.slice(1);
  // Partial Fisher-Yates: the first `take` entries become a uniform sample.
  const take = Math.min(skipFirst ? wanted : wanted - 1, rest.length);
  for (let k = 0; k < take; k++) {
    const j = randomInt(prng, k, rest.length - 1);
    [rest[k], rest[j]] = [rest[j]!, rest[k]!];
  }
  const chosen = new Set(rest.slice(0, take));
  if (!skipFirst) chosen.add(ROLE_POOL[0]!);
  return ROLE_POOL.filter((role) => chosen.has(role));
}

function pick(prng: Prng, list: readonly string[]): string {
  return list[randomInt(prng, 0, list.length - 1)]!;
}

/** A plausible root e-mail; names without ASCII letters fall back to the account id. */
export function emailFor(accountName: string, accountId: string): string {
  const slug = accountName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `aws+${slug || accountId}@example.com`;
}
