/** `list`: every profile of the config, generated or hand-made. */
import type { Command } from '@commander-js/extra-typings';
import { listProfiles, loadProfiles } from '../../app/list.js';
import { selectionOf, selectionOptions } from '../args.js';
import type { CliContext } from '../cli-context.js';
import { printList } from '../output/list-output.js';

export function registerList(program: Command, { io, setExit }: CliContext): void {
  selectionOptions(
    program.command('list').description('list every profile in the config, generated or hand-made'),
  )
    .option('--json', 'print one JSON document: {"version": 1, "profiles": [...]}')
    .addHelpText(
      'after',
      "\nExamples:\n  aws-org-profiles list --role DBAReadOnly\n  aws-org-profiles list --account '*prod*' --json",
    )
    .action((o) => {
      const catalog = loadProfiles(io.env);
      printList(io, listProfiles(catalog, selectionOf(o)), catalog.profiles.length, o.json === true);
      setExit(0);
    });
}
