/**
 * The environment `exec` gives its command: the caller's, with the profile's role credentials in
 * the standard variables and every other way to credentials taken out, so that nothing the parent
 * had can win over them or mix in another identity.
 */
import type { Env } from './model.js';

/** The marker a nested `exec` (and a shell prompt) reads: the profile the credentials are of. */
export const EXEC_MARKER = 'AWS_ORG_PROFILES_EXEC';

/**
 * Removed: credentials and what leads to other ones. AWS_PROFILE and AWS_DEFAULT_PROFILE go too:
 * with a profile set beside the keys, some tools prefer the profile (and fail on an sso_session
 * profile they cannot read, or use another identity than the keys').
 */
const REMOVED = new Set([
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
]);

/** Container and pod credentials (`AWS_CONTAINER_CREDENTIALS_*`, `AWS_CONTAINER_AUTHORIZATION_TOKEN*`), bearer tokens. */
const REMOVED_PREFIXES = ['AWS_CONTAINER_', 'AWS_BEARER_TOKEN_'];

export interface ExecCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** ISO 8601. */
  readonly expiration: string;
}

/**
 * `env` with the credentials of `profile`. The region is the profile's, else the one the
 * environment already names (AWS_REGION first, as the SDKs read it); both variables get it.
 */
export function execEnv(
  env: Env,
  profile: string,
  credentials: ExecCredentials,
  profileRegion: string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || REMOVED.has(name) || REMOVED_PREFIXES.some((p) => name.startsWith(p)))
      continue;
    out[name] = value;
  }
  out.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  out.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  out.AWS_SESSION_TOKEN = credentials.sessionToken;
  out.AWS_CREDENTIAL_EXPIRATION = credentials.expiration;
  const region = profileRegion || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (region) {
    out.AWS_REGION = region;
    out.AWS_DEFAULT_REGION = region;
  }
  out[EXEC_MARKER] = profile;
  return out;
}
