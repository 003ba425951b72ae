/**
 * Credentials: the `credential_process` protocol, for tools that cannot read `sso_session`
 * profiles. It returns role credentials, by design of that protocol, and caches them in a 0600
 * file until shortly before they expire.
 */
import { profileCredentials, profileName } from '../state/role-credentials.js';
import type { ProcessCredentials } from '../state/credential-cache.js';
import type { Runtime } from './runtime.js';

export type { ProcessCredentials } from '../state/credential-cache.js';

/** The credentials of `profile` (or `$AWS_PROFILE`), from the cache while they are good for a while. */
export async function processCredentials(
  rt: Runtime,
  profile: string | undefined,
): Promise<ProcessCredentials> {
  const name = profileName(rt.env, profile, '--profile NAME');
  const debug = (text: string) => rt.reporter.notify({ kind: 'debug', text });
  return (await profileCredentials(rt.env, rt.now, name, debug)).credentials;
}
