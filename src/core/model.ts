/** Plain data shared by the core and the adapters. */

/** Environment variables, as `process.env` holds them; passed in, never read from the process. */
export interface Env {
  readonly [name: string]: string | undefined;
}

export interface Account {
  readonly accountId: string;
  readonly accountName: string;
  readonly emailAddress?: string;
}

/** One account and role that the signed-in user can take. */
export interface Assignment {
  readonly accountId: string;
  readonly accountName: string;
  readonly role: string;
}

export interface SsoSession {
  readonly name: string;
  readonly startUrl: string;
  readonly region: string;
  readonly registrationScopes?: string;
}

/** What discovery found: every account, and the roles of the accounts it looked into. */
export interface Discovery {
  readonly accounts: readonly Account[];
  /** Roles by account id, for the accounts in scope. An account missing here was not looked into. */
  readonly roles: ReadonlyMap<string, readonly string[]>;
}

/** The keys this tool writes into a generated profile, in the order it writes them. */
export const ProfileKeys = {
  session: 'sso_session',
  accountId: 'sso_account_id',
  role: 'sso_role_name',
  region: 'region',
  accountName: 'sso_account_name',
  /** The account's OU path (core/org.ts), when the organisation's structure is known. */
  accountOu: 'sso_account_ou',
  generatedBy: 'generated_by',
  credentialProcess: 'credential_process',
} as const;

/** The marker value of `generated_by`. aws-sso-util uses `sso_auto_populated`, granted `common_fate_generated_from`. */
export const GENERATOR = 'aws-org-profiles';

/** One `key = value` line of a profile. */
export type Entry = readonly [key: string, value: string];
