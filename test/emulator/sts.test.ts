import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_USER, IdentityCenterEmulator, type Organization } from '../../src/emulator/index.js';
import { botocoreAvailable, call, obj, runPython } from './helpers.js';

const org: Organization = {
  accounts: [
    {
      accountId: '210987654321',
      accountName: 'Workload',
      emailAddress: 'w@example.com',
      roles: ['DBAReadOnly'],
    },
    {
      accountId: '123456789012',
      accountName: 'Café Ops',
      emailAddress: 'c@example.com',
      roles: ['ReadOnlyAccess'],
    },
  ],
};

let emulator: IdentityCenterEmulator;
let token: string;
const hasBotocore = await botocoreAvailable();

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ org, pageSize: 1 });
  token = emulator.issueToken();
});
afterAll(() => emulator.stop());

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

async function credentials(accountId: string, roleName: string): Promise<Creds> {
  const res = await call(
    emulator.url,
    `/federation/credentials?account_id=${accountId}&role_name=${roleName}`,
    {
      token,
    },
  );
  expect(res.status).toBe(200);
  return obj(obj(res.json).roleCredentials) as unknown as Creds;
}

function sigv4(accessKeyId: string): Record<string, string> {
  return {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  };
}

const getCallerIdentity = 'Action=GetCallerIdentity&Version=2011-06-15';

describe('STS GetCallerIdentity on the wire', () => {
  it('answers the query-protocol XML for credentials the portal issued', async () => {
    const creds = await credentials('210987654321', 'DBAReadOnly');
    const res = await call(emulator.url, '/', {
      method: 'POST',
      body: getCallerIdentity,
      headers: sigv4(creds.accessKeyId),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml');
    expect(res.text).toContain(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    );
    expect(res.text).toContain('<Account>210987654321</Account>');
    expect(res.text).toMatch(
      /<Arn>arn:aws:sts::210987654321:assumed-role\/AWSReservedSSO_DBAReadOnly_[0-9a-f]{16}\/emulator\.user@example\.com<\/Arn>/,
    );
    expect(res.text).toMatch(/<UserId>AROA[0-9A-F]{17}:emulator\.user@example\.com<\/UserId>/);
    expect(res.text).toContain(`<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId>`);
    const last = emulator.requests().at(-1);
    expect(last).toMatchObject({
      operation: 'GetCallerIdentity',
      status: 200,
      query: { Action: 'GetCallerIdentity' },
    });
  });

  it('answers the STS XML error for unknown keys, a missing signature and bad actions', async () => {
    const unknown = await call(emulator.url, '/', {
      method: 'POST',
      body: getCallerIdentity,
      headers: sigv4('ASIAUNKNOWNUNKNOWN00'),
    });
    expect(unknown.status).toBe(403);
    expect(unknown.text).toMatch(
      /<ErrorResponse[^>]*>\s*<Error>\s*<Type>Sender<\/Type>\s*<Code>InvalidClientTokenId<\/Code>\s*<Message>[^<]+<\/Message>\s*<\/Error>\s*<RequestId>[0-9a-f-]{36}<\/RequestId>\s*<\/ErrorResponse>/,
    );
    const unsigned = await call(emulator.url, '/', { method: 'POST', body: getCallerIdentity });
    expect(unsigned.status).toBe(403);
    expect(unsigned.text).toContain('<Code>MissingAuthenticationToken</Code>');
    const noAction = await call(emulator.url, '/', { method: 'POST', body: 'Version=2011-06-15' });
    expect(noAction.status).toBe(400);
    expect(noAction.text).toContain('<Code>MissingAction</Code>');
    const other = await call(emulator.url, '/', {
      method: 'POST',
      body: 'Action=AssumeRole&Version=2011-06-15',
    });
    expect(other.status).toBe(400);
    expect(other.text).toContain('<Code>InvalidAction</Code>');
  });
});

describe('botocore (the AWS CLI) against the emulator', () => {
  const script = `
import json, os, botocore.session
from botocore.exceptions import ClientError
s = botocore.session.get_session()
sts = s.create_client('sts', endpoint_url=os.environ['EMU_URL'], region_name='us-east-1',
    aws_access_key_id=os.environ['KEY_ID'], aws_secret_access_key=os.environ['SECRET'],
    aws_session_token=os.environ['SESSION'])
out = {'identity': sts.get_caller_identity()}
bad = s.create_client('sts', endpoint_url=os.environ['EMU_URL'], region_name='us-east-1',
    aws_access_key_id='ASIANOTISSUED0000000', aws_secret_access_key='x', aws_session_token='y')
try:
    bad.get_caller_identity()
except ClientError as e:
    out['error'] = {'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode']}
print(json.dumps(out, default=str))
`;

  it('reads GetCallerIdentity and the STS error', async (ctx) => {
    if (!hasBotocore) ctx.skip('python3 with botocore is not installed');
    const creds = await credentials('123456789012', 'ReadOnlyAccess');
    const result = await runPython(script, {
      ...isolatedAwsEnv(),
      EMU_URL: emulator.url,
      KEY_ID: creds.accessKeyId,
      SECRET: creds.secretAccessKey,
      SESSION: creds.sessionToken,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = obj(JSON.parse(result.stdout));
    const identity = obj(out.identity);
    expect(identity.Account).toBe('123456789012');
    expect(identity.Arn).toMatch(
      new RegExp(
        `^arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}/${EMULATOR_USER}$`,
      ),
    );
    expect(identity.UserId).toMatch(/^AROA[0-9A-F]{17}:/);
    expect(obj(identity.ResponseMetadata).RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.error).toEqual({ code: 'InvalidClientTokenId', status: 403 });
  });

  it('pages the portal API and parses its errors', async (ctx) => {
    if (!hasBotocore) ctx.skip('python3 with botocore is not installed');
    const portal = `
import json, os, botocore.session
from botocore.exceptions import ClientError
s = botocore.session.get_session()
sso = s.create_client('sso', endpoint_url=os.environ['EMU_URL'], region_name='eu-central-1')
token = os.environ['TOKEN']
accounts = []
for page in sso.get_paginator('list_accounts').paginate(accessToken=token):
    accounts += page['accountList']
roles = sso.list_account_roles(accessToken=token, accountId='123456789012')['roleList']
creds = sso.get_role_credentials(accessToken=token, accountId='123456789012', roleName='ReadOnlyAccess')['roleCredentials']
errors = {}
for name, call in [('unauthorized', lambda: sso.list_accounts(accessToken='bad')),
                   ('notfound', lambda: sso.list_account_roles(accessToken=token, accountId='000000000000')),
                   ('forbidden', lambda: sso.get_role_credentials(accessToken=token, accountId='000000000000', roleName='x'))]:
    try:
        call()
    except ClientError as e:
        errors[name] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'accounts': accounts, 'roles': roles, 'expiration': creds['expiration'], 'errors': errors}))
`;
    const result = await runPython(portal, { ...isolatedAwsEnv(), EMU_URL: emulator.url, TOKEN: token });
    expect(result.stderr).toBe('');
    const out = obj(JSON.parse(result.stdout));
    expect(out.accounts).toEqual(org.accounts.map(({ roles: _roles, ...info }) => info));
    expect(out.roles).toEqual([{ roleName: 'ReadOnlyAccess', accountId: '123456789012' }]);
    expect(Math.abs((out.expiration as number) - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    expect(out.errors).toEqual({
      unauthorized: ['UnauthorizedException', 401],
      notfound: ['ResourceNotFoundException', 404],
      forbidden: ['ForbiddenException', 403],
    });
  });
});

/** Keeps the developer's own profiles and credentials out of the child process. */
function isolatedAwsEnv(): Record<string, string> {
  return {
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
