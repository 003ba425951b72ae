/** The shape and value checks of every answer, on plain data: what the SDK hands over for any body. */
import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../src/sso/failures.js';
import {
  accountsPage,
  roleCredentials,
  rolesPage,
  opaque,
  pageUrl,
  seconds,
  text,
} from '../../src/sso/validate.js';

const account = { accountId: '111122223333', accountName: 'Workload', emailAddress: 'a@example.com' };
const meta = { $metadata: { httpStatusCode: 200 } };

describe('ListAccounts', () => {
  it('reads a page, and an empty list as no accounts', () => {
    expect(accountsPage({ ...meta, accountList: [account], nextToken: 'abc' })).toEqual({
      items: [account],
      nextToken: 'abc',
    });
    expect(accountsPage({ ...meta, accountList: [] })).toEqual({ items: [] });
    expect(accountsPage({ accountList: [], nextToken: null })).toEqual({ items: [] });
    expect(accountsPage({ accountList: [], nextToken: '' })).toEqual({ items: [] });
    // Any characters are allowed in names; they are encoded where they are written.
    const odd = { accountId: '111122223333', accountName: ' ; # %\n東京 ' };
    expect(accountsPage({ accountList: [odd] }).items).toEqual([odd]);
  });

  it.each([
    ['an empty body (the SDK gives only metadata)', meta, /accountList is missing/],
    ['null', null, /the answer is null/],
    ['a list that is a string', { accountList: 'x' }, /accountList is a string, not a list/],
    ['a list that is an object', { accountList: { 0: account } }, /accountList is an object, not a list/],
    ['a null item', { accountList: [null] }, /accountList\[0\] is null/],
    [
      'an item without accountId',
      { accountList: [{ accountName: 'x' }] },
      /accountList\[0\]\.accountId is missing/,
    ],
    [
      'an account id as a number',
      { accountList: [{ accountId: 111122223333, accountName: 'x' }] },
      /accountId is a number/,
    ],
    [
      'an item without accountName',
      { accountList: [{ accountId: '111122223333' }] },
      /account 111122223333 has no accountName/,
    ],
    [
      'a name that is a list',
      { accountList: [{ accountId: '111122223333', accountName: ['x'] }] },
      /accountName that is an array/,
    ],
    ['a token that is a number', { accountList: [], nextToken: 5 }, /nextToken is a number, not a string/],
  ])('refuses %s', (_, out, message) => {
    expect(() => accountsPage(out)).toThrow(MalformedResponseError);
    expect(() => accountsPage(out)).toThrow(message);
    expect(() => accountsPage(out)).toThrow(/^ListAccounts returned a malformed answer: /);
  });

  it('refuses an account id that is not 12 digits, showing it escaped', () => {
    expect(() =>
      accountsPage({ accountList: [{ accountId: '111122223333\n[profile x]', accountName: 'x' }] }),
    ).toThrow('the portal returned an invalid account id "111122223333\\n[profile x]"');
    expect(() => accountsPage({ accountList: [{ accountId: '11112222333', accountName: 'x' }] })).toThrow(
      /invalid account id "11112222333"/,
    );
  });
});

describe('ListAccountRoles', () => {
  it('reads the role names', () => {
    expect(
      rolesPage('111122223333', {
        roleList: [{ roleName: 'Admin', accountId: '111122223333' }, { roleName: 'a+=,.@_-b' }],
      }),
    ).toEqual({ items: ['Admin', 'a+=,.@_-b'] });
    expect(rolesPage('111122223333', { roleList: [] })).toEqual({ items: [] });
  });

  it.each([
    ['no list', {}, /roleList is missing/],
    [
      'an item without roleName',
      { roleList: [{ accountId: '111122223333' }] },
      /roleList\[0\]\.roleName is missing/,
    ],
    [
      'a role of another account',
      { roleList: [{ roleName: 'A', accountId: '999999999999' }] },
      /role A is listed for account "999999999999"/,
    ],
  ])('refuses %s', (_, out, message) => {
    expect(() => rolesPage('111122223333', out)).toThrow(message);
    expect(() => rolesPage('111122223333', out)).toThrow(
      /^ListAccountRoles for account 111122223333 returned a malformed answer/,
    );
  });

  it.each([
    ['Admin\n[profile x]', '"Admin\\n[profile x]"'],
    ['Admin;x', '"Admin;x"'],
    [' Admin', '" Admin"'],
    ['Admin\x1b[2J', '"Admin\\x1b[2J"'],
    ['a'.repeat(65), `"${'a'.repeat(65)}"`],
    ['', '""'],
  ])('refuses the role name %j with a clear message about the server', (name, shown) => {
    expect(() => rolesPage('111122223333', { roleList: [{ roleName: name }] })).toThrow(
      `the portal returned an invalid role name ${shown} for account 111122223333`,
    );
  });
});

describe('GetRoleCredentials', () => {
  const good = {
    accessKeyId: 'ASIAXXXX',
    secretAccessKey: 's/e+c=r',
    sessionToken: 't',
    expiration: 1_900_000_000_000,
  };

  it('reads them', () => {
    expect(roleCredentials({ roleCredentials: good })).toEqual(good);
  });

  it.each([
    ['no credentials', {}, /roleCredentials is missing/],
    [
      'a missing secret',
      { roleCredentials: { ...good, secretAccessKey: undefined } },
      /secretAccessKey is missing/,
    ],
    [
      'an expiration as text',
      { roleCredentials: { ...good, expiration: '2030-01-01' } },
      /expiration is not a time/,
    ],
    [
      'a key id with a line break',
      { roleCredentials: { ...good, accessKeyId: 'ASIA\n' } },
      /accessKeyId is not a valid value/,
    ],
  ])('refuses %s, never showing a secret', (_, out, message) => {
    expect(() => roleCredentials(out)).toThrow(message);
    try {
      roleCredentials(out);
    } catch (error) {
      expect((error as Error).message).not.toContain('s/e+c=r');
    }
  });
});

describe('SSO-OIDC fields', () => {
  it('requires tokens, lifetimes and what the user is shown', () => {
    expect(opaque('CreateToken', { accessToken: 'aoa.x:y' }, 'accessToken')).toBe('aoa.x:y');
    expect(() => opaque('CreateToken', {}, 'accessToken')).toThrow(
      'CreateToken returned a malformed answer: accessToken is missing',
    );
    expect(() => opaque('CreateToken', { accessToken: 'a b' }, 'accessToken')).toThrow(/not a valid value/);
    expect(seconds('CreateToken', { expiresIn: 3600 }, 'expiresIn', 1, 86_400)).toBe(3600);
    expect(() => seconds('CreateToken', {}, 'expiresIn', 1, 86_400)).toThrow(/expiresIn is missing/);
    expect(() => seconds('CreateToken', { expiresIn: '3600' }, 'expiresIn', 1, 86_400)).toThrow(
      /a string, not a number of seconds/,
    );
    expect(() => seconds('CreateToken', { expiresIn: 1e30 }, 'expiresIn', 1, 86_400)).toThrow(
      /not a number of seconds/,
    );
    expect(text('StartDeviceAuthorization', { userCode: 'ABCD-EFGH' }, 'userCode')).toBe('ABCD-EFGH');
    expect(() => text('StartDeviceAuthorization', { userCode: 'AB\x1b[2J' }, 'userCode')).toThrow(
      'userCode "AB\\x1b[2J" holds control characters',
    );
  });

  it('shows the user only http(s) pages to open', () => {
    const op = 'StartDeviceAuthorization';
    const url = 'https://device.sso.eu-central-1.amazonaws.com/?user_code=ABCD-EFGH';
    expect(pageUrl(op, { verificationUriComplete: url }, 'verificationUriComplete')).toBe(url);
    expect(pageUrl(op, { u: 'http://127.0.0.1:4000/device' }, 'u')).toBe('http://127.0.0.1:4000/device');
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'device?user_code=X', 'data:text/html,x'])
      expect(() => pageUrl(op, { u: bad }, 'u')).toThrow(/is not an http\(s\) URL/);
    expect(() => pageUrl(op, { u: 'https://x/\u202e' }, 'u')).toThrow(/control characters/);
  });
});
