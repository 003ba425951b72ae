/**
 * Turning the text of an argument into the typed value a use case takes, in one place: numbers
 * with their bounds, repeatable options, and the profile filters several commands share. The
 * parsers throw commander's InvalidArgumentError, which the program reports as a usage error
 * (exit code 2). They import nothing from commander's runtime, so the agent hook's own argument
 * reading (context-hook.ts) uses them too.
 */
import type { Command, OptionValues } from '@commander-js/extra-typings';
import type { ProfileSelection } from '../core/select.js';

/** The error commander turns into `error: option '--x <n>' argument 'y' is invalid. <message>`. */
export class ArgumentError extends Error {
  readonly code = 'commander.invalidArgument';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidArgumentError';
  }
}

/** A whole number from `min` to `max`. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new ArgumentError(
        `must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}`,
      );
    }
    return n;
  };
}

/** A number above `above` (exclusive) up to `max`, fractions allowed: seconds, rates, shares. */
export function decimal(min: number, max = Number.MAX_VALUE, inclusiveMin = true): (value: string) => number {
  return (value) => {
    const n = Number(value);
    const low = inclusiveMin ? n >= min : n > min;
    if (value.trim() === '' || !Number.isFinite(n) || !low || n > max) {
      throw new ArgumentError(
        `must be a number ${inclusiveMin ? 'of at least' : 'above'} ${min}${max === Number.MAX_VALUE ? '' : ` and at most ${max}`}`,
      );
    }
    return n;
  };
}

/** For repeatable options: `--role a --role b` gives ['a', 'b']. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The profile filters that `list` and `each` share (see core/select.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander's own constraint on the arguments' types
export function selectionOptions<Args extends any[], Opts extends OptionValues>(
  command: Command<Args, Opts>,
) {
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
    .option(
      '--ou <pattern>',
      "only accounts whose OU path matches this glob, e.g. '/Workloads/Prod*' ('*' crosses '/'; needs the org cache of sync); repeatable",
      collect,
    )
    .option(
      '--tag <key[=value]>',
      'only accounts with this tag (key regardless of case), its value matching the glob if given; different keys must all match; repeatable',
      collect,
    )
    .option('--generated', 'only profiles written by aws-org-profiles');
}

/** The filter options as the argument parser gives them: inferred from the definitions above. */
export type SelectionOptions =
  ReturnType<typeof selectionOptions<[], Record<never, never>>> extends Command<[], infer O> ? O : never;

/** How `login` and `init` sign in, and their output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander's own constraint on the arguments' types
export function signInOptions<Args extends any[], Opts extends OptionValues>(command: Command<Args, Opts>) {
  return command
    .option(
      '--use-device-code',
      'use the device-authorization flow: open the URL on any device and confirm the code',
    )
    .option('--no-browser', 'do not open a browser; print the URL (and code) instead')
    .option('--json', 'print one JSON document');
}

/** The parsed filter options, as core/select.ts takes them. */
export function selectionOf(options: SelectionOptions): ProfileSelection {
  return {
    ...(options.ssoSession ? { ssoSession: options.ssoSession } : {}),
    ...(options.role ? { role: options.role } : {}),
    ...(options.account ? { account: options.account } : {}),
    ...(options.excludeAccount ? { excludeAccount: options.excludeAccount } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.profileMatch ? { profileMatch: options.profileMatch } : {}),
    ...(options.ou ? { ou: options.ou } : {}),
    ...(options.tag ? { tag: options.tag } : {}),
    generatedOnly: options.generated === true,
  };
}
