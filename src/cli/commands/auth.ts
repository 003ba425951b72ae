/** Sign-in and its tools: login, logout, doctor, credentials. */
import { type Command } from 'commander';
import { type Context } from './shared.js';

export function register(program: Command, { io, setExit }: Context): void {
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
    .action(async (options: Record<string, unknown>) => {
      const { runLogin } = await import('../login.js');
      setExit(await runLogin(io, options));
    });

  program
    .command('logout')
    .description("sign out of an sso-session: the portal's Logout, and the cached token removed")
    .option('--sso-session <name>', 'the [sso-session] to sign out of (default: the only one)')
    .option('--json', 'print one JSON document')
    .action(async (options: Record<string, unknown>) => {
      const { runLogout } = await import('../login.js');
      setExit(await runLogout(io, options));
    });

  program
    .command('doctor')
    .description('check the config, sign-in, profiles and installed agents, and say how to fix each problem')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExits 1 when something is broken (an error), 0 otherwise.')
    .action(async (options: Record<string, unknown>) => {
      const { runDoctor } = await import('../doctor.js');
      setExit(await runDoctor(io, options));
    });

  program
    .command('credentials')
    .description(
      'print credential_process JSON for a profile (for tools that cannot read sso_session profiles)',
    )
    .option('--profile <name>', 'the profile (default: $AWS_PROFILE)')
    .addHelpText(
      'after',
      '\nUse it from a profile:\n  credential_process = aws-org-profiles credentials --profile myorg-workload-DBAReadOnly\n' +
        '(sync --credential-process writes that line, with absolute paths, into every generated profile.)',
    )
    .action(async (options: Record<string, unknown>) => {
      const { runCredentials } = await import('../credentials.js');
      setExit(await runCredentials(io, options));
    });
}
