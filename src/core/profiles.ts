/**
 * A profile as the other commands see it: generated or hand-made, with the fields an agent needs
 * to pick it. Every field is read as botocore reads it.
 */
import { GENERATOR, ProfileKeys } from './model.js';
import { decodeValue } from './values.js';

export type RawValues = Readonly<Record<string, string | Readonly<Record<string, string>>>>;

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
}

function str(values: RawValues, key: string): string | null {
  const value = values[key];
  return typeof value === 'string' && value !== '' ? value : null;
}

export function isGenerated(values: RawValues): boolean {
  return str(values, ProfileKeys.generatedBy) === GENERATOR;
}

function sourceOf(values: RawValues): string {
  if (str(values, 'sso_session')) return 'sso-session';
  if (str(values, 'sso_start_url')) return 'sso';
  if (str(values, 'role_arn')) return 'role_arn';
  if (str(values, 'credential_process')) return 'credential_process';
  if (str(values, 'aws_access_key_id')) return 'static';
  return 'none';
}

export function profileRecord(profile: string, values: RawValues): ProfileRecord {
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
