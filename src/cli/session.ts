/** Finding the sso-session a command works on, and its cached token. */
import type { ConfigDocument } from '../config/document.js';
import { AppError } from '../core/errors.js';
import type { SsoSession } from '../core/model.js';
import { sessionTokenSource, type TokenSource } from '../sso/session-token.js';
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

export { loginHint } from '../sso/session-token.js';

/**
 * The session's access token, as a source that refreshes it when it expires (also in the middle of
 * a long run). Fails at once, with the command that fixes it, when there is no usable token.
 */
export async function openTokenSource(
  io: Pick<Io, 'env' | 'now'>,
  session: SsoSession,
): Promise<TokenSource> {
  const source = sessionTokenSource({
    env: io.env,
    now: io.now,
    session,
    oidc: async () => {
      const [{ createOidcApi }, { timeoutsFromEnv }] = await Promise.all([
        import('../sso/oidc-client.js'),
        import('../sso/clients.js'),
      ]);
      return createOidcApi(session.region, timeoutsFromEnv(io.env).requestMs);
    },
  });
  await source.get();
  return source;
}

/** An IAM Identity Center profile, resolved: the account and role it takes, and its session. */
export interface SsoTarget {
  readonly accountId: string;
  readonly role: string;
  readonly session: SsoSession;
  readonly region: string | undefined;
}

export function ssoTarget(doc: ConfigDocument, name: string): SsoTarget {
  const named = doc.profile(name);
  if (!named) throw new AppError('PROFILE_NOT_FOUND', `no profile named ${name} in ${doc.source}.`);
  const accountId = str(named.get('sso_account_id'));
  const role = str(named.get('sso_role_name'));
  const sessionName = str(named.get('sso_session'));
  if (!accountId || !role || !sessionName) {
    throw new AppError(
      'PROFILE_NOT_FOUND',
      `profile ${name} is not an IAM Identity Center profile (it needs sso_session, sso_account_id and sso_role_name).`,
    );
  }
  return { accountId, role, session: resolveSession(doc, sessionName), region: str(named.get('region')) };
}
