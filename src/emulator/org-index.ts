/**
 * An organisation's structure checked and indexed for serving: children per parent, each OU's
 * path of ids, each account's place and tags. Built once per setOrganization; every answer is
 * then a lookup.
 */
import { DEFAULT_READER_ROLES } from './names.js';
import type { EmulatorAccount, OrgStructure } from './org-model.js';

export interface IndexedUnit {
  readonly id: string;
  readonly name: string;
  readonly parentId: string;
  /** `o-…/r-…/ou-…/…/<own id>/`, as Organizations sends it. */
  readonly path: string;
  readonly depth: number;
}

const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const UNIT_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const MAX_TAGS = 50;

export class OrgIndex {
  readonly orgId: string;
  readonly rootId: string;
  readonly managementAccountId: string;
  readonly units = new Map<string, IndexedUnit>();
  readonly childUnits = new Map<string, IndexedUnit[]>();
  readonly childAccounts = new Map<string, string[]>();
  readonly accountParent = new Map<string, string>();
  readonly tags = new Map<string, Readonly<Record<string, string>>>();
  /** The OUs at the greatest depth of the tree. */
  readonly deepest: ReadonlySet<string>;
  private readonly readers: ReadonlySet<string>;
  private readonly delegated: ReadonlySet<string>;

  /** Throws an Error naming the first thing wrong with the structure. */
  constructor(structure: OrgStructure, accounts: readonly EmulatorAccount[]) {
    const { orgId, rootId, managementAccountId, units } = structure;
    if (!ORG_ID.test(orgId)) throw new Error(`structure.orgId ${orgId} is not o- and 10-32 [a-z0-9]`);
    if (!ROOT_ID.test(rootId)) throw new Error(`structure.rootId ${rootId} is not r- and 4-32 [0-9a-z]`);
    if (!ACCOUNT_ID.test(managementAccountId))
      throw new Error(`structure.managementAccountId ${managementAccountId} is not 12 digits`);
    this.orgId = orgId;
    this.rootId = rootId;
    this.managementAccountId = managementAccountId;
    this.readers = new Set(structure.readerRoles ?? DEFAULT_READER_ROLES);
    this.delegated = new Set(structure.delegatedAdministrators ?? []);
    this.indexUnits(units);
    let max = 0;
    for (const unit of this.units.values()) max = Math.max(max, unit.depth);
    this.deepest = new Set([...this.units.values()].filter((u) => u.depth === max).map((u) => u.id));
    for (const a of accounts) {
      const parentId = a.parentId ?? rootId;
      if (parentId !== rootId && !this.units.has(parentId))
        throw new Error(`account ${a.accountId} sits in ${parentId}, which is neither the root nor an OU`);
      this.accountParent.set(a.accountId, parentId);
      push(this.childAccounts, parentId, a.accountId);
      this.tags.set(a.accountId, checkedTags(a));
    }
  }

  /** Whether credentials for this account and role may read beyond DescribeOrganization. */
  mayRead(accountId: string, roleName: string): boolean {
    return this.isAdminAccount(accountId) && this.readers.has(roleName);
  }

  /** The management account or a delegated administrator. */
  isAdminAccount(accountId: string): boolean {
    return accountId === this.managementAccountId || this.delegated.has(accountId);
  }

  /** The top-level OU an OU sits under (itself at the first level). */
  topOf(unitId: string): IndexedUnit | undefined {
    let unit = this.units.get(unitId);
    while (unit && unit.parentId !== this.rootId) unit = this.units.get(unit.parentId);
    return unit;
  }

  /** `o-…/r-…/[ou-…/…]<accountId>/`. */
  accountPath(accountId: string, parentId = this.accountParent.get(accountId) ?? this.rootId): string {
    return `${this.parentPath(parentId)}${accountId}/`;
  }

  parentPath(parentId: string): string {
    return this.units.get(parentId)?.path ?? `${this.orgId}/${this.rootId}/`;
  }

  private indexUnits(units: OrgStructure['units']): void {
    const byId = new Map<string, OrgStructure['units'][number]>();
    for (const [i, u] of units.entries()) {
      if (!UNIT_ID.test(u.id)) throw new Error(`units[${i}].id ${u.id} is not ou-<root>-<8-32 [a-z0-9]>`);
      if (byId.has(u.id)) throw new Error(`units[${i}].id repeats ${u.id}`);
      if (typeof u.name !== 'string' || u.name.length === 0)
        throw new Error(`units[${i}].name must be a non-empty string`);
      byId.set(u.id, u);
    }
    // Parents before children, whatever order the list gives; a loop or a missing parent never resolves.
    const resolve = (id: string, seen: Set<string>): IndexedUnit => {
      const known = this.units.get(id);
      if (known) return known;
      const u = byId.get(id)!;
      if (seen.has(id)) throw new Error(`units form a loop through ${id}`);
      seen.add(id);
      let parentPath: string;
      let depth: number;
      if (u.parentId === this.rootId) {
        parentPath = `${this.orgId}/${this.rootId}/`;
        depth = 1;
      } else if (byId.has(u.parentId)) {
        const parent = resolve(u.parentId, seen);
        parentPath = parent.path;
        depth = parent.depth + 1;
      } else {
        throw new Error(`unit ${id} has parent ${u.parentId}, which is neither the root nor an OU`);
      }
      const unit: IndexedUnit = {
        id,
        name: u.name,
        parentId: u.parentId,
        path: `${parentPath}${id}/`,
        depth,
      };
      this.units.set(id, unit);
      return unit;
    };
    for (const u of units) resolve(u.id, new Set());
    // Children in the order the structure lists them.
    for (const u of units) push(this.childUnits, u.parentId, this.units.get(u.id)!);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function checkedTags(a: EmulatorAccount): Readonly<Record<string, string>> {
  const tags = a.tags ?? {};
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw new Error(`account ${a.accountId} has more than ${MAX_TAGS} tags`);
  for (const [key, value] of entries) {
    if (key.length === 0 || typeof value !== 'string')
      throw new Error(`account ${a.accountId} has a tag that is not a non-empty key with a string value`);
  }
  return { ...tags };
}
