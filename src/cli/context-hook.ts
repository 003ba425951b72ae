/**
 * `context` as the agent hook runs it, at every agent start: its arguments read with node's own
 * parser, without the argument-parsing library, and its output written straight to the file
 * descriptor. `--help` and `--debug` go through the full program instead (commands/context-command.ts),
 * which shows the same options.
 */
import { parseArgs } from 'node:util';
import type { ContextInput } from '../app/context.js';
import { DEFAULT_MAX_BYTES, MIN_MAX_BYTES } from '../core/context-text.js';
import { usageError } from '../core/errors.js';
import { integer } from './args.js';
import { reportError } from './error-output.js';
import type { Io } from './io.js';
import { cliRuntime } from './terminal-reporter.js';

/** The options' descriptions, for both parsers. */
export const CONTEXT_HELP = {
  maxBytes: `largest output in bytes (default ${DEFAULT_MAX_BYTES}, the hook output limit of Amazon Q Developer CLI and Kiro)`,
  ssoSession: 'only profiles of this sso-session; repeatable',
  role: 'only profiles of this role; repeatable',
  account: 'only accounts whose name or id matches this glob; repeatable',
  ou: "only accounts in an OU whose path matches this glob (case-insensitive, `*` crosses `/`, e.g. '/Workloads/*'); repeatable",
  tag: 'only accounts with this tag: KEY=VALUE (the value a glob) or KEY (present); repeatable',
  prodTagKey:
    'a tag key whose value prod, production, prd or live marks a production account (default: env, environment, stage); repeatable',
  mcp: 'mention the tools of the aws-org-profiles MCP server (agent install --mcp adds this)',
} as const;

export const parseMaxBytes = integer(MIN_MAX_BYTES);

/** Prints the context; the exit code. */
export async function printContext(io: Io, input: ContextInput): Promise<number> {
  const { agentContext } = await import('../app/context.js');
  io.stdout.write(await agentContext(cliRuntime(io), input));
  return 0;
}

export async function contextHook(io: Io, argv: readonly string[]): Promise<number> {
  let input: ContextInput;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        'max-bytes': { type: 'string' },
        'sso-session': { type: 'string', multiple: true },
        role: { type: 'string', multiple: true },
        account: { type: 'string', multiple: true },
        ou: { type: 'string', multiple: true },
        tag: { type: 'string', multiple: true },
        'prod-tag-key': { type: 'string', multiple: true },
        mcp: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0)
      throw usageError(`context takes no arguments, got ${JSON.stringify(positionals[0])}`);
    const maxBytes = values['max-bytes'];
    input = {
      ...(maxBytes !== undefined ? { maxBytes: parseMaxBytes(maxBytes) } : {}),
      ...(values['sso-session'] ? { ssoSessions: values['sso-session'] } : {}),
      ...(values.role ? { roles: values.role } : {}),
      ...(values.account ? { accounts: values.account } : {}),
      ...(values.ou ? { ous: values.ou } : {}),
      ...(values.tag ? { tags: values.tag } : {}),
      ...(values['prod-tag-key'] ? { prodTagKeys: values['prod-tag-key'] } : {}),
      mcp: values.mcp === true,
    };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS') || code === 'commander.invalidArgument') {
      const message =
        code === 'commander.invalidArgument'
          ? `--max-bytes ${(error as Error).message}`
          : (error as Error).message;
      return reportError(io, usageError(message, 'Run `aws-org-profiles context --help` for usage.'));
    }
    return reportError(io, error);
  }
  try {
    return await printContext(io, input);
  } catch (error) {
    return reportError(io, error);
  }
}
