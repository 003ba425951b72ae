import { ORG_OPERATIONS, orgOperationName } from './org-operations.js';

/**
 * The ways the emulator can misbehave, and for which operations: plain data, so that a program can
 * describe and check fault rules without loading the emulator itself.
 */

export const FAULT_MODES = [
  /** Accept the request, then never answer. */
  'stall',
  /** Send the headers and the start of a body, then one byte every `dripIntervalMs`, never ending. */
  'drip',
  /** Listings: a next_token that names the same page again, forever. */
  'repeat-token',
  /** Listings: next_tokens that go round in a circle, A → B → A. */
  'cycle-tokens',
  /** HTTP 200 with an empty body. */
  'empty-body',
  /** HTTP 200 with the body `[]`. */
  'json-array',
  /** HTTP 200 with the body `{}`. */
  'json-object',
  /** Fields of the wrong type: account ids as numbers, a role list that is an object, … */
  'wrong-types',
  /** Items without their key field: accounts without accountId, roles without roleName, … */
  'missing-fields',
  /** Values that would break a config file: a line break and a section header in an id or name. */
  'hostile-values',
  /** An error whose message holds terminal escape sequences, a bidi override and a forged line. */
  'hostile-error',
  /** CreateToken: SlowDownException on every poll, even after the device code expired. */
  'slow-down',
  /**
   * HTTP 429 with an empty body and no error type, as a proxy or a new front end may send: the
   * status alone says "throttled", with no error name an SDK knows.
   */
  'bare-throttle',
] as const;

export type FaultMode = (typeof FAULT_MODES)[number];

export interface FaultRule {
  mode: FaultMode;
  /**
   * The operations it applies to: ListAccounts, ListAccountRoles, GetRoleCredentials, Logout,
   * RegisterClient, StartDeviceAuthorization, CreateToken, GetCallerIdentity, the console sign-in's
   * GetSigninToken and Login, and AWS
   * Organizations' as `Organizations.<Operation>` (e.g. Organizations.ListAccounts). Default:
   * every portal operation.
   */
  operations?: string[];
  /** The share of matching requests it applies to. Default 1. */
  rate?: number;
}

export const FAULT_OPERATIONS: readonly string[] = [
  'ListAccounts',
  'ListAccountRoles',
  'GetRoleCredentials',
  'Logout',
  'RegisterClient',
  'StartDeviceAuthorization',
  'CreateToken',
  'GetCallerIdentity',
  'GetSigninToken',
  'Login',
  ...ORG_OPERATIONS.map(orgOperationName),
];
