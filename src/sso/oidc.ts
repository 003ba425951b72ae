/**
 * IAM Identity Center sign-in (service `sso-oidc`) behind a narrow interface: client registration,
 * device authorization, and CreateToken with the device-code, authorization-code (PKCE) and
 * refresh-token grants. Secrets come in and go out as `Secret`s.
 */
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { Secret } from '../core/secret.js';
import { clientConfig } from './clients.js';

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

export function createOidcApi(region: string): OidcApi {
  const client = new SSOOIDCClient(clientConfig({ region, maxSockets: 4 }));
  return {
    async register(input) {
      const out = await client.send(
        new RegisterClientCommand({
          clientName: input.clientName,
          clientType: 'public',
          ...(input.scopes?.length ? { scopes: [...input.scopes] } : {}),
          grantTypes: [...input.grantTypes],
          ...(input.redirectUris ? { redirectUris: [...input.redirectUris] } : {}),
          ...(input.issuerUrl ? { issuerUrl: input.issuerUrl } : {}),
        }),
      );
      if (!out.clientId || !out.clientSecret) throw new Error('RegisterClient returned no client');
      return {
        clientId: out.clientId,
        clientSecret: new Secret(out.clientSecret),
        expiresAt: new Date((out.clientSecretExpiresAt ?? 0) * 1000),
      };
    },
    async startDeviceAuthorization(registration, startUrl) {
      const out = await client.send(
        new StartDeviceAuthorizationCommand({
          clientId: registration.clientId,
          clientSecret: registration.clientSecret.reveal(),
          startUrl,
        }),
      );
      if (!out.deviceCode || !out.userCode || !out.verificationUri) {
        throw new Error('StartDeviceAuthorization returned no device code');
      }
      return {
        deviceCode: new Secret(out.deviceCode),
        userCode: out.userCode,
        verificationUri: out.verificationUri,
        verificationUriComplete: out.verificationUriComplete ?? out.verificationUri,
        expiresIn: out.expiresIn ?? 600,
        interval: out.interval ?? 5,
      };
    },
    async createToken(registration, grant) {
      const out = await client.send(
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
      );
      if (!out.accessToken) throw new Error('CreateToken returned no access token');
      return {
        accessToken: new Secret(out.accessToken),
        expiresIn: out.expiresIn ?? 3600,
        ...(out.refreshToken ? { refreshToken: new Secret(out.refreshToken) } : {}),
      };
    },
    close() {
      client.destroy();
    },
  };
}
