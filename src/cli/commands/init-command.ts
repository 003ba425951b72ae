/** `init`: an sso-session set up and signed in to, without the AWS CLI. */
import type { Command } from '@commander-js/extra-typings';
import { usageError } from '../../core/errors.js';
import { ssoRegionProblem, startUrlProblem } from '../../core/sso-setup.js';
import { signInOptions } from '../args.js';
import type { CliContext } from '../cli-context.js';
import type { Io } from '../io.js';
import { printInit } from '../output/init-output.js';
import { canAsk, prompter } from '../prompt.js';
import { cliRuntime } from '../terminal-reporter.js';

const EXAMPLE = 'aws-org-profiles init --start-url https://acme.awsapps.com/start --sso-region eu-central-1';

interface Given {
  readonly startUrl?: string;
  readonly ssoRegion?: string;
}

/** The start URL and region: from the options, or asked for on a terminal; never waited for elsewhere. */
async function settingsOf(io: Io, given: Given): Promise<{ startUrl: string; ssoRegion: string }> {
  const { startUrl, ssoRegion } = given;
  if (startUrl !== undefined && ssoRegion !== undefined) return { startUrl, ssoRegion };
  if (!canAsk(io)) {
    const missing = [
      startUrl === undefined ? '--start-url' : [],
      ssoRegion === undefined ? '--sso-region' : [],
    ];
    throw usageError(
      `init needs ${missing.flat().join(' and ')} (nothing is asked when the input is not a terminal).`,
      `For example: ${EXAMPLE}`,
    );
  }
  const ask = prompter(io.stdin!, io.stderr);
  try {
    return {
      startUrl:
        startUrl ??
        (await ask.ask({
          text: 'AWS access portal URL (e.g. https://acme.awsapps.com/start): ',
          check: startUrlProblem,
        })),
      ssoRegion:
        ssoRegion ??
        (await ask.ask({
          text: 'IAM Identity Center region (e.g. eu-central-1): ',
          check: ssoRegionProblem,
        })),
    };
  } finally {
    ask.close();
  }
}

export function registerInit(program: Command, { io, setExit }: CliContext): void {
  signInOptions(
    program
      .command('init')
      .description(
        'add an [sso-session] to the AWS config, as `aws configure sso-session` does, and sign in to it',
      )
      .option('--start-url <url>', 'the AWS access portal URL, e.g. https://acme.awsapps.com/start')
      .option('--sso-region <region>', 'the region of IAM Identity Center, e.g. eu-central-1')
      .option('--sso-session <name>', "the section's name (default: the start URL's subdomain, e.g. acme)"),
  )
    .addHelpText(
      'after',
      '\nOn a terminal, a missing --start-url or --sso-region is asked for; elsewhere it is a usage error.\n' +
        `\nExamples:\n  ${EXAMPLE}\n  ${EXAMPLE} --sso-session acme --use-device-code --no-browser`,
    )
    .action(async (o) => {
      const settings = await settingsOf(io, o);
      const { init } = await import('../../app/init.js');
      const result = await init(cliRuntime(io), {
        ...settings,
        ssoSession: o.ssoSession,
        useDeviceCode: o.useDeviceCode,
        openBrowser: o.browser,
      });
      printInit(io, result, o.json === true);
      setExit(0);
    });
}
