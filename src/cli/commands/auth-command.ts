/** `login` and `logout`: the sign-in to an sso-session, without the AWS CLI. */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../cli-context.js';
import { printJson, tildify } from '../io.js';
import { cliRuntime } from '../terminal-reporter.js';

const SIGN_OUTS = {
  'signed-out': 'signed out of the portal',
  'already-expired': 'the token had already expired',
  'no-token': 'no token was cached',
  failed: 'the portal did not confirm the sign-out',
} as const;

export function registerAuth(program: Command, { io, setExit }: CliContext): void {
  program
    .command('login')
    .description(
      'sign in to an sso-session (authorization code with PKCE; --use-device-code without a browser)',
    )
    .option('--sso-session <name>', 'the [sso-session] to sign in to (default: the only one)')
    .option(
      '--use-device-code',
      'use the device-authorization flow: open the URL on any device and confirm the code',
    )
    .option('--no-browser', 'do not open a browser; print the URL (and code) instead')
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  aws-org-profiles login\n  aws-org-profiles login --sso-session myorg --use-device-code --no-browser',
    )
    .action(async (o) => {
      const { login } = await import('../../app/login.js');
      const result = await login(cliRuntime(io), {
        ssoSession: o.ssoSession,
        useDeviceCode: o.useDeviceCode,
        openBrowser: o.browser,
      });
      if (o.json) {
        printJson(io, {
          version: 1,
          ssoSession: result.session,
          expiresAt: result.expiresAt.toISOString(),
          tokenCache: result.tokenCache,
        });
      } else {
        io.stdout.write(
          `Signed in to sso-session ${result.session} until ${result.expiresAt.toISOString()} (token cached in ${tildify(io, result.tokenCache)}).\n`,
        );
      }
      setExit(0);
    });

  program
    .command('logout')
    .description("sign out of an sso-session: the portal's Logout, and the cached token removed")
    .option('--sso-session <name>', 'the [sso-session] to sign out of (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (o) => {
      const { logout } = await import('../../app/login.js');
      const result = await logout(cliRuntime(io), { ssoSession: o.ssoSession });
      if (o.json) {
        printJson(io, {
          version: 1,
          ssoSession: result.session,
          portal: result.portal,
          removed: result.removed,
        });
      } else {
        const removed = result.removed.map((p) => tildify(io, p)).join(', ');
        io.stdout.write(
          `sso-session ${result.session}: ${SIGN_OUTS[result.portal]}; ${removed ? `removed ${removed}` : 'nothing to remove'}.\n`,
        );
      }
      setExit(0);
    });
}
