/** Adding an [sso-session] section, as `aws configure sso-session` would. */
import { AppError } from '../core/errors.js';
import type { SsoSession } from '../core/model.js';
import { applyEdits } from './edit.js';
import { readConfigFile, writeConfigFile } from './file.js';
import { withFileLock } from './lock.js';

/** Writes `[sso-session NAME]` unless it exists; an existing one must point to the same start URL. */
export async function ensureSsoSession(path: string, session: SsoSession): Promise<'created' | 'exists'> {
  const realPath = readConfigFile(path).realPath;
  return withFileLock(realPath, async () => {
    const file = readConfigFile(path);
    const existing = file.document.ssoSession(session.name);
    if (existing) {
      const url = existing.values.sso_start_url;
      if (url !== session.startUrl) {
        throw new AppError(
          'SESSION_INVALID',
          `[sso-session ${session.name}] in ${path} points to ${typeof url === 'string' ? url : 'no start URL'}, not ${session.startUrl}.`,
          { hint: 'Choose another session name.' },
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
  });
}
