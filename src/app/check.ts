/**
 * Check: proving that a profile works: role credentials from the portal with the cached SSO token,
 * then STS GetCallerIdentity with them. The credentials live only in memory, inside this function.
 * Both calls have deadlines, so an agent that asks never waits on a server that stopped answering.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { LoadedCatalog } from '../config/catalog.js';
import { ssoTarget } from '../config/sessions.js';
import { quoteValue } from '../core/untrusted-text.js';
import { bounded, clientConfig, timeoutsFromEnv } from '../sso/clients.js';
import { MalformedResponseError } from '../sso/failures.js';
import { portalFailure, portalScheduler } from '../sso/portal-calls.js';
import { createPortalApi } from '../sso/portal-client.js';
import { openTokenSource } from '../sso/session-token.js';
import { ACCOUNT_ID } from '../sso/validate.js';
import type { Runtime } from './runtime.js';

export interface Identity {
  readonly profile: string;
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
  /** The account STS reports is the profile's `sso_account_id`. */
  readonly matchesProfile: boolean;
}

/** GetCallerIdentity's answer, checked: an empty one would read as a working profile of no account. */
function identityOf(out: { Account?: unknown; Arn?: unknown; UserId?: unknown }) {
  const { Account, Arn, UserId } = out;
  if (typeof Account !== 'string' || !ACCOUNT_ID.test(Account)) {
    throw new MalformedResponseError(
      `GetCallerIdentity returned a malformed answer: Account is ${typeof Account === 'string' ? quoteValue(Account) : 'missing'}`,
    );
  }
  if (typeof Arn !== 'string' || !Arn.startsWith('arn:')) {
    throw new MalformedResponseError(
      `GetCallerIdentity returned a malformed answer: Arn is ${typeof Arn === 'string' ? quoteValue(Arn) : 'missing'}`,
    );
  }
  return { account: Account, arn: Arn, userId: typeof UserId === 'string' ? UserId : '' };
}

export async function checkProfile(rt: Runtime, catalog: LoadedCatalog, name: string): Promise<Identity> {
  const { accountId, role, session, region } = ssoTarget(catalog.file.document, name);
  const timeouts = timeoutsFromEnv(rt.env);
  const token = await openTokenSource(rt.env, rt.now, session);
  const portal = createPortalApi({
    region: session.region,
    accessToken: token,
    maxSockets: 2,
    requestTimeoutMs: timeouts.requestMs,
  });
  const scheduler = portalScheduler(rt.env, timeouts, (text) => rt.reporter.notify({ kind: 'debug', text }));
  let sts: STSClient | undefined;
  try {
    const credentials = await scheduler.run('GetRoleCredentials', (signal) =>
      portal.getRoleCredentials(accountId, role, signal),
    );
    const client = new STSClient({
      ...clientConfig({
        region: region ?? session.region,
        maxSockets: 2,
        requestTimeoutMs: timeouts.requestMs,
      }),
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey.reveal(),
        sessionToken: credentials.sessionToken.reveal(),
        expiration: credentials.expiration,
      },
    });
    sts = client;
    const out = await bounded('GetCallerIdentity', timeouts.requestMs, () =>
      client.send(new GetCallerIdentityCommand({})),
    );
    const identity = identityOf(out);
    return { profile: name, ...identity, matchesProfile: identity.account === accountId };
  } catch (error) {
    throw portalFailure(error, session.name, 'CHECK_FAILED', `profile ${name} does not work`);
  } finally {
    portal.close();
    sts?.destroy();
  }
}
