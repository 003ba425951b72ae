/** The tools about sign-in and access: session_status, check_profile. */
import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { LoadedCatalog } from '../app/list.js';
import type { Runtime } from '../app/runtime.js';
import { guarded, ok } from './tool-result.js';

export function registerSessionTools(
  server: McpServer,
  rt: Runtime,
  profiles: { get(): LoadedCatalog },
): void {
  server.registerTool(
    'session_status',
    {
      title: 'IAM Identity Center sign-in status',
      description:
        'Each sso-session: its start URL and region, whether the user is signed in, and until when. ' +
        'state is signed-in, refreshable (expired but renewed automatically), expired, missing or invalid; ' +
        'the last three mean the user must sign in again, with the command in fix. The token itself is never returned.',
      inputSchema: z.object({}),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      guarded(async () => {
        const { sessionStatus } = await import('../app/session-status.js');
        return ok({
          sessions: sessionStatus(rt, profiles.get().sessions).map((s) => ({
            name: s.name,
            startUrl: s.startUrl,
            region: s.region,
            state: s.state,
            expiresAt: s.expiresAt?.toISOString() ?? null,
            minutesLeft: s.minutesLeft,
            refreshable: s.renewable,
            ...(s.fix ? { fix: s.fix } : {}),
          })),
        });
      }),
  );

  server.registerTool(
    'check_profile',
    {
      title: 'Check that an AWS profile works',
      description:
        'Proves a profile works: takes its role credentials from IAM Identity Center with the cached sign-in, ' +
        'calls STS GetCallerIdentity with them, and returns the account and ARN. Credentials are never returned.',
      inputSchema: z.object({ profile: z.string().min(1).describe('the profile name') }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    (args) =>
      guarded(async () => {
        const { checkProfile } = await import('../app/check.js');
        return ok({ ...(await checkProfile(rt, profiles.get(), args.profile)) });
      }),
  );
}
