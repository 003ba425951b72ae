import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  paginateListAccountRoles,
  paginateListAccounts,
  ResourceNotFoundException,
  SSOClient,
  TooManyRequestsException,
  UnauthorizedException,
  type AccountInfo,
} from '@aws-sdk/client-sso';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOrganization, IdentityCenterEmulator } from '../../src/emulator/index.js';

const org = generateOrganization({ accounts: 45, rolesPerAccount: 4, seed: 5, oddNames: true });
let emulator: IdentityCenterEmulator;
let client: SSOClient;
let accessToken: string;

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ org, pageSize: 20 });
  accessToken = emulator.issueToken();
  client = new SSOClient({ endpoint: emulator.url, region: 'eu-central-1', maxAttempts: 1 });
});
afterAll(async () => {
  client.destroy();
  await emulator.stop();
});

describe('the official SSOClient against the emulator', () => {
  it('pages through ListAccounts, odd names intact', async () => {
    const accounts: AccountInfo[] = [];
    let pages = 0;
    for await (const page of paginateListAccounts({ client, pageSize: 7 }, { accessToken })) {
      pages += 1;
      accounts.push(...(page.accountList ?? []));
    }
    expect(pages).toBe(7);
    expect(accounts).toEqual(
      org.accounts.map(({ accountId, accountName, emailAddress }) => ({
        accountId,
        accountName,
        emailAddress,
      })),
    );
    expect(accounts.map((a) => a.accountName)).toContain('[profile x]');
  });

  it('pages through ListAccountRoles', async () => {
    const account = org.accounts[4];
    if (!account) throw new Error('org too small');
    const roles: string[] = [];
    for await (const page of paginateListAccountRoles(
      { client, pageSize: 1 },
      { accessToken, accountId: account.accountId },
    )) {
      for (const r of page.roleList ?? []) {
        expect(r.accountId).toBe(account.accountId);
        roles.push(r.roleName ?? '');
      }
    }
    expect(roles).toEqual(account.roles);
    const direct = await client.send(
      new ListAccountRolesCommand({ accessToken, accountId: account.accountId }),
    );
    expect(direct.nextToken).toBeUndefined();
    expect(direct.roleList).toHaveLength(4);
  });

  it('reads GetRoleCredentials, expiration in epoch milliseconds', async () => {
    const account = org.accounts[0];
    if (!account) throw new Error('org too small');
    const out = await client.send(
      new GetRoleCredentialsCommand({
        accessToken,
        accountId: account.accountId,
        roleName: account.roles[0],
      }),
    );
    const creds = out.roleCredentials;
    expect(creds?.accessKeyId).toMatch(/^ASIA/);
    expect(creds?.secretAccessKey).toBeTruthy();
    expect(creds?.sessionToken).toBeTruthy();
    expect(typeof creds?.expiration).toBe('number');
    expect(Math.abs((creds?.expiration ?? 0) - (Date.now() + 3_600_000))).toBeLessThan(10_000);
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps errors to the modelled exception classes', async () => {
    const unauthorized = await client
      .send(new ListAccountsCommand({ accessToken: 'bogus' }))
      .catch((e: unknown) => e);
    expect(unauthorized).toBeInstanceOf(UnauthorizedException);
    expect((unauthorized as UnauthorizedException).$metadata.httpStatusCode).toBe(401);
    expect((unauthorized as UnauthorizedException).message).toMatch(/token/i);

    const missing = await client
      .send(new ListAccountRolesCommand({ accessToken, accountId: '000000000000' }))
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);

    emulator.setOptions({ rateLimit: { rate: 0, burst: 0 } });
    try {
      const throttled = await client.send(new ListAccountsCommand({ accessToken })).catch((e: unknown) => e);
      expect(throttled).toBeInstanceOf(TooManyRequestsException);
      expect((throttled as TooManyRequestsException).name).toBe('TooManyRequestsException');
      expect((throttled as TooManyRequestsException).$metadata.httpStatusCode).toBe(429);
    } finally {
      emulator.setOptions({ rateLimit: undefined });
    }

    const denied = await client
      .send(new GetRoleCredentialsCommand({ accessToken, accountId: '000000000000', roleName: 'x' }))
      .catch((e: unknown) => e);
    // ForbiddenException is not in the model: the SDK surfaces a generic service exception with its name.
    expect((denied as Error).name).toBe('ForbiddenException');
    expect((denied as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
  });

  it('logs out through the SDK', async () => {
    const session = emulator.issueToken();
    await client.send(new LogoutCommand({ accessToken: session }));
    await expect(client.send(new ListAccountsCommand({ accessToken: session }))).rejects.toBeInstanceOf(
      UnauthorizedException,
    );
  });
});
