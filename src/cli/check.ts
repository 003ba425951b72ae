/**
 * Proving that a profile works: role credentials from the portal with the cached SSO token, then
 * STS GetCallerIdentity with them. The credentials live only in memory, inside this function.
 * Both calls have deadlines, so an agent that asks never waits on a server that stopped answering.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ConfigDocument } from '../config/document.js';
import { AppError } from '../core/errors.js';
import { quoteValue } from '../core/untrusted-text.js';
import type { Io } from './io.js';
import { loginHint, openTokenSource, ssoTarget } from './session.js';
import { bounded, clientConfig, timeoutsFromEnv } from '../sso/clients.js';
import { classifyFailure, describeFailure, MalformedResponseError } from '../sso/failures.js';
import { createPortalApi } from '../sso/portal-client.js';
import { ACCOUNT_ID } from '../sso/validate.js';
import { failureHint, portalScheduler } from './discover.js';

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

export async function checkProfile(
  io: Pick<Io, 'env' | 'now'>,
  doc: ConfigDocument,
  name: string,
): Promise<Identity> {
  const { accountId, role, session, region } = ssoTarget(doc, name);
  const timeouts = timeoutsFromEnv(io.env);
  const token = await openTokenSource(io, session);
  const portal = createPortalApi({
    region: session.region,
    accessToken: token,
    maxSockets: 2,
    requestTimeoutMs: timeouts.requestMs,
  });
  const scheduler = portalScheduler(io, timeouts);
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
    if (classifyFailure(error) === 'unauthorized') {
      throw new AppError('TOKEN_REJECTED', `the portal rejected the SSO token of session ${session.name}.`, {
        hint: loginHint(session.name),
        cause: error,
      });
    }
    throw new AppError('CHECK_FAILED', `profile ${name} does not work: ${describeFailure(error)}`, {
      hint: failureHint(error),
      cause: error,
    });
  } finally {
    portal.close();
    sts?.destroy();
  }
}
