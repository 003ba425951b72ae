import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityCenterEmulator, type Organization } from '../../src/emulator/index.js';
import { botocoreAvailable, call, obj, runPython } from './helpers.js';
import { START_URL } from './oidc-helpers.js';

const org: Organization = {
  accounts: [
    { accountId: '111122223333', accountName: 'Dev', emailAddress: 'd@example.com', roles: ['Admin'] },
  ],
};
const hasBotocore = await botocoreAvailable();
const isolatedEnv = {
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
};
let emulator: IdentityCenterEmulator;
// Asymmetric matchers are typed `any`; held as `unknown` they can sit in object literals.
const aString: unknown = expect.any(String);
const aNumber: unknown = expect.any(Number);
const userCode: unknown = expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/);
const completeUri: unknown = expect.stringMatching(/\/device\?user_code=[A-Z]{4}-[A-Z]{4}$/);

beforeAll(async () => {
  emulator = await IdentityCenterEmulator.start({ org });
});
afterAll(() => emulator.stop());

/** The sign-in the AWS CLI runs with --use-device-code, through botocore's own sso-oidc client. */
const script = `
import json, os, time, urllib.request, botocore.session
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
s = botocore.session.get_session()
oidc = s.create_client('sso-oidc', endpoint_url=os.environ['EMU_URL'], region_name='eu-central-1',
    config=Config(signature_version=UNSIGNED, retries={'max_attempts': 1}))
def failure(call):
    try:
        call()
    except ClientError as e:
        return {'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'],
                'error': e.response.get('error'), 'description': e.response.get('error_description'),
                'class': type(e).__name__}
    return None
reg = oidc.register_client(clientName='botocore-test', clientType='public', scopes=['sso:account:access'])
client = {'clientId': reg['clientId'], 'clientSecret': reg['clientSecret']}
auth = oidc.start_device_authorization(startUrl=os.environ['START_URL'], **client)
grant = {'grantType': 'urn:ietf:params:oauth:grant-type:device_code', 'deviceCode': auth['deviceCode'], **client}
out = {'registration': {k: v for k, v in reg.items() if k != 'ResponseMetadata'},
       'authorization': {k: v for k, v in auth.items() if k != 'ResponseMetadata'}}
out['pending'] = failure(lambda: oidc.create_token(**grant))
out['slowDown'] = failure(lambda: oidc.create_token(**grant))
out['page'] = urllib.request.urlopen(auth['verificationUriComplete']).status
time.sleep(auth['interval'])
token = oidc.create_token(**grant)
out['token'] = {k: v for k, v in token.items() if k != 'ResponseMetadata'}
refreshed = oidc.create_token(grantType='refresh_token', refreshToken=token['refreshToken'], **client)
out['refreshed'] = refreshed['refreshToken'] != token['refreshToken']
out['spent'] = failure(lambda: oidc.create_token(grantType='refresh_token', refreshToken=token['refreshToken'], **client))
out['badClient'] = failure(lambda: oidc.start_device_authorization(clientId='nope', clientSecret='x', startUrl='https://x'))
print(json.dumps(out))
`;

describe('botocore sso-oidc against the emulator', () => {
  it('registers, authorizes a device, polls and parses every error', async (ctx) => {
    if (!hasBotocore) ctx.skip('python3 with botocore is not installed');
    const result = await runPython(script, { ...isolatedEnv, EMU_URL: emulator.url, START_URL });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = obj(JSON.parse(result.stdout));
    const registration = obj(out.registration);
    expect(registration).toEqual({
      clientId: aString,
      clientSecret: aString,
      clientIdIssuedAt: aNumber,
      clientSecretExpiresAt: (registration.clientIdIssuedAt as number) + 90 * 86400,
    });
    expect(out.authorization).toEqual({
      deviceCode: aString,
      userCode,
      verificationUri: `${emulator.url}/device`,
      verificationUriComplete: completeUri,
      expiresIn: 600,
      interval: 1,
    });
    const oidcFailure = (type: string, error: string, status = 400): unknown => ({
      code: type,
      status,
      error,
      description: aString,
      class: type,
    });
    expect(out.pending).toEqual(oidcFailure('AuthorizationPendingException', 'authorization_pending'));
    expect(out.slowDown).toEqual(oidcFailure('SlowDownException', 'slow_down'));
    expect(out.page).toBe(200);
    const token = obj(out.token);
    expect(token).toEqual({
      accessToken: aString,
      tokenType: 'Bearer',
      expiresIn: 28800,
      refreshToken: aString,
      idToken: aString,
    });
    expect(
      (await call(emulator.url, '/assignment/accounts', { token: token.accessToken as string })).status,
    ).toBe(200);
    expect(out.refreshed).toBe(true);
    expect(out.spent).toEqual(oidcFailure('InvalidGrantException', 'invalid_grant'));
    expect(out.badClient).toEqual(oidcFailure('InvalidClientException', 'invalid_client', 401));
  });

  it('raises the modeled AuthorizationPendingException while the user has not approved', async (ctx) => {
    if (!hasBotocore) ctx.skip('python3 with botocore is not installed');
    const pending = `
import os, botocore.session
from botocore import UNSIGNED
from botocore.config import Config
oidc = botocore.session.get_session().create_client('sso-oidc', endpoint_url=os.environ['EMU_URL'],
    region_name='eu-central-1', config=Config(signature_version=UNSIGNED, retries={'max_attempts': 1}))
reg = oidc.register_client(clientName='pending', clientType='public')
auth = oidc.start_device_authorization(clientId=reg['clientId'], clientSecret=reg['clientSecret'],
    startUrl=os.environ['START_URL'])
try:
    oidc.create_token(clientId=reg['clientId'], clientSecret=reg['clientSecret'], deviceCode=auth['deviceCode'],
        grantType='urn:ietf:params:oauth:grant-type:device_code')
    print('no error')
except oidc.exceptions.AuthorizationPendingException as e:
    print(e.response['Error']['Code'])
`;
    const result = await runPython(pending, { ...isolatedEnv, EMU_URL: emulator.url, START_URL });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('AuthorizationPendingException');
  });
});
