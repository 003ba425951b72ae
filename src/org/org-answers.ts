/**
 * The shape of every AWS Organizations answer the read relies on. As with the portal, the SDK
 * passes through whatever JSON arrives: a missing list, an item without its id or an id that
 * Organizations never gives is a `MalformedResponseError` naming the operation, never an empty
 * answer. Names and tags may hold any character: they are data, checked only to be text.
 */
import { ORG_ID, OU_ID, ROOT_ID, type ListedAccount, type ListedUnit } from '../core/org-structure.js';
import { quoteValue } from '../core/untrusted-text.js';
import { ACCOUNT_ID, kindOf, list, malformed, record, type Page } from '../sso/validate.js';

function id(operation: string, value: unknown, what: string, pattern: RegExp): string {
  if (typeof value !== 'string') {
    throw malformed(operation, `${what} is ${value === undefined ? 'missing' : kindOf(value)}`);
  }
  if (!pattern.test(value)) throw malformed(operation, `${what} ${quoteValue(value, 40)} is not a valid id`);
  return value;
}

function nextToken(operation: string, out: Record<string, unknown>): { nextToken?: string } {
  const token = out.NextToken;
  if (token === undefined || token === null || token === '') return {};
  if (typeof token !== 'string') throw malformed(operation, `NextToken is ${kindOf(token)}, not a string`);
  return { nextToken: token };
}

export function organizationAnswer(out: unknown): { orgId: string; managementAccountId: string } {
  const op = 'Organizations DescribeOrganization';
  const org = record(op, record(op, out, 'the answer').Organization, 'Organization');
  return {
    orgId: id(op, org.Id, 'Organization.Id', ORG_ID),
    managementAccountId: id(op, org.MasterAccountId, 'Organization.MasterAccountId', ACCOUNT_ID),
  };
}

/** The one root of the organisation (Organizations has exactly one). */
export function rootsAnswer(out: unknown): { rootId: string; arn?: string } {
  const op = 'Organizations ListRoots';
  const o = record(op, out, 'the answer');
  const roots = list(op, o, 'Roots');
  if (roots.length !== 1 || nextToken(op, o).nextToken !== undefined) {
    throw malformed(op, `it lists ${roots.length} roots; an organization has one`);
  }
  const root = record(op, roots[0], 'Roots[0]');
  const rootId = id(op, root.Id, 'Roots[0].Id', ROOT_ID);
  return typeof root.Arn === 'string' ? { rootId, arn: root.Arn } : { rootId };
}

export function accountsAnswer(listing: string, out: unknown): Page<ListedAccount> {
  const operation = `Organizations ${listing}`;
  const o = record(operation, out, 'the answer');
  const items = list(operation, o, 'Accounts').map((raw, i): ListedAccount => {
    const item = record(operation, raw, `Accounts[${i}]`);
    const accountId = id(operation, item.Id, `Accounts[${i}].Id`, ACCOUNT_ID);
    const paths = item.Paths;
    if (paths === undefined || paths === null) return { id: accountId };
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
      throw malformed(operation, `Accounts[${i}].Paths is not a list of text`);
    }
    return { id: accountId, paths };
  });
  return { items, ...nextToken(operation, o) };
}

export function unitsAnswer(out: unknown): Page<ListedUnit> {
  const op = 'Organizations ListOrganizationalUnitsForParent';
  const o = record(op, out, 'the answer');
  const items = list(op, o, 'OrganizationalUnits').map((raw, i): ListedUnit => {
    const item = record(op, raw, `OrganizationalUnits[${i}]`);
    const unitId = id(op, item.Id, `OrganizationalUnits[${i}].Id`, OU_ID);
    if (typeof item.Name !== 'string') {
      throw malformed(
        op,
        `OrganizationalUnits[${i}].Name is ${item.Name === undefined ? 'missing' : kindOf(item.Name)}`,
      );
    }
    return { id: unitId, name: item.Name };
  });
  return { items, ...nextToken(op, o) };
}

export function tagsAnswer(out: unknown): Page<readonly [string, string]> {
  const op = 'Organizations ListTagsForResource';
  const o = record(op, out, 'the answer');
  const items = list(op, o, 'Tags').map((raw, i): readonly [string, string] => {
    const item = record(op, raw, `Tags[${i}]`);
    if (typeof item.Key !== 'string' || item.Key === '') throw malformed(op, `Tags[${i}].Key is not text`);
    if (typeof item.Value !== 'string') throw malformed(op, `Tags[${i}].Value is not text`);
    return [item.Key, item.Value];
  });
  return { items, ...nextToken(op, o) };
}
