/** `console`: the AWS console in a profile's account and role. */
import type { Command } from '@commander-js/extra-typings';
import { MAX_SESSION_DURATION, MIN_SESSION_DURATION } from '../../core/console-url.js';
import { AppError } from '../../core/errors.js';
import { integer } from '../args.js';
import type { CliContext } from '../cli-context.js';
import { printConsole } from '../output/console-output.js';
import { cliRuntime } from '../terminal-reporter.js';

export function registerConsole(program: Command, { io, setExit }: CliContext): void {
  program
    .command('console')
    .description("open the AWS console in a profile's account and role (sign-in by federation)")
    .argument('[profile]', 'the profile (default: $AWS_PROFILE)')
    .option(
      '--region <region>',
      "the console's region (default: the profile's region, else the sso-session's)",
    )
    .option('--service <name>', "open a service's console: s3, ec2, iam, lambda, cloudwatch, logs, …")
    .option('--destination <url>', 'open this console URL (https, on the console host of the partition)')
    .option('--url', 'print the sign-in URL on stdout instead of opening a browser')
    .option(
      '--duration <seconds>',
      `how long the console session lasts (${MIN_SESSION_DURATION}-${MAX_SESSION_DURATION}; default: one hour)`,
      integer(MIN_SESSION_DURATION, MAX_SESSION_DURATION),
    )
    .option('--json', 'print one JSON document (with --url, the URL in it)')
    .addHelpText(
      'after',
      '\nThe browser is $BROWSER when set, else open (macOS), wslview (WSL) or xdg-open.\n\n' +
        'The sign-in URL (--url) is a bearer link, good for about 15 minutes: anyone who has it can use\n' +
        'the console as the role. Do not paste it into chats, tickets or logs.\n\n' +
        'Examples:\n' +
        '  aws-org-profiles console myorg-workload-ReadOnlyAccess\n' +
        '  aws-org-profiles console myorg-workload-ReadOnlyAccess --service s3 --region eu-west-1\n' +
        '  aws-org-profiles console myorg-workload-ReadOnlyAccess --url',
    )
    .action(async (profile, o) => {
      const { openConsole } = await import('../../app/console.js');
      const result = await openConsole(cliRuntime(io), {
        ...(profile === undefined ? {} : { profile }),
        ...(o.region === undefined ? {} : { region: o.region }),
        ...(o.service === undefined ? {} : { service: o.service }),
        ...(o.destination === undefined ? {} : { destination: o.destination }),
        ...(o.duration === undefined ? {} : { durationSeconds: o.duration }),
        open: o.url !== true,
      });
      if (o.url !== true && !result.opened) {
        throw new AppError('CHECK_FAILED', 'no browser could be started to open the console.', {
          hint: 'Set BROWSER to the program that opens a URL, or run with --url and open the URL yourself.',
        });
      }
      printConsole(io, result, o.json === true);
      setExit(0);
    });
}
