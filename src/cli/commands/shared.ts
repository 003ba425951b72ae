/** What every command definition needs. */
import type { Command } from 'commander';
import type { Io } from '../io.js';

export interface Context {
  readonly io: Io;
  /** Where a command's handler puts its exit code. */
  readonly setExit: (code: number) => void;
}

/** For repeatable options: `--role a --role b` gives ['a', 'b']. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The profile filters that `list` and `each` share (see core/select.ts). */
export function selectionOptions(command: Command): Command {
  return command
    .option('--sso-session <name>', 'only profiles of this sso-session; repeatable', collect)
    .option('--role <role>', 'only profiles of this role; repeatable', collect)
    .option('--account <pattern>', 'only accounts whose name or id matches this glob; repeatable', collect)
    .option(
      '--exclude-account <pattern>',
      'skip accounts whose name or id matches this glob; repeatable',
      collect,
    )
    .option('--region <region>', 'only profiles in this region; repeatable', collect)
    .option('--profile-match <glob>', 'only profiles whose name matches this glob; repeatable', collect)
    .option('--generated', 'only profiles written by aws-org-profiles');
}
