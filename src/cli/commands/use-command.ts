/**
 * `use [TEXT...]`: one profile's name on stdout, for `$(aws-org-profiles use)` and the `aop use`
 * of `shell-init`. An exact name is taken at once; on a terminal, anything else opens the picker
 * over the profiles ranked by the search of the MCP server's `find_profiles`; off a terminal (or
 * with --first) the best match is taken, since no one could answer a picker there.
 */
import type { Command } from '@commander-js/extra-typings';
import { findProfiles, loadProfiles, type Catalog } from '../../app/list.js';
import { AppError, usageError } from '../../core/errors.js';
import type { ProfileRecord } from '../../core/profile-record.js';
import { hasControls, quoteValue } from '../../core/untrusted-text.js';
import type { CliContext } from '../cli-context.js';
import { printJson, type Io } from '../io.js';
import { canPick, pickProfile } from '../profile-picker.js';

/** The exit code of a picker cancelled with Esc or Ctrl-C: 128 + SIGINT, as a shell reports Ctrl-C. */
const CANCELLED = 130;
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/** The matches of `query`, best first; an empty query gives every profile, in the order of the config. */
function ranked(catalog: Catalog, query: string): readonly ProfileRecord[] {
  return query.trim() === ''
    ? catalog.profiles
    : findProfiles(catalog, query, catalog.profiles.length).map((m) => m.profile);
}

function noMatch(text: string, total: number): AppError {
  return total === 0
    ? new AppError('NO_MATCH', 'the config has no profiles.', {
        hint: 'Run aws-org-profiles sync to write them.',
      })
    : new AppError('NO_MATCH', `no profile matches ${quoteValue(text)}.`, {
        hint: 'Try other words, or list the profiles with aws-org-profiles list.',
      });
}

function print(io: Io, profile: ProfileRecord, json: boolean): void {
  if (json) {
    printJson(io, {
      version: 1,
      profile: profile.profile,
      accountId: profile.accountId,
      accountName: profile.accountName,
      role: profile.role,
      ...(profile.ouPath === undefined ? {} : { ouPath: profile.ouPath }),
    });
    return;
  }
  // The name is meant for a shell's variable: one that would act on the terminal is refused, not
  // printed in another form that names no profile.
  if (hasControls(profile.profile)) {
    throw new AppError(
      'NO_MATCH',
      `the profile name ${quoteValue(profile.profile)} holds control characters; it is not printed.`,
      { hint: 'Rename the profile in the config, or use --json, which shows it escaped.' },
    );
  }
  io.stdout.write(`${profile.profile}\n`);
}

export function registerUse(program: Command, { io, setExit }: CliContext): void {
  program
    .command('use')
    .description('pick a profile (interactively on a terminal) and print its name, for AWS_PROFILE')
    .argument('[text...]', 'an exact profile name, or words to search for ("prod readonly")')
    .option('--first', 'take the best match without asking (as off a terminal)')
    .option('--json', 'print {"version": 1, "profile", "accountId", "accountName", "role", "ouPath"}')
    .addHelpText(
      'after',
      '\nOn a terminal (stdin and stderr), without an exact name, a picker opens on stderr: type to\n' +
        'narrow, Up/Down (Ctrl-P/N), PgUp/PgDn to move, Enter to choose, Esc or Ctrl-C to cancel\n' +
        '(exit 130). Only the chosen name goes to stdout. Off a terminal, or with --first, the best\n' +
        'match is taken; nothing matching exits 1.\n\nExamples:\n' +
        '  export AWS_PROFILE=$(aws-org-profiles use)\n' +
        '  aws-org-profiles use --first prod readonly\n' +
        '  eval "$(aws-org-profiles shell-init bash)"; aop use payments',
    )
    .action(async (words, o) => {
      const catalog = loadProfiles(io.env);
      const text = words.join(' ').trim();
      const json = o.json === true;
      const exact = catalog.profiles.find((p) => p.profile === text);
      if (exact) {
        print(io, exact, json);
        setExit(0);
        return;
      }
      if (o.first === true || !canPick(io)) {
        if (text === '') {
          throw usageError(
            o.first === true
              ? '--first needs words to search for.'
              : 'name a profile, or words to search for.',
            'e.g. aws-org-profiles use --first prod readonly (the picker needs a terminal on stdin and stderr)',
          );
        }
        const best = findProfiles(catalog, text, 1)[0];
        if (!best) throw noMatch(text, catalog.profiles.length);
        print(io, best.profile, json);
        setExit(0);
        return;
      }
      if (catalog.profiles.length === 0) throw noMatch(text, 0);
      const result = await pickProfile(io, {
        query: text,
        total: catalog.profiles.length,
        rank: (query) => ranked(catalog, query),
      });
      if (result.kind === 'chosen') {
        print(io, result.item, json);
        setExit(0);
      } else {
        setExit(result.kind === 'cancelled' ? CANCELLED : 128 + (SIGNAL_NUMBERS[result.signal] ?? 0));
      }
    });
}
