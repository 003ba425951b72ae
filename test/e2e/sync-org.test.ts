/**
 * `sync` and AWS Organizations end to end: the built CLI against the emulator over real HTTP. What
 * a user sees: one line when the structure cannot be read, the `organization` object of --json,
 * the help, and nothing raw from hostile OU names or the credentials behind the read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Organization } from '../../src/emulator/index.js';
import { account, World } from '../support/world.js';

const worlds: World[] = [];
async function world(org: Organization): Promise<World> {
  const w = await World.create(org);
  worlds.push(w);
  w.signIn();
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const MGMT = '111111111111';
const APP = '222222222222';
const PROD = 'ou-ab12-bbbbbbbb';

function org(readerRoles?: string[], prodName = 'Prod'): Organization {
  return {
    accounts: [
      account(MGMT, 'Management', ['ReadOnlyAccess']),
      { ...account(APP, 'app', ['Developer']), parentId: PROD, tags: { env: 'prod' } },
    ],
    structure: {
      orgId: 'o-abcdefghij',
      rootId: 'r-ab12',
      managementAccountId: MGMT,
      units: [{ id: PROD, name: prodName, parentId: 'r-ab12' }],
      ...(readerRoles ? { readerRoles } : {}),
    },
  };
}

describe('sync and the organisation', () => {
  it('says in one line what is missing when no role may read it, and still writes the profiles', async () => {
    const w = await world(org([]));
    const result = await w.cli('sync');
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: no role of sso-session myorg may read AWS Organizations/);
    expect(lines[0]).toContain(`management account ${MGMT} (Management)`);
    expect(w.config()).toContain('[profile myorg-app-Developer]');

    const json = await w.cli('sync', '--json', '--refresh-org');
    const out = JSON.parse(json.stdout) as { organization: unknown; organizationReason: string };
    expect(out.organization).toBeNull();
    expect(out.organizationReason).toMatch(/may read AWS Organizations/);

    const quiet = await w.cli('sync', '--no-org');
    expect(quiet.stderr).toBe('');
  });

  it('reports the read in --json, and shows no credential and no raw control character', async () => {
    const w = await world(org(undefined, 'P\u001b]0;owned\u0007\u202erod\n[profile x]'));
    const result = await w.cli('sync', '--json', '--debug');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { organization: Record<string, unknown> };
    expect(out.organization).toMatchObject({
      orgId: 'o-abcdefghij',
      managementAccountId: MGMT,
      reader: { accountId: MGMT, role: 'ReadOnlyAccess', profile: 'myorg-management-ReadOnlyAccess' },
      source: 'read',
      calls: {
        DescribeOrganization: 1,
        ListAccounts: 1,
        ListOrganizationalUnitsForParent: 1,
        ListRoots: 1,
        ListTagsForResource: 2,
      },
      accountsPlaced: 2,
      units: 1,
    });
    for (const stream of [result.stdout, result.stderr]) {
      expect(stream).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(stream).not.toMatch(/ASIA[A-Z0-9]{16}/);
    }
    expect(result.stderr).toMatch(/debug: Organizations\.ListAccounts: ok in \d+ ms/);
    expect(result.stderr).toContain('debug: organizations: read; calls: DescribeOrganization 1,');

    const again = await w.cli('sync');
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/organization o-abcdefghij: 2 accounts placed in 1 OU \(cached, read at /);
  });

  it('documents its options', async () => {
    const w = await world(org());
    const help = await w.cli('sync', '--help');
    for (const text of [
      '--org-profile <profile>',
      '--no-org',
      '--refresh-org',
      'AWS_ORG_PROFILES_ORG_MAX_AGE',
    ]) {
      expect(help.stdout).toContain(text);
    }
  });
});
