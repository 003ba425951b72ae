/** `exec PROFILE -- COMMAND`: one command with a profile's role credentials in its environment. */
import { isatty } from 'node:tty';
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../cli-context.js';
import { cliRuntime } from '../terminal-reporter.js';

export function registerExec(program: Command, { io, setExit }: CliContext): void {
  program
    .command('exec')
    .description(
      "run a command with a profile's role credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN",
    )
    .argument('<profile>', 'the profile whose role credentials the command gets')
    .argument('[command...]', 'the command to run, after -- (default: $SHELL)')
    .addHelpText(
      'after',
      '\nThe command gets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,\n' +
        "AWS_CREDENTIAL_EXPIRATION, AWS_REGION and AWS_DEFAULT_REGION (the profile's region, else the\n" +
        'one already set), and AWS_ORG_PROFILES_EXEC=PROFILE. AWS_PROFILE and AWS_DEFAULT_PROFILE are\n' +
        'unset: with a profile beside the keys, some tools use the profile instead (and fail on an\n' +
        'sso_session profile, or mix identities). Other credential settings (AWS_SECURITY_TOKEN,\n' +
        'AWS_WEB_IDENTITY_TOKEN_FILE, AWS_CONTAINER_*, AWS_BEARER_TOKEN_*, ...) are removed.\n' +
        'The credentials come from the cache of `credentials` (refreshed ten minutes before they expire).\n\n' +
        "Signals go through to the command; the exit code is the command's, 128 + the signal's\n" +
        'number when a signal ended it, 127 when there is no such command, 126 when it cannot run.\n' +
        'An exec inside an exec warns on stderr, and runs.\n\n' +
        'Examples:\n' +
        '  aws-org-profiles exec myorg-workload-ReadOnlyAccess -- aws sts get-caller-identity\n' +
        '  aws-org-profiles exec myorg-workload-ReadOnlyAccess -- terraform plan',
    )
    .action(async (profile, command) => {
      const { execProfile } = await import('../../app/exec.js');
      const result = await execProfile(cliRuntime(io), {
        profile,
        command,
        onTerminal: isatty(0) || isatty(1) || isatty(2),
      });
      setExit(result.exitCode);
    });
}
