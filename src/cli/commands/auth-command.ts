/** `login` and `logout`: the sign-in to an sso-session, without the AWS CLI. */
import type { Command } from '@commander-js/extra-typings';
import { signInOptions } from '../args.js';
import type { CliContext } from '../cli-context.js';
import { printLogin, printLogout } from '../output/auth-output.js';
import { cliRuntime } from '../terminal-reporter.js';

export function registerAuth(program: Command, { io, setExit }: CliContext): void {
  signInOptions(
    program
      .command('login')
      .description(
        'sign in to an sso-session (authorization code with PKCE; --use-device-code without a browser)',
      )
      .option('--sso-session <name>', 'the [sso-session] to sign in to (default: the only one)'),
  )
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
      printLogin(io, result, o.json === true);
      setExit(0);
    });

  program
    .command('logout')
    .description("sign out of an sso-session: the portal's Logout, and the cached token removed")
    .option('--sso-session <name>', 'the [sso-session] to sign out of (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (o) => {
      const { logout } = await import('../../app/login.js');
      printLogout(io, await logout(cliRuntime(io), { ssoSession: o.ssoSession }), o.json === true);
      setExit(0);
    });
}
