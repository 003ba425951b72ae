/**
 * `run_across_profiles`: one AWS CLI read call across many profiles, for agents. The agent is not
 * trusted: its arguments are checked the way the AWS CLI parses them (see core/aws-cli-args.ts),
 * each run gets an environment without the server's own credentials, and what comes back is
 * searched for tokens and credentials. The number of profiles and the output are capped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { runAcross, assertSignedIn } from '../cli/each.js';
import type { Io } from '../cli/io.js';
import { homeDir, type Env } from '../config/paths.js';
import { readRegularText } from '../files/read.js';
import { ALLOWED_GLOBALS } from '../core/aws-cli-rules.js';
import {
  checkAwsCliRead,
  MAX_ARG_LENGTH,
  MAX_ARGS,
  NO_ALIASES,
  parseAliasNames,
  type AliasNames,
} from '../core/aws-cli-args.js';
import { AppError, usageError } from '../core/errors.js';
import { jsonText } from '../core/untrusted-text.js';
import { selectProfiles } from '../core/select.js';
import { awsCliEnv } from '../core/aws-cli-env.js';
import { cachedSecrets, redactSecrets } from '../core/redaction.js';
import { guarded } from './tool-result.js';
import type { ProfileStore } from './store.js';

export const MAX_PROFILES = 50;
const MAX_OUTPUT_BYTES = 200_000;
const MAX_PER_RESULT = 20_000;

/**
 * The user's AWS CLI aliases, from the file the CLI reads (`~/.aws/cli/alias`). An alias file that
 * exists but cannot be read leaves us unable to tell an alias from a service: refuse then.
 */
export function readAliasNames(env: Env): AliasNames {
  const path = join(homeDir(env), '.aws', 'cli', 'alias');
  let text: string;
  try {
    text = readRegularText(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return NO_ALIASES;
    const why = `cannot read ${path}, so AWS CLI aliases cannot be told apart from commands`;
    throw new AppError('CONFIG_IO', why, { cause: error });
  }
  return parseAliasNames(text);
}

/** The command line for `args` (after `aws`), or a usage error saying why it is refused. */
export function readOnlyCommand(args: readonly string[], aliases: AliasNames = NO_ALIASES): string[] {
  return checkAwsCliRead(args, aliases);
}

function clip(text: string): string {
  return text.length > MAX_PER_RESULT
    ? `${text.slice(0, MAX_PER_RESULT)}\n… (cut at ${MAX_PER_RESULT} characters)`
    : text;
}

export function registerRunAcross(server: McpServer, io: Io, store: ProfileStore): void {
  server.registerTool(
    'run_across_profiles',
    {
      title: 'Run an AWS CLI read across profiles',
      description:
        `Runs one read-only AWS CLI call (describe-*, list-*, get-*, or s3 ls) in every selected profile at once, ` +
        `with AWS_PROFILE set, and returns each profile's parsed JSON. Select with role, account (glob over name or id), ` +
        `sso_session or profile_match; at most ${MAX_PROFILES} profiles. Example: args ["sts", "get-caller-identity"]. ` +
        `Rules: the service and operation come first; the only global options are ${Object.keys(ALLOWED_GLOBALS).join(', ')} ` +
        `(written in full; --output json, text, table, yaml or yaml-stream); write operation parameters in full too, since ` +
        `a shortened one may stand for a global option. No value may hold file://, fileb://, http:// or https://. ` +
        `Reads that return secrets or credentials (secretsmanager get-secret-value, ssm parameters --with-decryption, ` +
        `ecr get-login-password, ...) and reads that write a file (s3api get-object, ...) are refused.`,
      inputSchema: z.object({
        args: z
          .array(z.string().max(MAX_ARG_LENGTH))
          .min(2)
          .max(MAX_ARGS)
          .describe(
            'the AWS CLI arguments after `aws`, e.g. ["ec2", "describe-vpcs", "--region", "eu-west-1"]',
          ),
        role: z.string().optional(),
        account: z.string().optional().describe('glob over account name or id'),
        sso_session: z.string().optional(),
        profile_match: z.string().optional().describe('glob over profile names'),
        max_profiles: z.number().int().min(1).max(MAX_PROFILES).default(20),
        timeout_seconds: z.number().int().min(1).max(300).default(60),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      guarded(async () => {
        const command = readOnlyCommand(args.args, readAliasNames(io.env));
        const { profiles, sessions } = store.get();
        const selected = selectProfiles(profiles, {
          ...(args.role ? { role: [args.role] } : {}),
          ...(args.account ? { account: [args.account] } : {}),
          ...(args.sso_session ? { ssoSession: [args.sso_session] } : {}),
          ...(args.profile_match ? { profileMatch: [args.profile_match] } : {}),
        }).sort((a, b) => (a.profile < b.profile ? -1 : 1));
        if (selected.length === 0) throw usageError('no profile matches the selection');
        if (selected.length > args.max_profiles) {
          throw new AppError(
            'USAGE',
            `${selected.length} profiles match, more than max_profiles (${args.max_profiles}). Narrow the selection (role, account) or raise max_profiles up to ${MAX_PROFILES}.`,
          );
        }
        assertSignedIn(io, selected, sessions);
        // Runs in an empty folder of their own: nothing they do lands in the host's working folder.
        const cwd = mkdtempSync(join(tmpdir(), 'aws-org-profiles-run-'));
        const { results } = await runAcross({ ...io, cwd }, selected, command, {
          concurrency: 8,
          timeoutMs: args.timeout_seconds * 1000,
          envFor: (profile) => awsCliEnv(io.env, profile.profile),
          filterOutput: (text) => redactSecrets(text, cachedSecrets(io.env)),
        }).finally(() => rmSync(cwd, { recursive: true, force: true }));
        let budget = MAX_OUTPUT_BYTES;
        let truncated = false;
        const rows = results.map((r) => {
          const text = typeof r.stdout === 'string' ? r.stdout : JSON.stringify(r.stdout);
          const size = text.length + r.stderr.length;
          const keep = size <= budget;
          budget = Math.max(0, budget - size);
          if (!keep) truncated = true;
          return {
            profile: r.profile,
            accountId: r.accountId,
            role: r.role,
            ok: r.ok,
            exitCode: r.exitCode,
            ...(keep
              ? { output: typeof r.stdout === 'string' ? clip(r.stdout) : r.stdout }
              : { output: '(left out: output limit reached)' }),
            ...(r.ok ? {} : { error: clip(r.stderr.trim()), failure: r.failure }),
          };
        });
        const failed = rows.filter((r) => !r.ok).length;
        const value = {
          command: command.slice(1),
          profiles: rows.length,
          succeeded: rows.length - failed,
          failed,
          truncated,
          results: rows,
        };
        return {
          content: [{ type: 'text' as const, text: jsonText(value, 2) }],
          structuredContent: value,
        };
      }),
  );
}
