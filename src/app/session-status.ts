/** Session status: whether each sso-session is signed in, until when, and what fixes it. */
import { needsSignIn, signInCommand, type SessionRef, type SessionState } from '../core/sign-in.js';
import { sessionStates } from '../sso/sign-in-state.js';
import type { Runtime } from './runtime.js';

export interface SessionStatus extends SessionState {
  /** Whole minutes until the access token expires; null when there is none or it expired. */
  readonly minutesLeft: number | null;
  /** The command that signs in again, when every profile of the session would fail without it. */
  readonly fix?: string;
}

export function sessionStatus(
  rt: Pick<Runtime, 'env' | 'now'>,
  sessions: readonly SessionRef[],
): SessionStatus[] {
  const now = rt.now();
  return sessionStates(rt.env, sessions, now).map((s) => ({
    ...s,
    minutesLeft:
      s.expiresAt && s.expiresAt.getTime() > now.getTime()
        ? Math.floor((s.expiresAt.getTime() - now.getTime()) / 60_000)
        : null,
    ...(needsSignIn(s.state) ? { fix: signInCommand(s.name) } : {}),
  }));
}
