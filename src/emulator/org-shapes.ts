/** The wire shapes of AWS Organizations' answers, with their ARNs, and the data faults that bend them. */
import type { OrgFaults } from './org-faults.js';
import type { IndexedUnit, OrgIndex } from './org-index.js';
import type { AccountInfo } from './state.js';

type Json = Record<string, unknown>;

const POLICY_TYPES = [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }];

const arn = (index: OrgIndex, rest: string) => `arn:aws:organizations::${index.managementAccountId}:${rest}`;

export function organizationShape(index: OrgIndex, managementEmail: string): Json {
  const { orgId, managementAccountId } = index;
  return {
    Id: orgId,
    Arn: arn(index, `organization/${orgId}`),
    FeatureSet: 'ALL',
    MasterAccountArn: arn(index, `account/${orgId}/${managementAccountId}`),
    MasterAccountId: managementAccountId,
    MasterAccountEmail: managementEmail,
    AvailablePolicyTypes: POLICY_TYPES,
  };
}

export function rootShape(index: OrgIndex): Json {
  return {
    Id: index.rootId,
    Arn: arn(index, `root/${index.orgId}/${index.rootId}`),
    Name: 'Root',
    PolicyTypes: POLICY_TYPES,
  };
}

export function unitShape(index: OrgIndex, unit: IndexedUnit): Json {
  return { Id: unit.id, Arn: arn(index, `ou/${index.orgId}/${unit.id}`), Name: unit.name, Path: unit.path };
}

/** A fixed join date per account, in epoch seconds as JSON 1.1 sends timestamps. */
function joinedAt(accountId: string): number {
  return 1_500_000_000 + ((Number(accountId.slice(-7)) * 7919) % 200_000_000);
}

/** An OU id no listing returns, in the root's pattern. */
function unknownUnit(index: OrgIndex): string {
  let id = `ou-${index.rootId.slice(2)}-unknown0`;
  while (index.units.has(id)) id += '0';
  return id;
}

/** For `unknownPathUnit`: every other account that sits in an OU, in the organisation's order. */
const misplaced = new WeakMap<OrgIndex, ReadonlySet<string>>();

function misplacedAccounts(index: OrgIndex): ReadonlySet<string> {
  let set = misplaced.get(index);
  if (!set) {
    const inUnits = [...index.accountParent]
      .filter(([, parent]) => parent !== index.rootId)
      .map(([id]) => id);
    set = new Set(inUnits.filter((_, i) => i % 2 === 0));
    misplaced.set(index, set);
  }
  return set;
}

function pathOf(index: OrgIndex, accountId: string, faults: Readonly<OrgFaults>): string {
  const parentId = index.accountParent.get(accountId) ?? index.rootId;
  if (faults.unknownPathUnit && misplacedAccounts(index).has(accountId)) {
    const grandparent = index.units.get(parentId)?.parentId ?? index.rootId;
    return `${index.parentPath(grandparent)}${unknownUnit(index)}/${accountId}/`;
  }
  return index.accountPath(accountId, parentId);
}

export function accountShape(index: OrgIndex, info: AccountInfo, faults: Readonly<OrgFaults>): Json {
  const { accountId } = info;
  return {
    Id: accountId,
    Arn: arn(index, `account/${index.orgId}/${accountId}`),
    Email: info.emailAddress,
    Name: info.accountName,
    Status: 'ACTIVE',
    State: 'ACTIVE',
    ...(faults.omitPaths ? {} : { Paths: [pathOf(index, accountId, faults)] }),
    JoinedMethod: accountId === index.managementAccountId ? 'CREATED' : 'INVITED',
    JoinedTimestamp: joinedAt(accountId),
  };
}

/** The OUs under a parent; with `loopUnits`, a deepest OU's listing also holds its top-level OU. */
export function childUnits(index: OrgIndex, parentId: string, faults: Readonly<OrgFaults>): IndexedUnit[] {
  const children = index.childUnits.get(parentId) ?? [];
  const top = faults.loopUnits && index.deepest.has(parentId) ? index.topOf(parentId) : undefined;
  return top ? [...children, top] : children;
}
