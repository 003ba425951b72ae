/** `doctor` and `credentials`: checking the setup, and the credential_process protocol. */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../cli-context.js';
import { printDoctorReport } from '../output/doctor-output.js';
import { cliRuntime } from '../terminal-reporter.js';

export function registerDoctor(program: Command, { io, setExit }: CliContext): void {
  program
    .command('doctor')
    .description('check the config, sign-in, profiles and installed agents, and say how to fix each problem')
    .option('--json', 'print one JSON document')
    .addHelpText('after', '\nExits 1 when something is broken (an error), 0 otherwise.')
    .action(async (o) => {
      const { doctor } = await import('../../app/doctor.js');
      const report = await doctor(cliRuntime(io));
      printDoctorReport(io, report, o.json === true);
      setExit(report.errors > 0 ? 1 : 0);
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
    .action(async (o) => {
      const { processCredentials } = await import('../../app/credentials.js');
      // The credential_process protocol: this document on stdout is the point of the command.
      io.stdout.write(`${JSON.stringify(await processCredentials(cliRuntime(io), o.profile))}\n`);
      setExit(0);
    });
}
