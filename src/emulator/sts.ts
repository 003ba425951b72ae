import { escapeXml, STS_NAMESPACE, stsError, type Reply } from './error-replies.js';
import { header, type RequestContext, type Route } from './router.js';
import { EMULATOR_USER, reservedRoleName, roleId, type EmulatorState } from './state.js';

/** SigV4: `AWS4-HMAC-SHA256 Credential=<key id>/<date>/<region>/sts/aws4_request, ...`. */
const CREDENTIAL = /Credential=([^/,\s]+)\//;

function actionOf(ctx: RequestContext): string | undefined {
  return new URLSearchParams(ctx.body).get('Action') ?? ctx.query.get('Action') ?? undefined;
}

/**
 * STS, query protocol, on the same server as the portal so one URL serves as both
 * AWS_ENDPOINT_URL_SSO and AWS_ENDPOINT_URL_STS. The signature is not checked: the access key id
 * alone tells which credentials (hence which account and role) signed the request.
 */
export function stsRoutes(state: EmulatorState): Route[] {
  const getCallerIdentity = (ctx: RequestContext): Reply => {
    const keyId = CREDENTIAL.exec(header(ctx, 'authorization') ?? '')?.[1];
    if (keyId === undefined) {
      return stsError(
        403,
        'MissingAuthenticationToken',
        'Request is missing Authentication Token',
        ctx.requestId,
      );
    }
    const issued = state.credentialsFor(keyId);
    if (!issued) {
      return stsError(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
        ctx.requestId,
      );
    }
    if (issued.expiration <= ctx.now) {
      return stsError(
        403,
        'ExpiredToken',
        'The security token included in the request is expired',
        ctx.requestId,
      );
    }
    const { accountId, roleName } = issued;
    const arn = `arn:aws:sts::${accountId}:assumed-role/${reservedRoleName(roleName)}/${EMULATOR_USER}`;
    const userId = `${roleId(accountId, roleName)}:${EMULATOR_USER}`;
    const body =
      `<GetCallerIdentityResponse xmlns="${STS_NAMESPACE}">\n` +
      `  <GetCallerIdentityResult>\n` +
      `    <Arn>${escapeXml(arn)}</Arn>\n` +
      `    <UserId>${escapeXml(userId)}</UserId>\n` +
      `    <Account>${accountId}</Account>\n` +
      `  </GetCallerIdentityResult>\n` +
      `  <ResponseMetadata>\n    <RequestId>${ctx.requestId}</RequestId>\n  </ResponseMetadata>\n` +
      `</GetCallerIdentityResponse>\n`;
    return { status: 200, headers: { 'content-type': 'text/xml' }, body };
  };

  const dispatch = (ctx: RequestContext): Reply => {
    const action = actionOf(ctx);
    if (action === undefined) return stsError(400, 'MissingAction', 'Missing Action', ctx.requestId);
    if (action === 'GetCallerIdentity') return getCallerIdentity(ctx);
    return stsError(
      400,
      'InvalidAction',
      `Could not find operation ${action} for version 2011-06-15`,
      ctx.requestId,
    );
  };

  return [
    {
      method: 'POST',
      path: '/',
      api: 'sts',
      // Only known names become stats keys, so clients cannot grow the table.
      operation: (ctx) => (actionOf(ctx) === 'GetCallerIdentity' ? 'GetCallerIdentity' : 'UnknownStsAction'),
      handle: dispatch,
      loggedQuery: (ctx) => {
        const query = Object.fromEntries(ctx.query);
        const action = new URLSearchParams(ctx.body).get('Action');
        if (action !== null) query.Action = action;
        return query;
      },
    },
  ];
}
