/**
 * IAM Identity Center sign-in (service `sso-oidc`) behind a narrow interface: client registration,
 * device authorization, and CreateToken with the device-code, authorization-code (PKCE) and
 * refresh-token grants. Secrets come in and go out as `Secret`s. Every call has a deadline, and
 * every answer is checked: a token without a lifetime, or a device code without a user code, is
 * an error, never a default.
 */
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { Secret } from '../core/secret.js';
import { bounded, clientConfig, DEFAULT_REQUEST_TIMEOUT_MS } from './clients.js';
import { asRecord, opaque, pageUrl, seconds, text } from './validate.js';

export interface Registration {
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly expiresAt: Date;
}

export interface DeviceAuthorization {
  readonly deviceCode: Secret;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresIn: number;
  readonly interval: number;
}

export interface Tokens {
  readonly accessToken: Secret;
  readonly expiresIn: number;
  readonly refreshToken?: Secret;
}

export type Grant =
  | { readonly type: 'device_code'; readonly deviceCode: Secret }
  | {
      readonly type: 'authorization_code';
      readonly code: Secret;
      readonly redirectUri: string;
      readonly codeVerifier: Secret;
    }
  | { readonly type: 'refresh_token'; readonly refreshToken: Secret };

export interface OidcApi {
  register(input: {
    clientName: string;
    scopes?: readonly string[];
    grantTypes: readonly string[];
    redirectUris?: readonly string[];
    issuerUrl?: string;
  }): Promise<Registration>;
  startDeviceAuthorization(registration: Registration, startUrl: string): Promise<DeviceAuthorization>;
  createToken(registration: Registration, grant: Grant): Promise<Tokens>;
  close(): void;
}

const GRANT_TYPES = {
  device_code: 'urn:ietf:params:oauth:grant-type:device_code',
  authorization_code: 'authorization_code',
  refresh_token: 'refresh_token',
} as const;

/** Longest token lifetime accepted: past it, an answer is not one IAM Identity Center sends. */
const MAX_TOKEN_SECONDS = 366 * 86_400;
/** How long a device code may be polled, whatever the server says: AWS gives 600 s. */
const MAX_DEVICE_SECONDS = 3_600;

export function createOidcApi(region: string, requestTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): OidcApi {
  const client = new SSOOIDCClient(clientConfig({ region, maxSockets: 4, requestTimeoutMs }));
  // One call with its deadline, and its answer checked to be a record before any field is read.
  const answer = async (operation: string, send: () => Promise<unknown>) =>
    asRecord(operation, await bounded(operation, requestTimeoutMs, send));
  return {
    async register(input) {
      const op = 'RegisterClient';
      const out = await answer(op, () =>
        client.send(
          new RegisterClientCommand({
            clientName: input.clientName,
            clientType: 'public',
            ...(input.scopes?.length ? { scopes: [...input.scopes] } : {}),
            grantTypes: [...input.grantTypes],
            ...(input.redirectUris ? { redirectUris: [...input.redirectUris] } : {}),
            ...(input.issuerUrl ? { issuerUrl: input.issuerUrl } : {}),
          }),
        ),
      );
      const clientId = opaque(op, out, 'clientId');
      const clientSecret = opaque(op, out, 'clientSecret');
      // Epoch seconds; a registration that expired already, or past the year 9999, is not real.
      const expiresAt = seconds(op, out, 'clientSecretExpiresAt', 1, 253_402_300_799);
      return { clientId, clientSecret: new Secret(clientSecret), expiresAt: new Date(expiresAt * 1000) };
    },
    async startDeviceAuthorization(registration, startUrl) {
      const op = 'StartDeviceAuthorization';
      const out = await answer(op, () =>
        client.send(
          new StartDeviceAuthorizationCommand({
            clientId: registration.clientId,
            clientSecret: registration.clientSecret.reveal(),
            startUrl,
          }),
        ),
      );
      const verificationUri = pageUrl(op, out, 'verificationUri');
      return {
        deviceCode: new Secret(opaque(op, out, 'deviceCode')),
        userCode: text(op, out, 'userCode'),
        verificationUri,
        verificationUriComplete:
          out.verificationUriComplete === undefined || out.verificationUriComplete === null
            ? verificationUri
            : pageUrl(op, out, 'verificationUriComplete'),
        expiresIn: Math.min(seconds(op, out, 'expiresIn', 1, MAX_TOKEN_SECONDS), MAX_DEVICE_SECONDS),
        interval:
          out.interval === undefined || out.interval === null ? 5 : seconds(op, out, 'interval', 0, 60),
      };
    },
    async createToken(registration, grant) {
      const op = 'CreateToken';
      const out = await answer(op, () =>
        client.send(
          new CreateTokenCommand({
            clientId: registration.clientId,
            clientSecret: registration.clientSecret.reveal(),
            grantType: GRANT_TYPES[grant.type],
            ...(grant.type === 'device_code' ? { deviceCode: grant.deviceCode.reveal() } : {}),
            ...(grant.type === 'authorization_code'
              ? {
                  code: grant.code.reveal(),
                  redirectUri: grant.redirectUri,
                  codeVerifier: grant.codeVerifier.reveal(),
                }
              : {}),
            ...(grant.type === 'refresh_token' ? { refreshToken: grant.refreshToken.reveal() } : {}),
          }),
        ),
      );
      const accessToken = opaque(op, out, 'accessToken');
      const expiresIn = seconds(op, out, 'expiresIn', 1, MAX_TOKEN_SECONDS);
      const refresh = out.refreshToken;
      return {
        accessToken: new Secret(accessToken),
        expiresIn,
        ...(refresh === undefined || refresh === null || refresh === ''
          ? {}
          : { refreshToken: new Secret(opaque(op, out, 'refreshToken')) }),
      };
    },
    close() {
      client.destroy();
    },
  };
}
