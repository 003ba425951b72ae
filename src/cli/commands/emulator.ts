/** The emulator and the demo that runs on it. */
import { Option, type Command } from 'commander';
import { collect, type Context } from './shared.js';

export function register(program: Command, { io, setExit }: Context): void {
  program
    .command('emulator')
    .description(
      'serve an IAM Identity Center (portal, SSO-OIDC, STS) emulator on 127.0.0.1 for tests and demos',
    )
    .addOption(new Option('--org <file>', 'organisation JSON file (see README)').conflicts('accounts'))
    .option('--accounts <n>', 'generate an organisation of n accounts', '40')
    .option('--roles-per-account <n>', 'roles per generated account', '3')
    .option('--odd-names', 'mix hostile account names into the generated organisation')
    .option('--seed <n>', 'seed for generated names and injected faults', '1')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '0')
    .option('--page-size <n>', 'largest page the emulator returns', '20')
    .option('--latency <ms>', 'delay before every response', '0')
    .option('--rate <rps>', 'token-bucket rate limit in requests per second (default: none)')
    .option('--burst <n>', 'token-bucket size', '20')
    .option('--fault-rate <fraction>', 'fraction of requests answered with HTTP 500', '0')
    .option(
      '--fault <spec>',
      'misbehave as MODE[:OPERATION,...][@RATE] (stall, drip, repeat-token, cycle-tokens, empty-body, ' +
        'json-array, json-object, wrong-types, missing-fields, hostile-values, hostile-error, slow-down); repeatable',
      collect,
    )
    .option('--drip-interval <ms>', 'how often a drip fault sends its next byte', '1000')
    .option(
      '--sign-in <session>',
      'also write [sso-session NAME] and a valid cached token into $HOME, as after `aws sso login`',
    )
    .option('--token <token>', 'also accept this bearer token (for a token cache you write yourself)')
    .option(
      '--token-ttl <seconds>',
      'lifetime of access tokens that `login` gets from the emulator (short ones exercise refresh)',
      '28800',
    )
    .option('--json', 'print the endpoint and settings as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  aws-org-profiles emulator --accounts 250 --page-size 7 --rate 20 --fault-rate 0.05 --sign-in myorg\n' +
        '  aws-org-profiles emulator --sign-in myorg --fault stall:ListAccountRoles@0.1 --fault cycle-tokens:ListAccounts',
    )
    .action(async (options: Record<string, unknown>) => {
      const { runEmulator } = await import('../emulator.js');
      setExit(await runEmulator(io, options));
    });

  program
    .command('demo')
    .description('run the whole flow against the built-in emulator, in a throwaway HOME')
    .option('--accounts <n>', 'size of the demo organisation (default: a hand-written one of 24 accounts)')
    .option('--keep', 'keep the throwaway HOME and print its path')
    .action(async (options: Record<string, unknown>) => {
      const { runDemo } = await import('../demo.js');
      setExit(await runDemo(io, options));
    });
}
