/** When a prune needs --yes: more than half of a session's generated profiles lost at once. */
import { describe, expect, it } from 'vitest';
import { GENERATOR } from '../../src/core/model.js';
import { compileTemplate, DEFAULT_TEMPLATE } from '../../src/core/naming.js';
import { planSync, pruneNeedsConfirmation, type ExistingProfile } from '../../src/core/plan.js';

const profile = (name: string, accountId: string, role: string, session = 'myorg'): ExistingProfile => ({
  name,
  ambiguous: false,
  values: {
    sso_session: session,
    sso_account_id: accountId,
    sso_role_name: role,
    region: 'eu-central-1',
    generated_by: GENERATOR,
  },
});

/** The config holds `existing`; the portal now lists `assigned` (account id → roles). */
function guard(existing: ExistingProfile[], assigned: Record<string, string[]>, template = DEFAULT_TEMPLATE) {
  const map = new Map(existing.map((e) => [e.name, e]));
  const plan = planSync({
    session: 'myorg',
    region: 'eu-central-1',
    template: compileTemplate(template),
    includeAccount: () => true,
    discovery: {
      accounts: Object.keys(assigned).map((accountId) => ({
        accountId,
        accountName: `acct${accountId.slice(0, 1)}`,
      })),
      roles: new Map(Object.entries(assigned)),
    },
    existing: map,
    prune: true,
  });
  return { plan, guard: pruneNeedsConfirmation(plan, map, 'myorg') };
}

const four = [
  profile('myorg-acct1-Admin', '111111111111', 'Admin'),
  profile('myorg-acct1-DBA', '111111111111', 'DBA'),
  profile('myorg-acct2-Admin', '222222222222', 'Admin'),
  profile('myorg-acct3-Admin', '333333333333', 'Admin'),
];

describe('the prune guard', () => {
  it('lets a prune of half or less through', () => {
    const { plan, guard: g } = guard(four, { '111111111111': ['Admin', 'DBA'] });
    expect(plan.prune.length).toBe(2);
    expect(g).toBeUndefined();
  });

  it('asks for confirmation when more than half would go', () => {
    const { plan, guard: g } = guard(four, { '111111111111': ['Admin'] });
    expect(plan.prune.length).toBe(3);
    expect(g).toEqual({ removing: 3, of: 4 });
  });

  it('asks when everything would go, even a single profile', () => {
    expect(guard(four, {}).guard).toEqual({ removing: 4, of: 4 });
    expect(guard([four[0]!], {}).guard).toEqual({ removing: 1, of: 1 });
    expect(guard(four.slice(0, 2), {}).guard).toEqual({ removing: 2, of: 2 });
  });

  it('counts only this session, and never profiles that only move to a new name', () => {
    const other = [
      profile('x-1', '999999999999', 'A', 'other'),
      profile('x-2', '999999999998', 'A', 'other'),
    ];
    // One of three of this session's profiles goes; the other session's two do not count.
    expect(
      guard([...four.slice(1), ...other], { '111111111111': ['DBA'], '222222222222': ['Admin'] }).guard,
    ).toBeUndefined();
    // A new name template moves every profile: each account and role keeps a profile.
    const all = { '111111111111': ['Admin', 'DBA'], '222222222222': ['Admin'], '333333333333': ['Admin'] };
    const moved = guard(four, all, '{accountId}-{role}');
    expect(moved.plan.prune.length).toBe(4);
    expect(moved.guard).toBeUndefined();
  });

  it('has nothing to say without a prune', () => {
    expect(
      guard(four, { '111111111111': ['Admin', 'DBA'], '222222222222': ['Admin'], '333333333333': ['Admin'] })
        .guard,
    ).toBeUndefined();
  });
});
