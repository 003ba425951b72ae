/** Finding the sso-session a command works on, and its cached token. */
import type { ConfigDocument } from '../config/document.js';
import { AppError } from '../core/errors.js';
import type { SsoSession } from '../core/model.js';
import type { Secret } from '../core/secret.js';
import { readSessionToken } from '../sso/token-cache.js';
import type { Io } from './io.js';

export function listSessions(doc: ConfigDocument): string[] {
  return [...doc.botocore.ssoSessions.keys()];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The named session, or the only one; otherwise an error that lists what exists. */
export function resolveSession(doc: ConfigDocument, requested: string | undefined): SsoSession {
  const names = listSessions(doc);
  const known = names.length > 0 ? `Sessions in ${doc.source}: ${names.join(', ')}.` : undefined;
  let name = requested;
  if (name === undefined) {
    if (names.length === 1) name = names[0]!;
    else if (names.length === 0) {
      throw new AppError('SESSION_NOT_FOUND', `${doc.source} has no [sso-session] section.`, {
        hint: 'Add one with `aws configure sso-session`, then sign in with `aws sso login --sso-session NAME`.',
      });
    } else {
      throw new AppError('SESSION_NOT_FOUND', 'several sso-sessions exist; choose one with --sso-session.', {
        hint: known,
      });
    }
  }
  const section = doc.ssoSession(name);
  if (!section) {
    throw new AppError('SESSION_NOT_FOUND', `no [sso-session ${name}] in ${doc.source}.`, {
      hint: known ?? 'Add one with `aws configure sso-session`.',
    });
  }
  const startUrl = str(section.values.sso_start_url);
  const region = str(section.values.sso_region);
  const line = section.section.line + 1;
  if (!startUrl || !region) {
    throw new AppError(
      'SESSION_INVALID',
      `[sso-session ${name}] at ${doc.source}, line ${line}, needs sso_start_url and sso_region.`,
      { hint: 'Set them with `aws configure sso-session`.' },
    );
  }
  const scopes = str(section.values.sso_registration_scopes);
  return { name, startUrl, region, ...(scopes ? { registrationScopes: scopes } : {}) };
}

export function loginHint(session: string): string {
  return `Sign in with: aws sso login --sso-session ${session}`;
}

/** The session's valid access token, or an authentication error that names the fix. */
export function requireToken(io: Io, session: SsoSession): Secret {
  const status = readSessionToken(io.env, session, io.now());
  switch (status.state) {
    case 'valid':
      return status.token.accessToken;
    case 'expired':
      throw new AppError(
        'TOKEN_EXPIRED',
        `the SSO token of session ${session.name} expired at ${status.token.expiresAt.toISOString()}.`,
        { hint: loginHint(session.name) },
      );
    case 'missing':
      throw new AppError(
        'TOKEN_MISSING',
        `no cached SSO token for session ${session.name} (${status.path}).`,
        {
          hint: loginHint(session.name),
        },
      );
    case 'invalid':
      throw new AppError(
        'TOKEN_INVALID',
        `the cached SSO token for session ${session.name} cannot be used: ${status.reason} (${status.path}).`,
        { hint: loginHint(session.name) },
      );
  }
}
