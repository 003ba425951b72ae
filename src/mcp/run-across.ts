/**
 * `run_across_profiles`: one AWS CLI read call across many profiles, for agents. Only operations
 * that read (describe-*, list-*, get-*, and `s3 ls`) are allowed, on a capped number of profiles,
 * with a capped amount of output, so an agent cannot change or flood anything through it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import { runAcross, assertSignedIn } from '../cli/each.js';
import type { Io } from '../cli/io.js';
import { AppError, usageError } from '../core/errors.js';
import { selectProfiles } from '../core/select.js';
import { guarded } from './result.js';
import type { ProfileStore } from './store.js';

export const MAX_PROFILES = 50;

/** `get-*` operations whose output goes to a local file named in their arguments. */
const WRITES_A_FILE = new Set([
  'get-object',
  'get-object-torrent',
  'get-job-output',
  'get-snapshot-block',
  'get-media',
  'get-clip',
]);
const MAX_OUTPUT_BYTES = 200_000;
const MAX_PER_RESULT = 20_000;

/** `aws <service> <operation>` with a reading operation; options that reach outside are refused. */
export function readOnlyCommand(args: readonly string[]): string[] {
  const [service, operation] = args;
  if (!service || !operation || service.startsWith('-')) {
    throw usageError(
      'give the AWS CLI arguments after `aws`: a service and an operation, e.g. ["ec2", "describe-vpcs"]',
    );
  }
  const reads =
    (/^(describe|list|get)-[a-z0-9-]+$/.test(operation) && !WRITES_A_FILE.has(operation)) ||
    (service === 's3' && operation === 'ls');
  if (!reads)
    throw usageError(
      `only reading operations (describe-*, list-*, get-*, s3 ls) may run here, not "${service} ${operation}"`,
    );
  for (const arg of args.slice(2)) {
    // A local path is where get-object and its kind write their output: refuse anything like one.
    if (!arg.startsWith('-') && /^(~|\.{1,2}\/|\/)/.test(arg)) {
      throw usageError(`the argument ${arg} looks like a local path; nothing may be written to disk here`);
    }
    if (
      /^--(profile|endpoint-url|ca-bundle|cli-input-json|cli-input-yaml|debug)(=|$)/.test(arg) ||
      /^(file|fileb):\/\//.test(arg)
    ) {
      throw usageError(
        `the argument ${arg} is not allowed here: the profile is set for you, and nothing is read from files`,
      );
    }
  }
  return ['aws', ...args, ...(args.includes('--output') ? [] : ['--output', 'json'])];
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
        `sso_session or profile_match; at most ${MAX_PROFILES} profiles. Example: args ["sts", "get-caller-identity"].`,
      inputSchema: z.object({
        args: z
          .array(z.string())
          .min(2)
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
        const command = readOnlyCommand(args.args);
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
          content: [{ type: 'text' as const, text: JSON.stringify(value, null, 2) }],
          structuredContent: value,
        };
      }),
  );
}
