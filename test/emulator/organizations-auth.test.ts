import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ListRootsCommand,
  OrganizationsClient,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-organizations';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Secret } from '../../src/core/secret.js';
import { demoOrganization, EMULATOR_PORTAL, IdentityCenterEmulator } from '../../src/emulator/index.js';
import { writeSessionToken } from '../../src/sso/token-cache.js';
import { hasAwsCli } from '../support/botocore.js';
import { runProgram } from '../support/cli.js';
import { botocoreAvailable, call, obj, runPython } from './helpers.js';
import { failure, roleCredentials, type RoleCredentials } from './organizations-helpers.js';

let emulator: IdentityCenterEmulator;
let creds: RoleCredentials;
const hasBotocore = await botocoreAvailable();

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ org: demoOrganization() });
  creds = await roleCredentials(emulator, '111111111111', 'AdministratorAccess');
});
afterAll(() => emulator.stop());
afterEach(() => void vi.useRealTimers());

function client(credentials: RoleCredentials): OrganizationsClient {
  return new OrganizationsClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials,
  });
}

describe('SigV4 on Organizations requests', () => {
  it('accepts a request signed for any region, as a custom endpoint signs', async () => {
    const c = new OrganizationsClient({
      endpoint: emulator.url,
      region: 'eu-central-1',
      maxAttempts: 1,
      credentials: creds,
    });
    expect((await c.send(new ListRootsCommand({}))).Roots).toHaveLength(1);
    c.destroy();
  });

  it('answers MissingAuthenticationTokenException to an unsigned request', async () => {
    const res = await call(emulator.url, '/', {
      method: 'POST',
      body: '{}',
      headers: {
        'x-amz-target': 'AWSOrganizationsV20161128.ListRoots',
        'content-type': 'application/x-amz-json-1.1',
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(obj(res.json).__type).toBe('MissingAuthenticationTokenException');
  });

  it('refuses a wrong secret, a key it never issued and a session token that does not match', async () => {
    const wrongSecret = client({ ...creds, secretAccessKey: `${creds.secretAccessKey.slice(1)}x` });
    expect(await failure(wrongSecret.send(new ListRootsCommand({})))).toMatchObject({
      name: 'InvalidSignatureException',
      status: 400,
    });
    const unknown = client({ ...creds, accessKeyId: 'ASIANEVERISSUED00000' });
    expect(await failure(unknown.send(new ListRootsCommand({})))).toMatchObject({
      name: 'UnrecognizedClientException',
      status: 400,
    });
    const other = await roleCredentials(emulator, '333333333333', 'SecurityAudit');
    const mixed = client({ ...creds, sessionToken: other.sessionToken });
    expect(await failure(mixed.send(new ListRootsCommand({})))).toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('refuses a body or a target changed after signing', async () => {
    const changes: Record<string, (r: { body: string; headers: Record<string, string> }) => void> = {
      body: (r) => void (r.body = '[]'),
      target: (r) => void (r.headers['x-amz-target'] = 'AWSOrganizationsV20161128.ListAccounts'),
    };
    for (const [name, change] of Object.entries(changes)) {
      const c = client(creds);
      const tamper: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => (args) => {
        change(args.request as { body: string; headers: Record<string, string> });
        return next(args);
      };
      c.middlewareStack.addRelativeTo(tamper, {
        relation: 'after',
        toMiddleware: 'awsAuthMiddleware',
        name: `tamper-${name}`,
      });
      expect(await failure(c.send(new ListRootsCommand({})))).toMatchObject({
        name: 'InvalidSignatureException',
      });
      c.destroy();
    }
  });

  it('answers ExpiredTokenException once the role credentials have expired', async () => {
    const c = client(creds);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2 * 3600_000 });
    expect(await failure(c.send(new ListRootsCommand({})))).toMatchObject({
      name: 'ExpiredTokenException',
      status: 400,
    });
    c.destroy();
  });
});

describe('botocore and the AWS CLI against Organizations', () => {
  const script = `
import json, os, botocore.session
from botocore.exceptions import ClientError
s = botocore.session.get_session()
def client(prefix):
    return s.create_client('organizations', endpoint_url=os.environ['EMU_URL'], region_name='us-east-1',
        aws_access_key_id=os.environ[prefix + '_KEY'], aws_secret_access_key=os.environ[prefix + '_SECRET'],
        aws_session_token=os.environ[prefix + '_SESSION'])
org = client('ADMIN')
accounts = []
for page in org.get_paginator('list_accounts').paginate(PaginationConfig={'PageSize': 7}):
    accounts += [{'Id': a['Id'], 'Paths': a.get('Paths')} for a in page['Accounts']]
units = org.list_organizational_units_for_parent(ParentId='r-d3m0')['OrganizationalUnits']
errors = {}
try:
    client('MEMBER').list_roots()
except ClientError as e:
    errors['member'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
try:
    org.describe_account(AccountId='999999999999')
except ClientError as e:
    errors['missing'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'accounts': accounts, 'units': [u['Name'] for u in units], 'errors': errors}))
`;

  it('pages, signs and parses errors as botocore does', async (ctx) => {
    if (!hasBotocore) ctx.skip('python3 with botocore is not installed');
    const member = await roleCredentials(emulator, '600000000002', 'ReadOnlyAccess');
    const result = await runPython(script, {
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_EC2_METADATA_DISABLED: 'true',
      EMU_URL: emulator.url,
      ADMIN_KEY: creds.accessKeyId,
      ADMIN_SECRET: creds.secretAccessKey,
      ADMIN_SESSION: creds.sessionToken,
      MEMBER_KEY: member.accessKeyId,
      MEMBER_SECRET: member.secretAccessKey,
      MEMBER_SESSION: member.sessionToken,
    });
    expect(result.stderr).toBe('');
    const out = obj(JSON.parse(result.stdout));
    const accounts = out.accounts as { Id: string; Paths: string[] }[];
    expect(accounts.map((a) => a.Id)).toEqual(demoOrganization().accounts.map((a) => a.accountId));
    expect(accounts.find((a) => a.Id === '600000000016')?.Paths).toEqual([
      'o-d3m0example/r-d3m0/ou-d3m0-rdlabs01/600000000016/',
    ]);
    expect(out.units).toContain('R&D / Labs');
    expect(out.errors).toEqual({
      member: ['AccessDeniedException', 400],
      missing: ['AccountNotFoundException', 400],
    });
  });

  it.skipIf(!hasAwsCli)(
    'aws organizations list-roots through an SSO profile and AWS_ENDPOINT_URL_ORGANIZATIONS',
    async () => {
      const home = mkdtempSync(join(tmpdir(), 'aop-orgcli-'));
      mkdirSync(join(home, '.aws'));
      writeFileSync(
        join(home, '.aws', 'config'),
        `[sso-session emu]\nsso_start_url = ${EMULATOR_PORTAL.startUrl}\nsso_region = ${EMULATOR_PORTAL.region}\n` +
          `sso_registration_scopes = sso:account:access\n\n` +
          `[profile mgmt]\nsso_session = emu\nsso_account_id = 111111111111\nsso_role_name = AdministratorAccess\nregion = us-east-1\n\n` +
          `[profile member]\nsso_session = emu\nsso_account_id = 600000000002\nsso_role_name = ReadOnlyAccess\nregion = us-east-1\n`,
      );
      const expiresAt = new Date(Date.now() + 3600_000);
      writeSessionToken({ HOME: home }, 'emu', {
        accessToken: new Secret(emulator.issueToken({ expiresAt })),
        expiresAt,
        startUrl: EMULATOR_PORTAL.startUrl,
        region: EMULATOR_PORTAL.region,
      });
      const env = {
        HOME: home,
        PATH: process.env.PATH ?? '',
        ...emulator.endpointEnv(),
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      const roots = await runProgram(
        'aws',
        ['organizations', 'list-roots', '--profile', 'mgmt', '--output', 'json'],
        env,
      );
      expect(roots.stderr).toBe('');
      expect(JSON.parse(roots.stdout)).toMatchObject({ Roots: [{ Id: 'r-d3m0', Name: 'Root' }] });
      const denied = await runProgram('aws', ['organizations', 'list-roots', '--profile', 'member'], env);
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toContain('AccessDeniedException');
    },
  );
});
