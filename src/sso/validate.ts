/**
 * The shape and values of every answer the code relies on. The SDK's deserializer passes through
 * whatever JSON arrives: an empty body, `[]` and `{}` all come out as an output with no list, and a
 * list of the wrong type comes out as is. Read naively, a broken server looks like one that
 * assigns nothing, and `sync --prune` would then delete every profile. So a missing list, an item
 * without its key fields, or a value that cannot be what the service sends is an error that names
 * the operation and what was wrong (never a token or a secret).
 */
import type { Account } from '../core/model.js';
import { hasControls, quoteValue } from '../core/untrusted-text.js';
import { MalformedResponseError } from './failures.js';

/** An AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;
/** A permission-set (and so role) name, as IAM Identity Center allows it. */
export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** Tokens, key ids and secrets travel in headers and JSON: printable ASCII, no spaces. */
const OPAQUE = /^[\x21-\x7e]+$/;

/** What a value is, for a message: `null`, `an array`, `an object`, `a string`… */
export const kindOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object' || typeof value === 'undefined'
        ? `an ${typeof value}`
        : `a ${typeof value}`;

export function malformed(operation: string, detail: string): MalformedResponseError {
  return new MalformedResponseError(`${operation} returned a malformed answer: ${detail}`);
}

/** The output as a record; the SDK hands over whatever the body held. */
export function record(operation: string, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(operation, `${what} is ${value === undefined ? 'missing' : kindOf(value)}`);
  }
  return value as Record<string, unknown>;
}

export function list(operation: string, out: Record<string, unknown>, key: string): unknown[] {
  const value = out[key];
  // The service always sends the list, `[]` when there is nothing: a missing one is a broken answer.
  if (value === undefined || value === null) throw malformed(operation, `${key} is missing`);
  if (!Array.isArray(value)) throw malformed(operation, `${key} is ${kindOf(value)}, not a list`);
  return value;
}

/** next_token: absent, null or empty at the end of a listing; a string otherwise. */
function nextToken(operation: string, out: Record<string, unknown>): { nextToken?: string } {
  const token = out.nextToken;
  if (token === undefined || token === null || token === '') return {};
  if (typeof token !== 'string') throw malformed(operation, `nextToken is ${kindOf(token)}, not a string`);
  return { nextToken: token };
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export function accountsPage(out: unknown): Page<Account> {
  const op = 'ListAccounts';
  const o = record(op, out, 'the answer');
  const items = list(op, o, 'accountList').map((raw, i): Account => {
    const item = record(op, raw, `accountList[${i}]`);
    const { accountId, accountName, emailAddress } = item;
    if (typeof accountId !== 'string') {
      throw malformed(
        op,
        `accountList[${i}].accountId is ${accountId === undefined ? 'missing' : kindOf(accountId)}`,
      );
    }
    if (!ACCOUNT_ID.test(accountId)) {
      throw new MalformedResponseError(`the portal returned an invalid account id ${quoteValue(accountId)}`);
    }
    // Any characters are allowed in a name (they are encoded where they are written), but it must be text.
    if (typeof accountName !== 'string') {
      throw malformed(
        op,
        `account ${accountId} has ${accountName === undefined ? 'no accountName' : `an accountName that is ${kindOf(accountName)}`}`,
      );
    }
    if (emailAddress !== undefined && emailAddress !== null && typeof emailAddress !== 'string') {
      throw malformed(op, `account ${accountId} has an emailAddress that is ${kindOf(emailAddress)}`);
    }
    return {
      accountId,
      accountName,
      ...(typeof emailAddress === 'string' && emailAddress ? { emailAddress } : {}),
    };
  });
  return { items, ...nextToken(op, o) };
}

export function rolesPage(accountId: string, out: unknown): Page<string> {
  const op = `ListAccountRoles for account ${accountId}`;
  const o = record(op, out, 'the answer');
  const items = list(op, o, 'roleList').map((raw, i) => {
    const item = record(op, raw, `roleList[${i}]`);
    const { roleName } = item;
    if (typeof roleName !== 'string') {
      throw malformed(
        op,
        `roleList[${i}].roleName is ${roleName === undefined ? 'missing' : kindOf(roleName)}`,
      );
    }
    if (!ROLE_NAME.test(roleName)) {
      throw new MalformedResponseError(
        `the portal returned an invalid role name ${quoteValue(roleName)} for account ${accountId}`,
      );
    }
    // A role of another account in this account's list would become a profile for the wrong account.
    if (item.accountId !== undefined && item.accountId !== null && item.accountId !== accountId) {
      throw malformed(
        op,
        `role ${roleName} is listed for account ${typeof item.accountId === 'string' ? quoteValue(item.accountId) : kindOf(item.accountId)}`,
      );
    }
    return roleName;
  });
  return { items, ...nextToken(op, o) };
}

export interface ValidCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Epoch milliseconds. */
  readonly expiration: number;
}

/** The credentials of GetRoleCredentials; the message names a missing field, never a value. */
export function roleCredentials(out: unknown): ValidCredentials {
  const op = 'GetRoleCredentials';
  const c = record(op, record(op, out, 'the answer').roleCredentials, 'roleCredentials');
  for (const key of ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const) {
    const value = c[key];
    if (typeof value !== 'string' || !OPAQUE.test(value)) {
      throw malformed(
        op,
        `roleCredentials.${key} is ${value === undefined ? 'missing' : typeof value === 'string' ? 'not a valid value' : kindOf(value)}`,
      );
    }
  }
  const expiration = c.expiration;
  if (
    typeof expiration !== 'number' ||
    !Number.isFinite(expiration) ||
    expiration <= 0 ||
    expiration > 8.64e15
  ) {
    throw malformed(
      op,
      `roleCredentials.expiration is ${expiration === undefined ? 'missing' : 'not a time in epoch milliseconds'}`,
    );
  }
  return {
    accessKeyId: c.accessKeyId as string,
    secretAccessKey: c.secretAccessKey as string,
    sessionToken: c.sessionToken as string,
    expiration,
  };
}

/** A required opaque string of an SSO-OIDC answer (a client id, a secret, a token, a code). */
export function opaque(operation: string, out: Record<string, unknown>, key: string): string {
  const value = out[key];
  if (typeof value !== 'string' || !OPAQUE.test(value)) {
    throw malformed(
      operation,
      `${key} is ${value === undefined || value === null ? 'missing' : typeof value === 'string' ? 'not a valid value' : kindOf(value)}`,
    );
  }
  return value;
}

/** A required whole number of seconds within [min, max]. */
export function seconds(
  operation: string,
  out: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number {
  const value = out[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw malformed(
      operation,
      `${key} is ${value === undefined || value === null ? 'missing' : `${typeof value === 'number' ? String(value) : kindOf(value)}, not a number of seconds from ${min} to ${max}`}`,
    );
  }
  return value;
}

/** A required string shown to the user (a URL, a user code): present, and free of control characters. */
export function text(operation: string, out: Record<string, unknown>, key: string): string {
  const value = out[key];
  if (typeof value !== 'string' || value === '') {
    throw malformed(
      operation,
      `${key} is ${value === undefined || value === null || value === '' ? 'missing' : kindOf(value)}`,
    );
  }
  if (hasControls(value)) {
    throw malformed(operation, `${key} ${quoteValue(value)} holds control characters`);
  }
  return value;
}

export function asRecord(operation: string, out: unknown): Record<string, unknown> {
  return record(operation, out, 'the answer');
}

/** A required web page address shown to the user: text as above, and an http(s) URL, never `javascript:` or a file. */
export function pageUrl(operation: string, out: Record<string, unknown>, key: string): string {
  const value = text(operation, out, key);
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw malformed(operation, `${key} ${quoteValue(value)} is not an http(s) URL`);
  }
  return value;
}
