/** How `login` and `logout` show what they did: a sentence, or one JSON document. */
import type { LoginResult, LogoutResult } from '../../app/login.js';
import { humanTime } from '../../core/time-text.js';
import { printJson, tildify, type Io } from '../io.js';

const SIGN_OUTS = {
  'signed-out': 'signed out of the portal',
  'already-expired': 'the token had already expired',
  'no-token': 'no token was cached',
  failed: 'the portal did not confirm the sign-out',
} as const;

/** The line that says a sign-in succeeded, for `login` and `init`. */
export function signedInText(
  io: Io,
  result: Pick<LoginResult, 'session' | 'expiresAt' | 'tokenCache'>,
): string {
  return `Signed in to sso-session ${result.session} until ${humanTime(result.expiresAt)} (token cached in ${tildify(io, result.tokenCache)}).\n`;
}

export function printLogin(io: Io, result: LoginResult, json: boolean): void {
  if (json) {
    printJson(io, {
      version: 1,
      ssoSession: result.session,
      expiresAt: result.expiresAt.toISOString(),
      tokenCache: result.tokenCache,
    });
  } else {
    io.stdout.write(signedInText(io, result));
  }
}

export function printLogout(io: Io, result: LogoutResult, json: boolean): void {
  if (json) {
    printJson(io, { version: 1, ssoSession: result.session, portal: result.portal, removed: result.removed });
  } else {
    const removed = result.removed.map((p) => tildify(io, p)).join(', ');
    io.stdout.write(
      `sso-session ${result.session}: ${SIGN_OUTS[result.portal]}; ${removed ? `removed ${removed}` : 'nothing to remove'}.\n`,
    );
  }
}
