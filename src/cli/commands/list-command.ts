/** `list`: every profile of the config, generated or hand-made. */
import type { Command } from '@commander-js/extra-typings';
import { listProfiles, loadProfiles, structureNote } from '../../app/list.js';
import { selectionOf, selectionOptions } from '../args.js';
import type { CliContext } from '../cli-context.js';
import { warn } from '../io.js';
import { printList } from '../output/list-output.js';

export function registerList(program: Command, { io, setExit }: CliContext): void {
  selectionOptions(
    program.command('list').description('list every profile in the config, generated or hand-made'),
  )
    .option('--json', 'print one JSON document: {"version": 1, "profiles": [...]}')
    .addHelpText(
      'after',
      "\nExamples:\n  aws-org-profiles list --role DBAReadOnly\n  aws-org-profiles list --account '*prod*' --json\n  aws-org-profiles list --ou '/Workloads/*' --tag env=prod",
    )
    .action((o) => {
      const catalog = loadProfiles(io.env);
      const selection = selectionOf(o);
      const note = structureNote(catalog, selection);
      if (note !== undefined) warn(io, note);
      printList(io, listProfiles(catalog, selection), catalog.profiles.length, o.json === true);
      setExit(0);
    });
}
