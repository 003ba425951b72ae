/** Role credentials from the emulator's portal, and an Organizations client signed with them. */
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetRoleCredentialsCommand, SSOClient } from '@aws-sdk/client-sso';
import type { IdentityCenterEmulator } from '../../src/emulator/index.js';

export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

export async function roleCredentials(
  emulator: IdentityCenterEmulator,
  accountId: string,
  roleName: string,
): Promise<RoleCredentials> {
  const sso = new SSOClient({ endpoint: emulator.url, region: 'eu-central-1', maxAttempts: 1 });
  try {
    const out = await sso.send(
      new GetRoleCredentialsCommand({ accessToken: emulator.issueToken(), accountId, roleName }),
    );
    const c = out.roleCredentials;
    if (!c?.accessKeyId || !c.secretAccessKey || !c.sessionToken) throw new Error('no role credentials');
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
  } finally {
    sso.destroy();
  }
}

/** One attempt per call, so that a throttled or denied answer reaches the test as it came. */
export async function orgClient(
  emulator: IdentityCenterEmulator,
  accountId: string,
  roleName: string,
): Promise<OrganizationsClient> {
  return new OrganizationsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: await roleCredentials(emulator, accountId, roleName),
  });
}

/** The error an SDK call rejects with: its name and HTTP status. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('the call succeeded');
}
