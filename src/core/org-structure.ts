/**
 * Checking a read of the organisation's structure and assembling it into an `OrgSnapshot`
 * (core/org.ts). Everything here came from the network: ids must look like the ids AWS
 * Organizations gives, every path must start at this organisation's root, every OU on a path must
 * be among its parent's children, and no chain of parents may loop or go deeper than Organizations
 * allows. Anything else is an `InconsistentOrgError`, and the whole read is discarded: a partial
 * structure would place accounts wrongly. OU names and tags are data, kept exactly as given.
 */
import { quoteValue } from './untrusted-text.js';
import { ouNamesOf, type OrgAccount, type OrgSnapshot, type OrgUnit } from './org.js';

export const ORG_ID = /^o-[a-z0-9]{10,32}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
/** Organizations nests OUs at most five levels below the root. */
export const MAX_OU_DEPTH = 5;

/** A read that does not add up: discarded whole. */
export class InconsistentOrgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InconsistentOrgError';
  }
}

const fail = (message: string): never => {
  throw new InconsistentOrgError(message);
};

/** An id for a message: short and printable whatever the server sent. */
const shown = (id: string) => quoteValue(id, 40);

/** The organisation and root every path must start with. */
export interface OrgRoot {
  readonly orgId: string;
  readonly rootId: string;
}

/** The root's ARN, `arn:aws:organizations::<management account>:root/<org id>/<root id>`, read. */
export function parseRootArn(arn: string): (OrgRoot & { managementAccountId: string }) | undefined {
  const m = /^arn:aws[a-z-]*:organizations::(\d{12}):root\/(o-[a-z0-9]{10,32})\/(r-[0-9a-z]{4,32})$/.exec(
    arn,
  );
  return m ? { managementAccountId: m[1]!, orgId: m[2]!, rootId: m[3]! } : undefined;
}

/** One account as ListAccounts gives it: `paths` absent when the server (or an old API) leaves it out. */
export interface ListedAccount {
  readonly id: string;
  readonly paths?: readonly string[];
}

/** The OU ids of one `Paths` entry, `o-…/r-…/ou-…/…/<account id>/`, root first. */
export function parseAccountPath(root: OrgRoot, accountId: string, path: string): string[] {
  const parts = path.split('/');
  if (parts.at(-1) === '') parts.pop();
  const [orgId, rootId, ...rest] = parts;
  const last = rest.pop();
  const where = `the path of account ${accountId}`;
  if (orgId !== root.orgId) fail(`${where} starts in organization ${shown(orgId ?? '')}, not ${root.orgId}`);
  if (rootId !== root.rootId) fail(`${where} starts at root ${shown(rootId ?? '')}, not ${root.rootId}`);
  if (last !== accountId) fail(`${where} ends at ${shown(last ?? '')}, not at the account`);
  for (const id of rest) if (!OU_ID.test(id)) fail(`${where} holds ${shown(id)}, which is not an OU id`);
  if (rest.length > MAX_OU_DEPTH)
    fail(`${where} is ${rest.length} OUs deep; Organizations allows ${MAX_OU_DEPTH}`);
  if (new Set(rest).size !== rest.length) fail(`${where} passes through one OU twice`);
  return rest;
}

/** Where the accounts are, by their paths, and which parents must be listed for the OU names. */
export interface PlacedAccounts {
  /** Each account's parent: the root, or the last OU on its path. */
  readonly parents: ReadonlyMap<string, string>;
  /** Each OU on some path, with its parent. */
  readonly unitParents: ReadonlyMap<string, string>;
  /**
   * The parents that have an OU child on some path: listing their OU children names every OU on
   * every path. OUs without an OU below them on a path (leaves, and OUs without accounts) are
   * never listed.
   */
  readonly toList: readonly string[];
}

/**
 * The accounts placed by their `Paths`; undefined when an account has none (the tree must then be
 * walked). Throws when a path is malformed, foreign, too deep, loops, or disagrees with another.
 */
export function placeByPaths(root: OrgRoot, accounts: readonly ListedAccount[]): PlacedAccounts | undefined {
  if (accounts.some((a) => a.paths === undefined || a.paths.length === 0)) return undefined;
  const parents = new Map<string, string>();
  const unitParents = new Map<string, string>();
  const toList = new Set<string>();
  for (const account of accounts) {
    const [first, ...others] = account.paths!.map((p) => parseAccountPath(root, account.id, p));
    for (const other of others) {
      if (other.join('/') !== first!.join('/')) fail(`account ${account.id} has two different paths`);
    }
    const units = first!;
    let parent = root.rootId;
    for (const unit of units) {
      const known = unitParents.get(unit);
      if (known !== undefined && known !== parent) fail(`OU ${unit} has two different parents on the paths`);
      unitParents.set(unit, parent);
      toList.add(parent);
      parent = unit;
    }
    const before = parents.get(account.id);
    if (before !== undefined && before !== parent)
      fail(`account ${account.id} is listed twice, in two places`);
    parents.set(account.id, parent);
  }
  // A loop made of several paths (A under B on one, B under A on another) shows as a chain that
  // never reaches the root.
  for (const unit of unitParents.keys()) {
    let id = unit;
    for (let depth = 0; id !== root.rootId; depth++) {
      if (depth > MAX_OU_DEPTH) fail(`the paths make OU ${unit} its own ancestor`);
      id = unitParents.get(id)!;
    }
  }
  return { parents, unitParents, toList: [...toList] };
}

/** One OU as its parent's listing gives it. */
export interface ListedUnit {
  readonly id: string;
  readonly name: string;
}

/**
 * The OUs on the paths, named from their parents' listings. Throws when an OU on a path is not
 * among its parent's children, or one OU is listed under two parents.
 */
export function nameUnits(
  placed: PlacedAccounts,
  children: ReadonlyMap<string, readonly ListedUnit[]>,
): Record<string, OrgUnit> {
  const listedUnder = new Map<string, { parentId: string; name: string }>();
  for (const [parentId, units] of children) {
    for (const unit of units) {
      const seen = listedUnder.get(unit.id);
      if (seen && seen.parentId !== parentId) fail(`OU ${unit.id} is listed under two parents`);
      if (seen && seen.name !== unit.name) fail(`OU ${unit.id} is listed twice with two names`);
      listedUnder.set(unit.id, { parentId, name: unit.name });
    }
  }
  const units: [string, OrgUnit][] = [];
  for (const [id, parentId] of placed.unitParents) {
    const listed = listedUnder.get(id);
    if (!listed || listed.parentId !== parentId) {
      fail(`OU ${id} on an account's path is not among the children of ${parentId}`);
    }
    units.push([id, { name: listed!.name, parentId }]);
  }
  return Object.fromEntries(units);
}

/**
 * The tree read from the root down, level by level, where ListAccounts gave no paths: each OU and
 * account must turn up once, no deeper than Organizations allows.
 */
export class TreeWalk {
  readonly rootId: string;
  readonly units = new Map<string, OrgUnit>();
  readonly parents = new Map<string, string>();
  readonly #depth = new Map<string, number>();

  constructor(rootId: string) {
    this.rootId = rootId;
    this.#depth.set(rootId, 0);
  }

  /** Records what one parent holds; returns the OUs to visit next. */
  add(parentId: string, units: readonly ListedUnit[], accounts: readonly string[]): string[] {
    const depth = this.#depth.get(parentId);
    if (depth === undefined) fail(`${parentId} was visited before it was found`);
    for (const unit of units) {
      if (this.#depth.has(unit.id)) fail(`OU ${unit.id} turns up twice in the tree: it loops`);
      if (depth! + 1 > MAX_OU_DEPTH) fail(`the tree is more than ${MAX_OU_DEPTH} OUs deep`);
      this.#depth.set(unit.id, depth! + 1);
      this.units.set(unit.id, { name: unit.name, parentId });
    }
    for (const account of accounts) {
      if (this.parents.has(account)) fail(`account ${account} turns up twice in the tree`);
      this.parents.set(account, parentId);
    }
    return units.map((u) => u.id);
  }

  /** Checks the walk found exactly the accounts ListAccounts listed. */
  finish(listed: readonly ListedAccount[]): PlacedAccounts & { units: Record<string, OrgUnit> } {
    const ids = new Set(listed.map((a) => a.id));
    for (const id of ids) if (!this.parents.has(id)) fail(`account ${id} was not found in the tree`);
    for (const id of this.parents.keys())
      if (!ids.has(id)) fail(`account ${id} is in the tree but not listed`);
    return {
      parents: this.parents,
      unitParents: new Map([...this.units].map(([id, u]) => [id, u.parentId])),
      toList: [],
      units: Object.fromEntries(this.units),
    };
  }
}

/** A snapshot's fields, with the accounts as they were read: parents and tags apart. */
export interface SnapshotParts extends Omit<OrgSnapshot, 'version' | 'accounts'> {
  /** Each account's parent. */
  readonly parents: ReadonlyMap<string, string>;
  /** Tags of the accounts whose tags were read (or kept from an earlier read). */
  readonly tags: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** The snapshot, checked whole: it throws rather than return anything `parseOrgSnapshot` would refuse. */
export function assembleSnapshot(parts: SnapshotParts): OrgSnapshot {
  const accounts: [string, OrgAccount][] = [];
  for (const [id, parentId] of parts.parents) {
    const tags = parts.tags.get(id);
    accounts.push([id, tags === undefined ? { parentId } : { parentId, tags }]);
  }
  const { parents: _parents, tags: _tags, ...fields } = parts;
  const snapshot: OrgSnapshot = { version: 1, ...fields, accounts: Object.fromEntries(accounts) };
  const problem = snapshotProblem(snapshot, parts.startUrl);
  if (problem) fail(problem);
  return snapshot;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown): value is string => typeof value === 'string';

const isId = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * What is wrong with `data` as a snapshot for `startUrl`, or undefined when nothing is. The shape
 * and the consistency are checked (every chain of parents ends at the root, no deeper than five);
 * the ids only for being text, as a read checked their form before it was stored.
 */
function snapshotProblem(data: unknown, startUrl: string): string | undefined {
  if (!isRecord(data)) return 'not an object';
  if (data.version !== 1) return 'another version';
  if (data.startUrl !== startUrl) return 'another start URL';
  if (!isId(data.orgId) || !isId(data.rootId) || !isId(data.managementAccountId)) return 'the ids';
  if (!isText(data.readAt) || Number.isNaN(Date.parse(data.readAt))) return 'readAt';
  const reader = data.reader;
  if (!isRecord(reader) || !isId(reader.accountId) || !isId(reader.role)) return 'reader';
  if (reader.profile !== undefined && !isText(reader.profile)) return 'reader profile';
  if (!isRecord(data.units) || !isRecord(data.accounts)) return 'units or accounts';
  const units = data.units;
  for (const [id, unit] of Object.entries(units)) {
    if (id === data.rootId || !isRecord(unit) || !isText(unit.name) || !isId(unit.parentId))
      return `unit ${id}`;
  }
  const snapshot = data as unknown as OrgSnapshot;
  for (const id of Object.keys(units)) {
    const names = ouNamesOf(snapshot, id);
    if (names === undefined || names.length > MAX_OU_DEPTH) return `the chain of OU ${id}`;
  }
  for (const [id, account] of Object.entries(data.accounts)) {
    if (!ACCOUNT_ID.test(id) || !isRecord(account) || !isId(account.parentId)) return `account ${id}`;
    if (account.parentId !== data.rootId && !Object.hasOwn(units, account.parentId))
      return `the parent of account ${id}`;
    const tags = account.tags;
    if (tags !== undefined && (!isRecord(tags) || !Object.values(tags).every(isText)))
      return `the tags of account ${id}`;
  }
  return undefined;
}

/** `data` (as read from the org cache) when it is a whole, consistent snapshot for `startUrl`. */
export function parseOrgSnapshot(data: unknown, startUrl: string): OrgSnapshot | undefined {
  return snapshotProblem(data, startUrl) === undefined ? (data as OrgSnapshot) : undefined;
}
