/** `emulator` and `demo`: the Identity Center emulator, and the whole flow run on it. */
import { Option, type Command } from '@commander-js/extra-typings';
import { FAULT_MODES, parseFaultSpec, type FaultRule } from '../../app/emulator.js';
import { ArgumentError, decimal, integer } from '../args.js';
import type { CliContext } from '../cli-context.js';
import { demoPrinter, printDemoEnd, printEmulator } from '../output/emulator-output.js';
import { cliRuntime } from '../terminal-reporter.js';

const faults = (value: string, previous: FaultRule[] = []): FaultRule[] => {
  try {
    return [...previous, parseFaultSpec(value)];
  } catch (error) {
    throw new ArgumentError((error as Error).message);
  }
};

export function registerEmulator(program: Command, { io, setExit }: CliContext): void {
  program
    .command('emulator')
    .description(
      'serve an IAM Identity Center (portal, SSO-OIDC, STS) emulator on 127.0.0.1 for tests and demos',
    )
    .addOption(new Option('--org <file>', 'organisation JSON file (see README)').conflicts('accounts'))
    .option('--accounts <n>', 'generate an organisation of n accounts', integer(0), 40)
    .option('--roles-per-account <n>', 'roles per generated account', integer(0), 3)
    .option('--odd-names', 'mix hostile account names into the generated organisation')
    .option(
      '--units <n>',
      'also give the generated organisation n OUs, nested up to 5 levels, and tags (AWS Organizations; default none)',
      integer(0, 1000),
    )
    .option('--seed <n>', 'seed for generated names and injected faults', integer(0), 1)
    .option('--port <port>', 'port to listen on (0 picks a free one)', integer(0, 65_535), 0)
    .option('--page-size <n>', 'largest page the emulator returns', integer(1), 20)
    .option('--latency <ms>', 'delay before every response', decimal(0), 0)
    .option('--rate <rps>', 'token-bucket rate limit in requests per second (default: none)', decimal(0))
    .option('--burst <n>', 'token-bucket size', integer(1), 20)
    .option(
      '--org-rate <rps>',
      'rate limit of AWS Organizations in requests per second, burst 20 (default: none)',
      decimal(0),
    )
    .option('--fault-rate <fraction>', 'fraction of requests answered with HTTP 500', decimal(0, 1), 0)
    .option(
      '--fault <spec>',
      `misbehave as MODE[:OPERATION,...][@RATE] (${FAULT_MODES.join(', ')}); repeatable`,
      faults,
    )
    .option('--drip-interval <ms>', 'how often a drip fault sends its next byte', decimal(1), 1000)
    .option(
      '--sign-in <session>',
      'also write [sso-session NAME] and a valid cached token into $HOME, as after `aws sso login`',
    )
    .option('--token <token>', 'also accept this bearer token (for a token cache you write yourself)')
    .option(
      '--token-ttl <seconds>',
      'lifetime of access tokens that `login` gets from the emulator (short ones exercise refresh)',
      integer(1),
      28_800,
    )
    .option('--json', 'print the endpoint and settings as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  aws-org-profiles emulator --accounts 250 --page-size 7 --rate 20 --fault-rate 0.05 --sign-in myorg\n' +
        '  aws-org-profiles emulator --sign-in myorg --fault stall:ListAccountRoles@0.1 --fault cycle-tokens:ListAccounts',
    )
    .action(async (o) => {
      const { startEmulator } = await import('../../app/emulator.js');
      const running = await startEmulator(cliRuntime(io), {
        org:
          o.org !== undefined
            ? { file: o.org }
            : {
                accounts: o.accounts,
                rolesPerAccount: o.rolesPerAccount,
                seed: o.seed,
                oddNames: o.oddNames === true,
                ...(o.units === undefined ? {} : { units: o.units }),
              },
        options: {
          port: o.port,
          pageSize: o.pageSize,
          latencyMs: o.latency,
          faultRate: o.faultRate,
          seed: o.seed,
          accessTokenTtlSeconds: o.tokenTtl,
          faults: o.fault ?? [],
          dripIntervalMs: o.dripInterval,
          ...(o.rate === undefined ? {} : { rateLimit: { rate: o.rate, burst: o.burst } }),
          ...(o.orgRate === undefined ? {} : { orgRateLimit: { rate: o.orgRate, burst: 20 } }),
          ...(o.token ? { tokens: [{ token: o.token }] } : {}),
        },
        signIn: o.signIn,
      });
      printEmulator(io, running, o.json === true);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      const stats = running.emulator.stats();
      await running.emulator.stop();
      io.stderr.write(
        `Served ${stats.totalRequests} requests (${stats.throttled} throttled, ${stats.faults} faults).\n`,
      );
      setExit(0);
    });

  program
    .command('demo')
    .description('run the whole flow against the built-in emulator, in a throwaway HOME')
    .option(
      '--accounts <n>',
      'size of the demo organisation (default: a hand-written one of 24 accounts)',
      integer(1),
    )
    .option('--keep', 'keep the throwaway HOME and print its path')
    .action(async (o) => {
      const { demo } = await import('../../app/demo.js');
      const rt = cliRuntime(io, demoPrinter(io));
      const result = await demo(rt, { accounts: o.accounts, keep: o.keep });
      printDemoEnd(io, result);
      setExit(result.code);
    });
}
