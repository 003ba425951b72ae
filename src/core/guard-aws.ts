/**
 * The guard's reading of an AWS CLI command line and of a `use_aws` call: whether it returns a
 * secret. The rules are the MCP server's (aws-cli-rules.ts, through secretReadReason and
 * globalOptionsFor in aws-cli-args.ts); only what the MCP server refuses wholesale (every global
 * option but a few, every command of the CLI itself) is named here one by one, because the guard
 * lets everything else through to the host, which asks the user about writes.
 */
import { globalOptionsFor, secretReadReason } from './aws-cli-args.js';
import {
  DEBUG_OPTIONS,
  GLOBAL_OPTIONS_WITH_VALUE,
  LOCAL_SECRET_COMMANDS,
  SECRET_READS,
} from './aws-cli-rules.js';
import { UNKNOWN } from './guard-shell.js';
import { quoteValue } from './untrusted-text.js';

/** Said after the rule's own reason, which already says the user may run it. */
const INSTEAD = 'Agents use read-only calls with --profile NAME.';

/** Whether `word`, which may hold UNKNOWN (any text), can be `name`. Linear: no regular expression to backtrack. */
function canBe(word: string, name: string): boolean {
  if (!word.includes(UNKNOWN)) return word === name;
  const parts = word.split(UNKNOWN);
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (first.length + last.length > name.length || !name.startsWith(first) || !name.endsWith(last))
    return false;
  let at = first.length;
  const end = name.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at);
    if (found === -1 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

/**
 * Why the AWS CLI arguments `args` (after `aws`) must not run for an agent, or undefined.
 * `fromXargs`: more arguments come from stdin, so a missing operation may be anything.
 */
export function awsCliBlock(args: readonly string[], fromXargs: boolean): string | undefined {
  const names: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg : arg.slice(0, eq);
      names.push(name);
      const globals = globalOptionsFor(name);
      const debug = globals.find((g) => (DEBUG_OPTIONS as readonly string[]).includes(g));
      if (debug) {
        return `${quoteValue(name)} is ${debug} to the AWS CLI, which logs every request with the SSO bearer token and role credentials. Run the command without it.`;
      }
      if (eq === -1 && globals.length > 0 && globals.every((g) => GLOBAL_OPTIONS_WITH_VALUE.has(g))) i++;
    } else if (positionals.length < 2) positionals.push(arg);
  }
  const [service, operation] = positionals;
  if (service === undefined || operation === undefined) {
    return fromXargs
      ? `xargs supplies the AWS CLI's operation, so the guard cannot tell whether it returns a secret. Write the command out in full.`
      : undefined;
  }
  for (const [command, operations] of Object.entries(LOCAL_SECRET_COMMANDS)) {
    const op = operations.find((o) => canBe(service, command) && canBe(operation, o));
    if (op) {
      return `"aws ${command} ${op}" prints credentials or settings that may be secrets, which are not handed to agents. Check a profile with "aws sts get-caller-identity --profile NAME" instead.`;
    }
  }
  if (!service.includes(UNKNOWN) && !operation.includes(UNKNOWN)) {
    const reason = secretReadReason(service, operation, names);
    return reason && `${reason} ${INSTEAD}`;
  }
  // A service or operation the guard cannot know: refused when it could be a secret read.
  for (const rule of SECRET_READS) {
    if (!canBe(service, rule.service)) continue;
    for (const op of rule.operations) {
      if (canBe(operation, op) && secretReadReason(rule.service, op, names)) {
        return `this AWS CLI command is built from values the guard cannot know, and could be "${rule.service} ${op}", which returns a secret. Write the service and operation out.`;
      }
    }
  }
  return undefined;
}

/** A `use_aws` parameter as the option it stands for: `WithDecryption: true` is `--with-decryption`. */
function optionOf(name: string, value: unknown): string {
  const off =
    value === false ||
    value === 0 ||
    value === null ||
    (typeof value === 'string' && /^(false|0|no|)$/i.test(value.trim()));
  return `--${off ? 'no-' : ''}${name}`;
}

/** Why a `use_aws` call must not run for an agent, or undefined. */
export function useAwsBlock(
  service: string,
  operation: string,
  parameters: Record<string, unknown>,
): string | undefined {
  const names = Object.entries(parameters).map(([name, value]) => optionOf(name, value));
  const reason = secretReadReason(service, operation, names);
  return reason && `${reason} ${INSTEAD}`;
}
