import { createHash, randomBytes } from 'node:crypto';
import type { Organization } from './org-model.js';
import { OrgIndex } from './org-index.js';
import { randomToken } from './random.js';

export interface AccountInfo {
  accountId: string;
  accountName: string;
  emailAddress: string;
}

/** An account as the handlers need it: the wire shape ready to serialise, and O(1) role checks. */
export interface IndexedAccount {
  info: AccountInfo;
  roles: readonly string[];
  roleSet: ReadonlySet<string>;
}

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch milliseconds, as GetRoleCredentials sends it. */
  expiration: number;
  accountId: string;
  roleName: string;
}

/** The IAM Identity Center user every emulated session belongs to. */
export const EMULATOR_USER = 'emulator.user@example.com';

/** The start URL and region an sso-session uses to sign in to the emulator. */
export const EMULATOR_PORTAL = {
  startUrl: 'https://emulator.awsapps.com/start',
  region: 'eu-central-1',
} as const;

const CREDENTIAL_LIFETIME_MS = 60 * 60 * 1000;

/**
 * The emulated service's data: the organisation (copied, so callers may keep mutating theirs),
 * the bearer tokens it accepts and the role credentials it has handed out.
 */
export class EmulatorState {
  private accountList: IndexedAccount[] = [];
  private byId = new Map<string, IndexedAccount>();
  private structure: OrgIndex | undefined;
  /** token → expiry in epoch ms (Infinity: never). */
  private readonly tokens = new Map<string, number>();
  /** Insertion order is expiry order, because every credential lives exactly one hour. */
  private readonly credentials = new Map<string, IssuedCredentials>();

  constructor(org: Organization) {
    this.setOrganization(org);
  }

  setOrganization(org: Organization): void {
    const list: IndexedAccount[] = [];
    const byId = new Map<string, IndexedAccount>();
    for (const a of org.accounts) {
      if (byId.has(a.accountId)) throw new Error(`organisation lists account ${a.accountId} twice`);
      const entry: IndexedAccount = {
        info: { accountId: a.accountId, accountName: a.accountName, emailAddress: a.emailAddress },
        roles: [...a.roles],
        roleSet: new Set(a.roles),
      };
      list.push(entry);
      byId.set(a.accountId, entry);
    }
    // Checked before anything changes, so a bad structure leaves the emulator as it was.
    const structure = org.structure && new OrgIndex(org.structure, org.accounts);
    this.accountList = list;
    this.byId = byId;
    this.structure = structure;
  }

  /** The AWS Organizations structure; undefined when the organisation does not use Organizations. */
  orgIndex(): OrgIndex | undefined {
    return this.structure;
  }

  accounts(): readonly IndexedAccount[] {
    return this.accountList;
  }

  account(accountId: string): IndexedAccount | undefined {
    return this.byId.get(accountId);
  }

  issueToken(options: { token?: string; expiresAt?: Date } = {}): string {
    const token = options.token ?? `aoa${randomBytes(48).toString('base64url')}`;
    if (token.length === 0) throw new Error('a token must not be empty');
    this.tokens.set(token, options.expiresAt?.getTime() ?? Infinity);
    return token;
  }

  revokeToken(token: string): void {
    this.tokens.delete(token);
  }

  tokenValid(token: string, now: number): boolean {
    const expiresAt = this.tokens.get(token);
    return expiresAt !== undefined && now < expiresAt;
  }

  issueCredentials(accountId: string, roleName: string, now: number): IssuedCredentials {
    this.dropExpiredCredentials(now);
    const issued: IssuedCredentials = {
      accessKeyId: `ASIA${randomToken(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(192).toString('base64'),
      expiration: now + CREDENTIAL_LIFETIME_MS,
      accountId,
      roleName,
    };
    this.credentials.set(issued.accessKeyId, issued);
    return issued;
  }

  credentialsFor(accessKeyId: string): IssuedCredentials | undefined {
    return this.credentials.get(accessKeyId);
  }

  /** Keeps a long benchmark from growing the map without bound; amortised O(1). */
  private dropExpiredCredentials(now: number): void {
    for (const [key, issued] of this.credentials) {
      if (issued.expiration > now) return;
      this.credentials.delete(key);
    }
  }
}

/** AWS gives each permission set one reserved role name suffix, the same in every account. */
export function reservedRoleName(roleName: string): string {
  const suffix = createHash('sha256').update(roleName).digest('hex').slice(0, 16);
  return `AWSReservedSSO_${roleName}_${suffix}`;
}

/** A stable role id (AROA…), like the one IAM assigns, derived from account and role. */
export function roleId(accountId: string, roleName: string): string {
  return `AROA${createHash('sha256').update(`${accountId}/${roleName}`).digest('hex').slice(0, 17).toUpperCase()}`;
}
