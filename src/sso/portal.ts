/**
 * The Identity Center portal API (service `sso`) behind a narrow interface: one page per call.
 * The bearer token is passed to the SDK and nowhere else.
 */
import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import type { Account } from '../core/model.js';
import { Secret } from '../core/secret.js';
import { clientConfig, type ClientSettings } from './clients.js';
import { classifyFailure } from './errors.js';
import type { TokenSource } from './session-token.js';

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly sessionToken: Secret;
  readonly expiration: Date;
}

export interface PortalApi {
  listAccounts(maxResults: number, nextToken?: string): Promise<Page<Account>>;
  listAccountRoles(accountId: string, maxResults: number, nextToken?: string): Promise<Page<string>>;
  getRoleCredentials(accountId: string, roleName: string): Promise<RoleCredentials>;
  logout(): Promise<void>;
  close(): void;
}

/** Where the bearer token comes from: a fixed one, or a source that can refresh it after a 401. */
export type TokenInput = Secret | TokenSource;

export function createPortalApi(settings: ClientSettings & { readonly accessToken: TokenInput }): PortalApi {
  const client = new SSOClient(clientConfig(settings));
  const source: TokenSource =
    settings.accessToken instanceof Secret
      ? { get: () => Promise.resolve(settings.accessToken as Secret), refresh: () => Promise.resolve(false) }
      : settings.accessToken;
  // A token that expires in the middle of a long run is refreshed once, and the call repeated.
  const authed = async <T>(call: (token: string) => Promise<T>): Promise<T> => {
    const token = await source.get();
    try {
      return await call(token.reveal());
    } catch (error) {
      if (classifyFailure(error) !== 'unauthorized' || !(await source.refresh(token))) throw error;
      return call((await source.get()).reveal());
    }
  };
  return {
    async listAccounts(maxResults, nextToken) {
      const out = await authed((accessToken) =>
        client.send(new ListAccountsCommand({ accessToken, maxResults, nextToken })),
      );
      return {
        items: (out.accountList ?? []).map((a) => ({
          accountId: a.accountId ?? '',
          accountName: a.accountName ?? '',
          ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
        })),
        ...(out.nextToken ? { nextToken: out.nextToken } : {}),
      };
    },
    async listAccountRoles(accountId, maxResults, nextToken) {
      const out = await authed((accessToken) =>
        client.send(new ListAccountRolesCommand({ accessToken, accountId, maxResults, nextToken })),
      );
      return {
        items: (out.roleList ?? []).flatMap((r) => (r.roleName ? [r.roleName] : [])),
        ...(out.nextToken ? { nextToken: out.nextToken } : {}),
      };
    },
    async getRoleCredentials(accountId, roleName) {
      const out = await authed((accessToken) =>
        client.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName })),
      );
      const c = out.roleCredentials;
      if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken || c.expiration === undefined) {
        throw new Error('GetRoleCredentials returned incomplete credentials');
      }
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: new Secret(c.secretAccessKey),
        sessionToken: new Secret(c.sessionToken),
        expiration: new Date(c.expiration),
      };
    },
    async logout() {
      await client.send(new LogoutCommand({ accessToken: (await source.get()).reveal() }));
    },
    close() {
      client.destroy();
    },
  };
}
