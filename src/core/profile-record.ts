/**
 * A profile as the other commands see it: generated or hand-made, with the fields an agent needs
 * to pick it. Every field is read as botocore reads it.
 */
import { GENERATOR, ProfileKeys } from './model.js';
import { decodeValue, nonEmpty } from './values.js';

export type RawValue = string | Readonly<Record<string, string>>;
export type RawValues = Readonly<Record<string, RawValue>>;

/** Where a profile's values come from: a plain map, or anything that answers one key at a time. */
export type ValueSource = RawValues | { get(key: string): RawValue | undefined };

export const lookup = (source: ValueSource, key: string): RawValue | undefined =>
  typeof (source as { get?: unknown }).get === 'function'
    ? (source as { get(key: string): RawValue | undefined }).get(key)
    : (source as RawValues)[key];

export interface ProfileRecord {
  readonly profile: string;
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly role: string | null;
  readonly region: string | null;
  readonly ssoSession: string | null;
  readonly generated: boolean;
  /** How the profile gets credentials: sso-session, sso (legacy), role_arn, credential_process, static, or none. */
  readonly source: string;
  readonly roleArn?: string;
  /** The account's OU path (see core/org.ts), when the org cache knows the account. */
  readonly ouPath?: string;
  /** The account's tags, present exactly when `ouPath` is. */
  readonly tags?: Readonly<Record<string, string>>;
}

function str(values: ValueSource, key: string): string | null {
  return nonEmpty(lookup(values, key)) ?? null;
}

export function isGenerated(values: ValueSource): boolean {
  return str(values, ProfileKeys.generatedBy) === GENERATOR;
}

function sourceOf(values: ValueSource): string {
  if (str(values, 'sso_session')) return 'sso-session';
  if (str(values, 'sso_start_url')) return 'sso';
  if (str(values, 'role_arn')) return 'role_arn';
  if (str(values, 'credential_process')) return 'credential_process';
  if (str(values, 'aws_access_key_id')) return 'static';
  return 'none';
}

export function profileRecord(profile: string, values: ValueSource): ProfileRecord {
  const accountName = str(values, ProfileKeys.accountName);
  const roleArn = str(values, 'role_arn');
  return {
    profile,
    accountId: str(values, ProfileKeys.accountId),
    accountName: accountName === null ? null : decodeValue(accountName),
    role: str(values, ProfileKeys.role),
    region: str(values, ProfileKeys.region),
    ssoSession: str(values, ProfileKeys.session),
    generated: isGenerated(values),
    source: sourceOf(values),
    ...(roleArn === null ? {} : { roleArn }),
  };
}

/** A profile as JSON, the same in `list --json` and the MCP tools. */
export function profileJson(p: ProfileRecord) {
  return {
    profile: p.profile,
    accountId: p.accountId,
    accountName: p.accountName,
    role: p.role,
    region: p.region,
    ssoSession: p.ssoSession,
    generated: p.generated,
    source: p.source,
    ...(p.roleArn ? { roleArn: p.roleArn } : {}),
    ...(p.ouPath === undefined ? {} : { ouPath: p.ouPath, tags: p.tags ?? {} }),
  };
}

/** Profiles in the order of their names, as every listing shows them. */
export function byProfileName(a: ProfileRecord, b: ProfileRecord): number {
  return a.profile < b.profile ? -1 : a.profile > b.profile ? 1 : 0;
}
