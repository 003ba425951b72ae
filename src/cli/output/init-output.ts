/** How `init` shows what it did: the section, the sign-in, what to run next; or one JSON document. */
import type { InitResult } from '../../app/init.js';
import { printJson, tildify, type Io } from '../io.js';
import { signedInText } from './auth-output.js';

export function printInit(io: Io, result: InitResult, json: boolean): void {
  if (json) {
    printJson(io, {
      version: 1,
      ssoSession: result.session,
      configFile: result.configFile,
      section: result.section,
      expiresAt: result.expiresAt.toISOString(),
      tokenCache: result.tokenCache,
    });
    return;
  }
  const config = tildify(io, result.configFile);
  io.stdout.write(
    (result.section === 'created'
      ? `Added [sso-session ${result.session}] to ${config}.\n`
      : `[sso-session ${result.session}] is already in ${config}, with this start URL.\n`) +
      signedInText(io, result) +
      `Next: aws-org-profiles sync --sso-session ${result.session} --dry-run\n`,
  );
}
