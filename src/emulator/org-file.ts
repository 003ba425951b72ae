import { ROLE_POOL } from './names.js';
import {
  emailFor,
  generateOrganization,
  MAX_UNITS,
  type EmulatorAccount,
  type Organization,
} from './org-model.js';
import { asObject, checkKeys, type Fail } from './file-checks.js';
import { parseStructure } from './org-structure-file.js';

/*
 * Organisation file format (JSON). Either list the accounts:
 *
 *   {"accounts":[{"accountId":"111122223333","accountName":"Workload",
 *                 "emailAddress":"a@example.com","roles":["DBAReadOnly"]}]}
 *
 *   - accountId: 12 digits, unique in the file.
 *   - accountName: any non-empty string (odd names are the point of some tests).
 *   - emailAddress: optional; derived from the name when absent.
 *   - roles: permission-set names assigned to the user in that account, no duplicates.
 *   - parentId: optional; the OU the account sits in (AWS Organizations), else the root.
 *   - tags: optional; the account's tags, {"key": "value"}, at most 50.
 *
 * With AWS Organizations in use, add its structure next to the accounts:
 *
 *   "structure":{"orgId":"o-abcdefghij","rootId":"r-abcd","managementAccountId":"111122223333",
 *                "units":[{"id":"ou-abcd-11111111","name":"Workloads","parentId":"r-abcd"}],
 *                "readerRoles":["AdministratorAccess"],"delegatedAdministrators":["222233334444"]}
 *
 *   - readerRoles and delegatedAdministrators are optional (see OrgStructure).
 *
 * or ask for a generated one (same fields as generateOrganization):
 *
 *   {"generate":{"accounts":250,"rolesPerAccount":3,"seed":7,"oddNames":true,"units":40}}
 *
 * Unknown keys are refused, so that a typo does not silently give an empty organisation.
 */

/** Validates a parsed org file; every error names `source` and the offending field. */
export function parseOrganization(json: unknown, source: string): Organization {
  const fail = (field: string, problem: string): never => {
    throw new Error(`${source}: ${field} ${problem}`);
  };
  const root = asObject(json) ?? fail('the document', 'must be a JSON object');
  checkKeys(root, ['accounts', 'generate', 'structure'], '', fail);
  if ('generate' in root && 'structure' in root)
    fail('structure', 'comes from "generate" there (its "units"); give one or the other');
  if ('accounts' in root && 'generate' in root)
    fail('the document', 'must have "accounts" or "generate", not both');
  if ('generate' in root) return parseGenerate(root.generate, fail);
  if (!('accounts' in root)) fail('the document', 'must have an "accounts" array or a "generate" object');
  if (!Array.isArray(root.accounts)) return fail('accounts', 'must be an array');
  const seen = new Set<string>();
  const accounts = root.accounts.map((entry: unknown, i) => {
    const account = parseAccount(entry, `accounts[${i}]`, fail);
    if (seen.has(account.accountId)) fail(`accounts[${i}].accountId`, `repeats ${account.accountId}`);
    seen.add(account.accountId);
    return account;
  });
  if (!('structure' in root)) return { accounts };
  const structure = parseStructure(root.structure, accounts, fail);
  return { accounts, structure };
}

function parseAccount(entry: unknown, at: string, fail: Fail): EmulatorAccount {
  const o = asObject(entry) ?? fail(at, 'must be an object');
  checkKeys(o, ['accountId', 'accountName', 'emailAddress', 'roles', 'parentId', 'tags'], `${at}.`, fail);
  const { accountId, accountName, emailAddress, roles, parentId, tags } = o;
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) {
    return fail(`${at}.accountId`, 'must be a string of 12 digits');
  }
  if (typeof accountName !== 'string' || accountName.length === 0) {
    return fail(`${at}.accountName`, 'must be a non-empty string');
  }
  const email = emailAddress ?? emailFor(accountName, accountId);
  if (typeof email !== 'string' || email.length === 0) {
    return fail(`${at}.emailAddress`, 'must be a non-empty string when present');
  }
  if (!Array.isArray(roles)) return fail(`${at}.roles`, 'must be an array of role names');
  const names = new Set<string>();
  for (const [j, role] of (roles as unknown[]).entries()) {
    if (typeof role !== 'string' || role.length === 0)
      return fail(`${at}.roles[${j}]`, 'must be a non-empty string');
    if (names.has(role)) return fail(`${at}.roles[${j}]`, `repeats ${role}`);
    names.add(role);
  }
  if (parentId !== undefined && (typeof parentId !== 'string' || parentId.length === 0))
    return fail(`${at}.parentId`, 'must be a non-empty string when present');
  const tagMap = tags === undefined ? undefined : parseTags(tags, `${at}.tags`, fail);
  return {
    accountId,
    accountName,
    emailAddress: email,
    roles: [...names],
    ...(parentId === undefined ? {} : { parentId }),
    ...(tagMap ? { tags: tagMap } : {}),
  };
}

function parseTags(value: unknown, at: string, fail: Fail): Record<string, string> {
  const o = asObject(value) ?? fail(at, 'must be an object of tag keys to string values');
  const entries = Object.entries(o);
  if (entries.length > 50) fail(at, 'must hold at most 50 tags');
  for (const [key, v] of entries) {
    if (key.length === 0) fail(at, 'must not have an empty key');
    if (typeof v !== 'string') fail(`${at}.${key}`, 'must be a string');
  }
  return { ...(o as Record<string, string>) };
}

function parseGenerate(value: unknown, fail: Fail): Organization {
  const g = asObject(value) ?? fail('generate', 'must be an object');
  checkKeys(g, ['accounts', 'rolesPerAccount', 'seed', 'oddNames', 'units'], 'generate.', fail);
  const int = (key: string, min: number, max: number): number | undefined => {
    const v = g[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      return fail(`generate.${key}`, `must be an integer from ${min} to ${max}`);
    }
    return v;
  };
  const accounts = int('accounts', 0, 1_000_000) ?? fail('generate.accounts', 'is required');
  if (g.oddNames !== undefined && typeof g.oddNames !== 'boolean')
    fail('generate.oddNames', 'must be a boolean');
  return generateOrganization({
    accounts,
    rolesPerAccount: int('rolesPerAccount', 0, ROLE_POOL.length),
    seed: int('seed', -(2 ** 31), 2 ** 32 - 1),
    oddNames: g.oddNames === true,
    units: int('units', 0, MAX_UNITS),
  });
}
