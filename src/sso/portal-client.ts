/**
 * The Identity Center portal API (service `sso`) behind a narrow interface: one page per call.
 * The bearer token is passed to the SDK and nowhere else. Every call has a deadline on the whole
 * exchange, and every answer is checked (validate.ts) before anything reads it.
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
import { bounded, clientConfig, DEFAULT_REQUEST_TIMEOUT_MS, type ClientSettings } from './clients.js';
import { classifyFailure } from './failures.js';
import type { TokenSource } from './session-token.js';
import { accountsPage, roleCredentials, rolesPage, type Page } from './validate.js';

export type { Page } from './validate.js';

export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: Secret;
  readonly sessionToken: Secret;
  readonly expiration: Date;
}

/** `signal` aborts a call in flight: the caller gave up on the whole run. */
export interface PortalApi {
  listAccounts(maxResults: number, nextToken?: string, signal?: AbortSignal): Promise<Page<Account>>;
  listAccountRoles(
    accountId: string,
    maxResults: number,
    nextToken?: string,
    signal?: AbortSignal,
  ): Promise<Page<string>>;
  getRoleCredentials(accountId: string, roleName: string, signal?: AbortSignal): Promise<RoleCredentials>;
  logout(): Promise<void>;
  close(): void;
}

/** Where the bearer token comes from: a fixed one, or a source that can refresh it after a 401. */
export type TokenInput = Secret | TokenSource;

export function createPortalApi(settings: ClientSettings & { readonly accessToken: TokenInput }): PortalApi {
  const client = new SSOClient(clientConfig(settings));
  const timeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const source: TokenSource =
    settings.accessToken instanceof Secret
      ? { get: () => Promise.resolve(settings.accessToken as Secret), refresh: () => Promise.resolve(false) }
      : settings.accessToken;
  // A token that expires in the middle of a long run is refreshed once, and the call repeated.
  const authed = async <T>(
    operation: string,
    outer: AbortSignal | undefined,
    call: (token: string) => Promise<T>,
  ): Promise<T> => {
    const send = (token: Secret) => bounded(operation, timeoutMs, () => call(token.reveal()), outer);
    const token = await source.get();
    try {
      return await send(token);
    } catch (error) {
      if (classifyFailure(error) !== 'unauthorized' || !(await source.refresh(token))) throw error;
      return send(await source.get());
    }
  };
  return {
    async listAccounts(maxResults, nextToken, outer) {
      const out = await authed('ListAccounts', outer, (accessToken) =>
        client.send(new ListAccountsCommand({ accessToken, maxResults, nextToken })),
      );
      return accountsPage(out);
    },
    async listAccountRoles(accountId, maxResults, nextToken, outer) {
      const out = await authed(`ListAccountRoles ${accountId}`, outer, (accessToken) =>
        client.send(new ListAccountRolesCommand({ accessToken, accountId, maxResults, nextToken })),
      );
      return rolesPage(accountId, out);
    },
    async getRoleCredentials(accountId, roleName, outer) {
      const out = await authed('GetRoleCredentials', outer, (accessToken) =>
        client.send(new GetRoleCredentialsCommand({ accessToken, accountId, roleName })),
      );
      const c = roleCredentials(out);
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: new Secret(c.secretAccessKey),
        sessionToken: new Secret(c.sessionToken),
        expiration: new Date(c.expiration),
      };
    },
    async logout() {
      const accessToken = (await source.get()).reveal();
      await bounded('Logout', timeoutMs, () => client.send(new LogoutCommand({ accessToken })));
    },
    close() {
      client.destroy();
    },
  };
}
