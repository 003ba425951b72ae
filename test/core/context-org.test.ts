/** The agent context of an organisation whose structure is known: OU groups, production marks, the OU tree. */
import { describe, expect, it } from 'vitest';
import { renderContext } from '../../src/core/context-text.js';
import type { ProfileRecord } from '../../src/core/profile-record.js';
import type { SessionState } from '../../src/core/sign-in.js';

const now = new Date('2026-11-25T10:00:00Z');

const signedIn: SessionState = {
  name: 'myorg',
  startUrl: 'https://d-1.awsapps.com/start',
  region: 'eu-central-1',
  state: 'signed-in',
  expiresAt: new Date('2026-11-25T18:00:00Z'),
  renewable: false,
};

const ROLES = ['AdministratorAccess', 'ReadOnlyAccess', 'DBAReadOnly'];

/** Generated profiles as sync names them: `accounts` accounts, the first `roles` of ROLES each. */
function generatedProfiles(accounts: number, roles = 3): ProfileRecord[] {
  const out: ProfileRecord[] = [];
  for (let a = 0; a < accounts; a++) {
    const name = `workload-${['prod', 'dev', 'staging'][a % 3]}-${String(a).padStart(5, '0')}`;
    for (const role of ROLES.slice(0, roles)) {
      out.push({
        profile: `myorg-${name}-${role}`,
        accountId: String(100000000000 + a * 7919),
        accountName: name,
        role,
        region: 'eu-central-1',
        ssoSession: 'myorg',
        generated: true,
        source: 'sso-session',
      });
    }
  }
  return out;
}

const HAND: ProfileRecord[] = [
  {
    profile: 'default',
    accountId: null,
    accountName: null,
    role: null,
    region: 'eu-west-1',
    ssoSession: null,
    generated: false,
    source: 'none',
  },
  {
    profile: 'legacy-admin',
    accountId: null,
    accountName: null,
    role: null,
    region: null,
    ssoSession: null,
    generated: false,
    source: 'role_arn',
    roleArn: 'arn:aws:iam::123456789012:role/Admin',
  },
];

/** Inputs whose text was recorded before the structure of the organisation was known to the context. */
const UNKNOWN: Record<string, () => Parameters<typeof renderContext>[0]> = {
  table: () => ({
    now,
    maxBytes: 10_240,
    sessions: [signedIn],
    profiles: [...HAND, ...generatedProfiles(8, 2)],
  }),
  folded: () => ({
    now,
    maxBytes: 10_240,
    sessions: [signedIn],
    profiles: [...HAND, ...generatedProfiles(400)],
    tools: { each: true },
  }),
  large: () => ({
    now,
    maxBytes: 10_240,
    sessions: [signedIn],
    profiles: [...HAND, ...generatedProfiles(3334)],
    tools: { each: true, mcp: true },
  }),
  'large-4096': () => ({
    now,
    maxBytes: 4096,
    sessions: [],
    profiles: [...HAND, ...generatedProfiles(3334)],
  }),
};

describe('the context of an organisation whose structure is unknown', () => {
  for (const [name, input] of Object.entries(UNKNOWN)) {
    it(`is the text it was before the structure was known: ${name}`, async () => {
      await expect(renderContext(input())).toMatchFileSnapshot(`../fixtures/context/unknown-${name}.txt`);
    });
  }
});
