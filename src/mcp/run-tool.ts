/**
 * `run_across_profiles`: one AWS CLI read call across many profiles, for agents. The agent is not
 * trusted; app/fan-out.ts checks its arguments the way the AWS CLI parses them, runs each call
 * without the server's own credentials, and searches what comes back for tokens and credentials.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { LoadedCatalog } from '../app/list.js';
import type { Runtime } from '../app/runtime.js';
import { MAX_ARG_LENGTH, MAX_ARGS } from '../core/aws-cli-args.js';
import { ALLOWED_GLOBALS } from '../core/aws-cli-rules.js';
import { MAX_PROFILES } from '../core/fan-out-rules.js';
import { selectionOf, structureArgs } from './selection.js';
import { guarded, ok, signInToolLine } from './tool-result.js';

export function registerRunTool(server: McpServer, rt: Runtime, profiles: { get(): LoadedCatalog }): void {
  server.registerTool(
    'run_across_profiles',
    {
      title: 'Run an AWS CLI read across profiles',
      description:
        `Runs one read-only AWS CLI call (describe-*, list-*, get-*, or s3 ls) in every selected profile at once, ` +
        `with AWS_PROFILE set, and returns each profile's parsed JSON. Select with role, account (glob over name or id), ` +
        `sso_session, profile_match, ou (glob over the OU path) or tag; at most ${MAX_PROFILES} profiles. Example: args ["sts", "get-caller-identity"]. ` +
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
        ...structureArgs,
        max_profiles: z.number().int().min(1).max(MAX_PROFILES).default(20),
        timeout_seconds: z.number().int().min(1).max(300).default(60),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      guarded(async () => {
        const { runAcrossProfiles } = await import('../app/fan-out.js');
        const result = await runAcrossProfiles(rt, profiles.get(), {
          args: args.args,
          selection: selectionOf(args),
          maxProfiles: args.max_profiles,
          timeoutSeconds: args.timeout_seconds,
        });
        // A token the portal refused mid-way: the runs say so, and the agent can sign in from here.
        const refused = result.results.some((r) => r.failure === 'auth');
        return ok({
          ...result,
          ...(refused
            ? {
                signIn: `Some runs failed because the SSO sign-in expired or was refused. ${signInToolLine(undefined, true)}`,
              }
            : {}),
        });
      }),
  );
}
