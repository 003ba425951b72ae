/** Prints a completion script, or the names that the scripts offer for profiles, sessions and roles. */
import {
  completable,
  completionScript,
  SHELLS,
  type CompletionCommand,
  type Shell,
} from '../core/completion-script.js';
import { usageError } from '../core/errors.js';
import type { Io } from './io.js';
import { loadProfiles } from './profiles.js';

const KINDS = ['profiles', 'sessions', 'roles'] as const;

function names(io: Io, kind: (typeof KINDS)[number]): string[] {
  const { profiles, sessions } = loadProfiles(io);
  const all =
    kind === 'profiles'
      ? profiles.map((p) => p.profile)
      : kind === 'sessions'
        ? sessions.map((s) => s.name)
        : profiles.flatMap((p) => (p.role === null ? [] : [p.role]));
  // A name a shell word cannot hold as it is would be mangled or, worse, expanded: left out.
  return [...new Set(all.filter(completable))].sort();
}

export function runCompletion(
  io: Io,
  shell: string | undefined,
  values: string | undefined,
  commands: readonly CompletionCommand[],
): number {
  if (values !== undefined) {
    if (!(KINDS as readonly string[]).includes(values)) {
      throw usageError(`--values takes ${KINDS.join(', ')}, not ${JSON.stringify(values)}`);
    }
    for (const name of names(io, values as (typeof KINDS)[number])) io.stdout.write(`${name}\n`);
    return 0;
  }
  if (!(SHELLS as readonly string[]).includes(shell ?? '')) {
    throw usageError(`completion scripts exist for ${SHELLS.join(', ')}, not ${JSON.stringify(shell)}`);
  }
  io.stdout.write(completionScript(shell as Shell, 'aws-org-profiles', commands));
  return 0;
}
