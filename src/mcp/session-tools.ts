/** The tools about sign-in and access: sign_in, session_status, check_profile. */
import type { McpServer } from '@modelcontextprotocol/server';
import * as z from 'zod';
import type { LoadedCatalog } from '../app/list.js';
import type { Runtime } from '../app/runtime.js';
import { failureJson, pendingJson, SignInHost, signInJson } from './sign-in-host.js';
import { guarded, ok, signInToolLine } from './tool-result.js';

/** Longer than any session name a config holds; a name is only looked up, never used as a path. */
const MAX_SESSION_NAME = 256;

export function registerSessionTools(
  server: McpServer,
  rt: Runtime,
  profiles: { get(): LoadedCatalog },
): SignInHost {
  const signIns = new SignInHost(rt, server);

  server.registerTool(
    'sign_in',
    {
      title: 'Sign in to AWS IAM Identity Center',
      description:
        'Starts the sign-in of an sso-session when session_status (or a failed tool) says the user must sign in. ' +
        'Returns at once with a verificationUriComplete URL and a userCode: the USER must open that URL in a ' +
        'browser and approve the request; you cannot do it for them. Show them the URL and code, then call ' +
        'session_status until the session is signed-in (the sign-in goes on in the background until expiresAt). ' +
        'Calling again while it waits returns the same URL and code. A session already signed in needs nothing ' +
        '(force: true starts a new sign-in anyway, for a token the portal rejects). The token is saved where ' +
        'the AWS CLI finds it and is never returned.',
      inputSchema: z.object({
        sso_session: z
          .string()
          .min(1)
          .max(MAX_SESSION_NAME)
          .optional()
          .describe('the sso-session to sign in to; default: the only one'),
        force: z
          .boolean()
          .optional()
          .describe('sign in even though the cached token looks valid (when the portal rejects it)'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    (args) =>
      guarded(async () => {
        const flows = await signIns.load();
        const result = await flows.signIn({
          ...(args.sso_session === undefined ? {} : { ssoSession: args.sso_session }),
          force: args.force === true,
        });
        const elicitation = result.state === 'pending' ? await signIns.elicit(result.pending) : undefined;
        return ok(signInJson(result, elicitation));
      }),
  );

  server.registerTool(
    'session_status',
    {
      title: 'IAM Identity Center sign-in status',
      description:
        'Each sso-session: its start URL and region, whether the user is signed in, and until when. ' +
        'state is signed-in, refreshable (expired but renewed automatically), expired, missing or invalid; ' +
        'the last three mean the user must sign in again: call sign_in (see fix). A sign-in that waits for the ' +
        'user shows as signInPending, one that failed as lastSignInError (once). The token itself is never returned.',
      inputSchema: z.object({}),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      guarded(async () => {
        const { sessionStatus } = await import('../app/session-status.js');
        const flows = signIns.current;
        return ok({
          sessions: sessionStatus(rt, profiles.get().sessions).map((s) => {
            const pending = flows?.pending(s.name);
            const failure = flows?.takeFailure(s.name);
            return {
              name: s.name,
              startUrl: s.startUrl,
              region: s.region,
              state: s.state,
              expiresAt: s.expiresAt?.toISOString() ?? null,
              minutesLeft: s.minutesLeft,
              refreshable: s.renewable,
              ...(s.fix ? { fix: `${signInToolLine(s.name)} Or ask the user to run: ${s.fix}` } : {}),
              ...(pending ? { signInPending: pendingJson(pending) } : {}),
              ...(failure ? { lastSignInError: failureJson(failure) } : {}),
            };
          }),
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

  return signIns;
}
