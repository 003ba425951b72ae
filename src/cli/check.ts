/**
 * Proving that a profile works: role credentials from the portal with the cached SSO token, then
 * STS GetCallerIdentity with them. The credentials live only in memory, inside this function.
 */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { ConfigDocument } from '../config/document.js';
import { AppError } from '../core/errors.js';
import type { Io } from './io.js';
import { loginHint, openTokenSource, ssoTarget } from './session.js';
import { clientConfig } from '../sso/clients.js';
import { classifyFailure, describeFailure } from '../sso/errors.js';
import { createPortalApi } from '../sso/portal.js';

export interface Identity {
  readonly profile: string;
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
  /** The account STS reports is the profile's `sso_account_id`. */
  readonly matchesProfile: boolean;
}

export async function checkProfile(
  io: Pick<Io, 'env' | 'now'>,
  doc: ConfigDocument,
  name: string,
): Promise<Identity> {
  const { accountId, role, session, region } = ssoTarget(doc, name);
  const token = await openTokenSource(io, session);
  const portal = createPortalApi({ region: session.region, accessToken: token, maxSockets: 2 });
  let sts: STSClient | undefined;
  try {
    const credentials = await portal.getRoleCredentials(accountId, role);
    sts = new STSClient({
      ...clientConfig({ region: region ?? session.region, maxSockets: 2 }),
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey.reveal(),
        sessionToken: credentials.sessionToken.reveal(),
        expiration: credentials.expiration,
      },
    });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    const account = out.Account ?? '';
    return {
      profile: name,
      account,
      arn: out.Arn ?? '',
      userId: out.UserId ?? '',
      matchesProfile: account === accountId,
    };
  } catch (error) {
    if (classifyFailure(error) === 'unauthorized') {
      throw new AppError('TOKEN_REJECTED', `the portal rejected the SSO token of session ${session.name}.`, {
        hint: loginHint(session.name),
        cause: error,
      });
    }
    throw new AppError('CHECK_FAILED', `profile ${name} does not work: ${describeFailure(error)}`, {
      cause: error,
    });
  } finally {
    portal.close();
    sts?.destroy();
  }
}
