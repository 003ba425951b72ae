/** `each -- COMMAND`: a command once per selected profile, with AWS_PROFILE set. */
import { Option, type Command } from '@commander-js/extra-typings';
import { usageError } from '../../core/errors.js';
import { DEFAULT_TIMEOUT_SECONDS, MAX_CONCURRENCY, MAX_TIMEOUT_SECONDS } from '../../core/fan-out-rules.js';
import { decimal, integer, selectionOf, selectionOptions } from '../args.js';
import type { CliContext } from '../cli-context.js';
import {
  eachExitCode,
  printDryRun,
  printEachResult,
  runPrinter,
  type EachFormat,
} from '../output/each-output.js';
import { cliRuntime } from '../terminal-reporter.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function registerEach(program: Command, { io, setExit }: CliContext): void {
  selectionOptions(
    program
      .command('each')
      .description(
        'run a command once per selected profile that can get credentials, with AWS_PROFILE set, and gather the results',
      )
      .argument(
        '[command...]',
        'the command to run, after --; {profile} {accountId} {accountName} {role} {region} are replaced',
      ),
  )
    .option(
      '--concurrency <n>',
      'runs at a time (default: twice the cores, 4 to 16)',
      integer(1, MAX_CONCURRENCY),
    )
    .addOption(
      new Option('--timeout <seconds>', 'stop a run that takes longer than this')
        .default(DEFAULT_TIMEOUT_SECONDS)
        .argParser(decimal(0, MAX_TIMEOUT_SECONDS, false)),
    )
    .option('--json', 'print one JSON document with every result (stdout parsed when it is JSON)')
    .option('--jsonl', 'print one JSON record per line as each run ends')
    .option('--fail-fast', 'stop everything at the first failure')
    .option('--dry-run', 'show the selected profiles and the command, and run nothing')
    .option('--yes', 'run a command that looks like it changes things on several profiles')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  aws-org-profiles each --role ReadOnlyAccess --dry-run -- aws s3 ls\n' +
        '  aws-org-profiles each --role DBAReadOnly --json -- aws sts get-caller-identity\n' +
        "  aws-org-profiles each --account '*prod*' --jsonl -- aws ec2 describe-instances --region {region} --output json",
    )
    .action(async (command, o) => {
      if (o.json && o.jsonl) throw usageError('use either --json or --jsonl, not both');
      const format: EachFormat = o.json ? 'json' : o.jsonl ? 'jsonl' : 'text';
      const [{ each, stopAllRuns }, { loadProfiles }] = await Promise.all([
        import('../../app/fan-out.js'),
        import('../../app/list.js'),
      ]);
      const printer = runPrinter(io, format);
      const rt = cliRuntime(io, (notice) => {
        if (notice.kind === 'runs-start') printer.start(notice.profiles);
        else if (notice.kind === 'run') printer.run(notice.result);
      });
      // The first Ctrl-C (or SIGTERM, or a closed terminal) stops the runs gracefully; a second one
      // kills what is left at once.
      const interrupt = new AbortController();
      const onSignal = () => (interrupt.signal.aborted ? stopAllRuns(0) : interrupt.abort());
      for (const signal of SIGNALS) process.on(signal, onSignal);
      // A reader that went away (`| head`) stops the runs the same way; the program then ends quietly.
      const stopWatchingPipes = io.onBrokenPipe?.(() => interrupt.abort());
      try {
        const result = await each(
          rt,
          loadProfiles(io.env),
          {
            ...selectionOf(o),
            command,
            concurrency: o.concurrency,
            timeoutSeconds: o.timeout,
            failFast: o.failFast,
            dryRun: o.dryRun,
            yes: o.yes,
          },
          interrupt.signal,
        );
        if (result.dryRun) {
          printDryRun(io, result);
          setExit(0);
          return;
        }
        printEachResult(io, result, format);
        setExit(eachExitCode(result));
      } finally {
        for (const signal of SIGNALS) process.off(signal, onSignal);
        stopWatchingPipes?.();
      }
    });
}
