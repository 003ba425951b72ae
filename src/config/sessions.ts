/**
 * The `[sso-session]` sections of the config: finding the one a command works on, the session and
 * account a profile takes, and adding a section as `aws configure sso-session` would.
 */
import { AppError } from '../core/errors.js';
import type { SsoSession } from '../core/model.js';
import { setupFix, setupHint } from '../core/sign-in.js';
import { nonEmpty } from '../core/values.js';
import type { ConfigDocument } from './document.js';
import { applyEdits } from './edit.js';
import { readConfigFile, writeConfigFile } from './file.js';
import { withFileLock, type LockOptions } from './lock.js';

/** Writes `[sso-session NAME]` unless it exists; an existing one must point to the same start URL. */
export async function ensureSsoSession(
  path: string,
  session: SsoSession,
  lock: Pick<LockOptions, 'onWait'> = {},
): Promise<'created' | 'exists'> {
  const realPath = readConfigFile(path).realPath;
  return withFileLock(
    realPath,
    async () => {
      const file = readConfigFile(path);
      const existing = file.document.ssoSession(session.name);
      if (existing) {
        const url = existing.values.sso_start_url;
        if (url !== session.startUrl) {
          throw new AppError(
            'USAGE',
            `[sso-session ${session.name}] in ${path} points to ${typeof url === 'string' ? url : 'no start URL'}, not ${session.startUrl}.`,
            { hint: 'Choose another name with --sso-session.' },
          );
        }
        return 'exists';
      }
      const text = applyEdits(file.document, {
        inserts: [
          {
            header: `sso-session ${session.name}`,
            entries: [
              ['sso_start_url', session.startUrl],
              ['sso_region', session.region],
              ['sso_registration_scopes', session.registrationScopes ?? 'sso:account:access'],
            ],
          },
        ],
      });
      await writeConfigFile(file, text);
      return 'created';
    },
    lock,
  );
}

/** How to complete an `[sso-session]` that lacks its start URL or region. */
export function incompleteSessionFix(name: string): string {
  return `Add the missing keys to [sso-session ${name}] by hand, or remove the section and run: ${setupFix(name)}`;
}

/**
 * The named session, or the only one; otherwise an error that lists what exists. `fileExists`
 * false: the config file is not there yet (an empty document stands for it).
 */
export function resolveSession(
  doc: ConfigDocument,
  requested: string | undefined,
  fileExists = true,
): SsoSession {
  if (!fileExists) {
    throw new AppError('SESSION_NOT_FOUND', `the config file ${doc.source} does not exist yet.`, {
      hint: setupHint(requested),
    });
  }
  const names = [...doc.botocore.ssoSessions.keys()];
  const known = names.length > 0 ? `Sessions in ${doc.source}: ${names.join(', ')}.` : undefined;
  let name = requested;
  if (name === undefined) {
    if (names.length === 1) name = names[0]!;
    else if (names.length === 0) {
      throw new AppError('SESSION_NOT_FOUND', `${doc.source} has no [sso-session] section.`, {
        hint: setupHint(),
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
      hint: `${known ? `${known}\n` : ''}Add it with: ${setupFix(name)}`,
    });
  }
  const startUrl = nonEmpty(section.values.sso_start_url);
  const region = nonEmpty(section.values.sso_region);
  if (!startUrl || !region) {
    throw new AppError(
      'SESSION_INVALID',
      `[sso-session ${name}] at ${doc.source}, line ${section.section.line + 1}, needs sso_start_url and sso_region.`,
      { hint: incompleteSessionFix(name) },
    );
  }
  const scopes = nonEmpty(section.values.sso_registration_scopes);
  return { name, startUrl, region, ...(scopes ? { registrationScopes: scopes } : {}) };
}

/** An IAM Identity Center profile, resolved: the account and role it takes, and its session. */
export interface SsoTarget {
  readonly profile: string;
  readonly accountId: string;
  readonly role: string;
  readonly session: SsoSession;
  readonly region: string | undefined;
}

export function ssoTarget(doc: ConfigDocument, name: string): SsoTarget {
  const named = doc.profile(name);
  if (!named) throw new AppError('PROFILE_NOT_FOUND', `no profile named ${name} in ${doc.source}.`);
  const accountId = nonEmpty(named.get('sso_account_id'));
  const role = nonEmpty(named.get('sso_role_name'));
  const sessionName = nonEmpty(named.get('sso_session'));
  if (!accountId || !role || !sessionName) {
    throw new AppError(
      'PROFILE_NOT_FOUND',
      `profile ${name} is not an IAM Identity Center profile (it needs sso_session, sso_account_id and sso_role_name).`,
    );
  }
  return {
    profile: name,
    accountId,
    role,
    session: resolveSession(doc, sessionName),
    region: nonEmpty(named.get('region')),
  };
}
