/** Pure parts of `each`: placeholders, the mutation guard, and how a failed run is classified. */
import type { ProfileRecord } from './profile-record.js';

/** At most this many runs at a time. */
export const MAX_CONCURRENCY = 256;
/** setTimeout takes at most 2^31-1 ms (about 24 days); longer is not a timeout anyone means. */
export const MAX_TIMEOUT_SECONDS = 86_400;
export const DEFAULT_TIMEOUT_SECONDS = 300;
/** The most profiles one `run_across_profiles` call may run in. */
export const MAX_PROFILES = 50;

export const PLACEHOLDERS = ['profile', 'accountId', 'accountName', 'role', 'region'] as const;

/** `{profile}`, `{accountId}`, `{accountName}`, `{role}` and `{region}` in an argument. */
export function fillPlaceholders(arg: string, p: ProfileRecord): string {
  return arg.replace(
    /\{(profile|accountId|accountName|role|region)\}/g,
    (_, field: (typeof PLACEHOLDERS)[number]) => {
      const value = field === 'profile' ? p.profile : p[field];
      return value ?? '';
    },
  );
}

/** Verbs of AWS CLI operations that change things (`delete-bucket`, `put-object`, `terminate-instances`, …). */
const MUTATING = new RegExp(
  '^(delete|put|create|update|terminate|remove|modify|attach|detach|stop|reboot|disable|enable|deregister|' +
    'register|revoke|authorize|set|reset|restore|import|replace|cancel|associate|disassociate|tag|untag|start|' +
    'run|invoke|send|publish|apply|destroy|rm|mv|cp|sync|mb|rb|deploy|execute|purge|allocate|release|copy|' +
    'upload|change|add|accept|reject)(-|$)',
  'i',
);

/** The arguments that look like operations that change something, if any. */
export function mutatingWords(args: readonly string[]): string[] {
  // The AWS CLI's operation is the word after the service: `aws <service> <operation>`; other tools
  // vary, so every non-option word after the program counts.
  return args.slice(1).filter((a) => !a.startsWith('-') && MUTATING.test(a));
}

export type FailureReason = 'exit' | 'timeout' | 'signal' | 'auth' | 'spawn';

const AUTH_PATTERNS = [
  /token has expired/i,
  /sso session .*has expired/i,
  /error loading sso token/i,
  /UnauthorizedException/,
  /the sso session associated with this profile has expired/i,
  /refresh failed/i,
];

/** An expired or missing SSO sign-in shows up in the AWS CLI's and the SDKs' messages like this. */
export function isAuthFailure(stderr: string): boolean {
  return AUTH_PATTERNS.some((re) => re.test(stderr));
}

/** stdout parsed as JSON when it is JSON (`aws ... --output json`), else the text. */
export function parseOutput(stdout: string): unknown {
  const trimmed = stdout.trim();
  if (trimmed === '' || !/^[[{"]/.test(trimmed)) return stdout;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return stdout;
  }
}
