/**
 * A second line of defence behind the argument checks: what an AWS CLI run prints is searched for
 * secrets before an agent sees it. The cached SSO tokens (sso/token-cache.ts `cachedTokenSecrets`) of the sessions in use are replaced
 * wherever they appear, and so is the value of any field or header that names a credential, in the
 * forms the AWS CLI prints them: JSON (`"SecretAccessKey": "..."`), Python's repr in a debug log
 * (`'x-amz-sso_bearer_token': b'...'`), and `key = value` lines.
 */
export const REDACTED = '[redacted]';

const SECRET_KEYS = [
  'aws_secret_access_key',
  'secret_access_key',
  'secretAccessKey',
  'aws_session_token',
  'session_token',
  'sessionToken',
  'aws_security_token',
  'security_token',
  'securityToken',
  'x-amz-security-token',
  'x-amz-sso_bearer_token',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'client_secret',
  'clientSecret',
  'id_token',
  'idToken',
].join('|');

/** A key (maybe quoted), `:` or `=`, then a quoted value (maybe Python bytes, `b'...'`). */
const QUOTED = new RegExp(
  `(["']?)\\b(${SECRET_KEYS})\\1(\\s*[:=]\\s*)(b?)(["'])((?:\\\\.|(?!\\5)[^\\\\\\n])*)\\5`,
  'gi',
);
/** A key, `:` or `=`, then a bare value: `aws_secret_access_key = ...`, `X-Amz-Security-Token=...&`. */
const BARE = new RegExp(`\\b(${SECRET_KEYS})(\\s*[:=][ \\t]*)(?!["'\\s])[^\\s"',;&}\\]]+`, 'gi');

/** Shorter strings could be anything; every token and secret the AWS CLI caches is far longer. */
const MIN_LITERAL = 8;

export function redactSecrets(text: string, literals: readonly string[]): string {
  let out = text;
  for (const secret of literals) {
    if (secret.length >= MIN_LITERAL) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(
      QUOTED,
      (_m, q: string, key: string, sep: string, b: string, vq: string) =>
        `${q}${key}${q}${sep}${b}${vq}${REDACTED}${vq}`,
    )
    .replace(BARE, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);
}
