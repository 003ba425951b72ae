/**
 * Where the sign-in of an sso-session stands, and what fixes it: one definition for the agent
 * context, `doctor`, `each`, the MCP server and the errors of every command.
 */

/**
 * - `signed-in`: the cached access token is valid.
 * - `refreshable`: it expired, but the cache holds a refresh token and a client registration that
 *   is still valid, so the next command renews it by itself. Nothing to do.
 * - `expired`: it expired and cannot be renewed.
 * - `missing`: no token is cached for the session.
 * - `invalid`: the cached token cannot be used (unreadable, issued for another start URL), or the
 *   `[sso-session]` section lacks its start URL or region.
 */
export type SignInState = 'signed-in' | 'refreshable' | 'expired' | 'missing' | 'invalid';

/** An `[sso-session]` of the config, and where its token is cached (by name, by start URL). */
export interface SessionRef {
  readonly name: string;
  readonly startUrl: string | null;
  readonly region: string | null;
  /** Cached with the profile map, so that the agent hook need not hash. */
  readonly tokenPaths?: readonly [string, string];
}

export interface SessionState {
  readonly name: string;
  readonly startUrl: string | null;
  readonly region: string | null;
  readonly state: SignInState;
  /** When the cached access token expires (or expired); null when there is none. */
  readonly expiresAt: Date | null;
  /** The cache holds a refresh token and a client registration that is still valid. */
  readonly renewable: boolean;
  /** Why the token cannot be used, for `invalid`. */
  readonly reason?: string;
}

/** The states in which every profile of the session fails until the user signs in again. */
export function needsSignIn(state: SignInState): boolean {
  return state === 'expired' || state === 'missing' || state === 'invalid';
}

/** The command that signs in to a session: this tool's own, which needs no AWS CLI v2. */
export function signInCommand(session: string): string {
  return `aws-org-profiles login --sso-session ${session}`;
}

/** How to sign in: this tool's command first, then AWS CLI v2's. */
export function signInFix(session: string): string {
  return `${signInCommand(session)}   (or, with AWS CLI v2: aws sso login --sso-session ${session})`;
}

/** The hint of every error that a sign-in fixes. */
export function signInHint(session: string): string {
  return `Sign in with: ${signInFix(session)}`;
}

/** The command that adds an `[sso-session]` and signs in to it: this tool's own, which needs no AWS CLI v2. */
export function setupCommand(session?: string): string {
  return `aws-org-profiles init${session === undefined ? '' : ` --sso-session ${session}`} --start-url URL --sso-region REGION`;
}

/** How to set up an `[sso-session]`: this tool's command first, then AWS CLI v2's. */
export function setupFix(session?: string): string {
  return `${setupCommand(session)}   (or, with AWS CLI v2: aws configure sso-session)`;
}

/** The hint of every error that setting up an `[sso-session]` fixes. */
export function setupHint(session?: string): string {
  return `Set up an sso-session with: ${setupFix(session)}`;
}
