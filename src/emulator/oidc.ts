import { jsonReply, type Reply } from './error-replies.js';
import { oidcBrowserRoutes } from './oidc-browser.js';
import { oidcError } from './oidc-errors.js';
import {
  optionalString,
  optionalStringList,
  parseJsonObject,
  requiredString,
  withJsonInput,
  type JsonInput,
} from './oidc-input.js';
import type { OidcSettings } from './oidc-options.js';
import type { OidcStore } from './oidc-store.js';
import { createTokenHandler, GRANT_TYPES } from './oidc-token.js';
import { loopbackUrl } from './redirect-uri.js';
import type { RequestContext, Route } from './router.js';
import type { EmulatorState } from './state.js';

export interface OidcDependencies {
  state: EmulatorState;
  store: OidcStore;
  settings: OidcSettings;
  /** The emulator's own URL, which the verification URIs point at. */
  baseUrl: string;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);

/**
 * SSO-OIDC (rest-json, unsigned): RegisterClient, StartDeviceAuthorization and CreateToken, plus
 * the browser pages of the device-code and authorization-code flows. Not rate limited, no faults.
 */
export function oidcRoutes({ state, store, settings, baseUrl }: OidcDependencies): Route[] {
  const registerClient = (input: JsonInput, ctx: RequestContext): Reply => {
    requiredString(input, 'clientName');
    const clientType = requiredString(input, 'clientType');
    optionalStringList(input, 'scopes');
    optionalString(input, 'issuerUrl');
    const grantTypes = optionalStringList(input, 'grantTypes') ?? [];
    const redirectUris = optionalStringList(input, 'redirectUris') ?? [];
    if (clientType !== 'public') {
      return oidcError('InvalidClientMetadataException', 'clientType must be public');
    }
    const grant = grantTypes.find((g) => !GRANT_TYPES.has(g));
    if (grant !== undefined)
      return oidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${grant}`);
    if (!redirectUris.every((uri) => loopbackUrl(uri))) {
      return oidcError('InvalidRedirectUriException', 'redirectUris must be loopback http URLs');
    }
    const client = store.register(redirectUris, ctx.now);
    return jsonReply(200, {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientIdIssuedAt: seconds(client.issuedAt),
      clientSecretExpiresAt: seconds(client.expiresAt),
    });
  };

  const startDeviceAuthorization = (input: JsonInput, ctx: RequestContext): Reply => {
    const clientId = requiredString(input, 'clientId');
    const clientSecret = requiredString(input, 'clientSecret');
    requiredString(input, 'startUrl');
    const client = store.client(clientId, ctx.now, clientSecret);
    if (!client) return oidcError('InvalidClientException', 'Invalid client id or secret');
    const grant = store.startDevice(client.clientId, ctx.now);
    return jsonReply(200, {
      deviceCode: grant.deviceCode,
      userCode: grant.userCode,
      verificationUri: `${baseUrl}/device`,
      verificationUriComplete: `${baseUrl}/device?user_code=${encodeURIComponent(grant.userCode)}`,
      expiresIn: settings.deviceCodeTtlSeconds,
      interval: grant.interval,
    });
  };

  const createToken = withJsonInput(createTokenHandler(state, store, settings));
  const isIam = (ctx: RequestContext): boolean => ctx.query.has('aws_iam');

  return [
    {
      method: 'POST',
      path: '/client/register',
      api: 'oidc',
      operation: 'RegisterClient',
      handle: withJsonInput(registerClient),
      loggedQuery: () => ({}),
    },
    {
      method: 'POST',
      path: '/device_authorization',
      api: 'oidc',
      operation: 'StartDeviceAuthorization',
      handle: withJsonInput(startDeviceAuthorization),
      loggedQuery: () => ({}),
    },
    {
      method: 'POST',
      path: '/token',
      api: 'oidc',
      // CreateTokenWithIAM shares the path (`/token?aws_iam=t`); it needs SigV4 and IAM, so it is not emulated.
      operation: (ctx) => (isIam(ctx) ? 'CreateTokenWithIAM' : 'CreateToken'),
      handle: (ctx) =>
        isIam(ctx)
          ? oidcError('InvalidRequestException', 'CreateTokenWithIAM is not emulated')
          : createToken(ctx),
      loggedQuery: loggedGrantType,
    },
    ...oidcBrowserRoutes(store),
  ];
}

/** The grant type tells a test which flow a client used; only known names are kept, never secrets. */
function loggedGrantType(ctx: RequestContext): Record<string, string> {
  let grantType: unknown;
  try {
    grantType = parseJsonObject(ctx.body).grantType;
  } catch {
    return {};
  }
  return typeof grantType === 'string' && GRANT_TYPES.has(grantType) ? { grantType } : {};
}
