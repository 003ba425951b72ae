import { ROLE_POOL } from './names.js';
import { emailFor, generateOrganization, type EmulatorAccount, type Organization } from './org.js';

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
 *
 * or ask for a generated one (same fields as generateOrganization):
 *
 *   {"generate":{"accounts":250,"rolesPerAccount":3,"seed":7,"oddNames":true}}
 *
 * Unknown keys are refused, so that a typo does not silently give an empty organisation.
 */

/** Validates a parsed org file; every error names `source` and the offending field. */
export function parseOrganization(json: unknown, source: string): Organization {
  const fail = (field: string, problem: string): never => {
    throw new Error(`${source}: ${field} ${problem}`);
  };
  const root = asObject(json) ?? fail('the document', 'must be a JSON object');
  checkKeys(root, ['accounts', 'generate'], '', fail);
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
  return { accounts };
}

type Fail = (field: string, problem: string) => never;

function parseAccount(entry: unknown, at: string, fail: Fail): EmulatorAccount {
  const o = asObject(entry) ?? fail(at, 'must be an object');
  checkKeys(o, ['accountId', 'accountName', 'emailAddress', 'roles'], `${at}.`, fail);
  const { accountId, accountName, emailAddress, roles } = o;
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
  return { accountId, accountName, emailAddress: email, roles: [...names] };
}

function parseGenerate(value: unknown, fail: Fail): Organization {
  const g = asObject(value) ?? fail('generate', 'must be an object');
  checkKeys(g, ['accounts', 'rolesPerAccount', 'seed', 'oddNames'], 'generate.', fail);
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
  });
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function checkKeys(o: Record<string, unknown>, allowed: string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key))
      fail(`${prefix}${key}`, `is not a known field (expected ${allowed.join(', ')})`);
  }
}
