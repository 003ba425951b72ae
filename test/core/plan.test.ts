import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { GENERATOR } from '../../src/core/model.js';
import { compileTemplate, DEFAULT_TEMPLATE } from '../../src/core/naming.js';
import { planSync, type ExistingProfile, type SyncRequest } from '../../src/core/plan.js';

type Org = Record<string, { name: string; roles: string[] }>;

function request(org: Org, existing: ExistingProfile[] = [], extra: Partial<SyncRequest> = {}): SyncRequest {
  return {
    session: 'myorg',
    region: 'eu-central-1',
    template: compileTemplate(DEFAULT_TEMPLATE),
    includeAccount: () => true,
    discovery: {
      accounts: Object.entries(org).map(([accountId, a]) => ({ accountId, accountName: a.name })),
      roles: new Map(Object.entries(org).map(([id, a]) => [id, a.roles])),
    },
    existing: new Map(existing.map((e) => [e.name, e])),
    prune: false,
    ...extra,
  };
}

const generated = (
  name: string,
  accountId: string,
  role: string,
  extra: Record<string, string> = {},
): ExistingProfile => ({
  name,
  ambiguous: false,
  values: {
    sso_session: 'myorg',
    sso_account_id: accountId,
    sso_role_name: role,
    region: 'eu-central-1',
    generated_by: GENERATOR,
    ...extra,
  },
});

const KEY_ORDER = [
  'sso_session',
  'sso_account_id',
  'sso_role_name',
  'region',
  'sso_account_name',
  'generated_by',
];
const order = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);

describe('the sync plan', () => {
  it('creates one profile per account and role, and skips accounts without the role', () => {
    const plan = planSync(
      request(
        {
          '111111111111': { name: 'Dev', roles: ['Admin', 'DBA'] },
          '222222222222': { name: 'Prod', roles: ['Admin'] },
        },
        [],
        { roles: new Set(['DBA']) },
      ),
    );
    expect(plan.create.map((p) => p.name)).toEqual(['myorg-dev-DBA']);
    expect(plan.accountsWithoutRole).toBe(1);
    expect(plan.create[0]!.entries).toEqual([
      ['sso_session', 'myorg'],
      ['sso_account_id', '111111111111'],
      ['sso_role_name', 'DBA'],
      ['region', 'eu-central-1'],
      ['sso_account_name', 'Dev'],
      ['generated_by', GENERATOR],
    ]);
  });

  it('tells case-only and spacing twins apart with the account id, deterministically', () => {
    const org: Org = {
      '222222222222': { name: 'prod', roles: ['Admin'] },
      '111111111111': { name: 'Prod', roles: ['Admin'] },
      '333333333333': { name: 'Other', roles: ['Admin'] },
    };
    const plan = planSync(request(org));
    expect(plan.create.map((p) => p.name)).toEqual([
      'myorg-other-Admin',
      'myorg-prod-111111111111-Admin',
      'myorg-prod-222222222222-Admin',
    ]);
    expect(plan.renamed).toHaveLength(2);
    const reversed = planSync(request(Object.fromEntries(Object.entries(org).reverse())));
    expect(reversed.create.map((p) => p.name)).toEqual(plan.create.map((p) => p.name));
  });

  it('lets a profile that already holds a name keep it when a twin appears', () => {
    const plan = planSync(
      request(
        {
          '111111111111': { name: 'Prod', roles: ['Admin'] },
          '222222222222': { name: 'prod', roles: ['Admin'] },
        },
        [generated('myorg-prod-Admin', '222222222222', 'Admin', { sso_account_name: 'prod' })],
      ),
    );
    expect(plan.unchanged.map((p) => p.name)).toEqual(['myorg-prod-Admin']);
    expect(plan.create.map((p) => p.name)).toEqual(['myorg-prod-111111111111-Admin']);
  });

  it('adds the account id to every profile of two accounts whose names give the same part, whatever their roles', () => {
    const org: Org = {
      '168501807990': { name: 'prod', roles: ['Billing', 'PowerUserAccess'] },
      '904576289939': { name: 'Prod', roles: ['PowerUserAccess', 'ViewOnlyAccess'] },
      '333333333333': { name: 'Other', roles: ['Billing'] },
    };
    const plan = planSync(request(org));
    expect(plan.create.map((p) => [p.name, p.accountId])).toEqual([
      ['myorg-other-Billing', '333333333333'],
      ['myorg-prod-168501807990-Billing', '168501807990'],
      ['myorg-prod-168501807990-PowerUserAccess', '168501807990'],
      ['myorg-prod-904576289939-PowerUserAccess', '904576289939'],
      ['myorg-prod-904576289939-ViewOnlyAccess', '904576289939'],
    ]);
    // The same names when a run selects one role, or one account: a part never changes meaning.
    const billing = planSync(request(org, [], { roles: new Set(['Billing']) }));
    expect(billing.create.map((p) => p.name)).toEqual([
      'myorg-other-Billing',
      'myorg-prod-168501807990-Billing',
    ]);
    const one = planSync(request(org, [], { includeAccount: (a) => a.accountId === '904576289939' }));
    expect(one.create.map((p) => p.name)).toEqual([
      'myorg-prod-904576289939-PowerUserAccess',
      'myorg-prod-904576289939-ViewOnlyAccess',
    ]);
  });

  it('keeps the names of existing profiles of twin accounts, and names only the new ones with the id', () => {
    const org: Org = {
      '168501807990': { name: 'prod', roles: ['Billing', 'PowerUserAccess'] },
      '904576289939': { name: 'Prod', roles: ['PowerUserAccess', 'ViewOnlyAccess'] },
    };
    // As an earlier version named them: the id only where both accounts had the role.
    const existing = [
      generated('myorg-prod-Billing', '168501807990', 'Billing', { sso_account_name: 'prod' }),
      generated('myorg-prod-168501807990-PowerUserAccess', '168501807990', 'PowerUserAccess', {
        sso_account_name: 'prod',
      }),
      generated('myorg-prod-904576289939-PowerUserAccess', '904576289939', 'PowerUserAccess', {
        sso_account_name: 'Prod',
      }),
    ];
    const plan = planSync(request(org, existing));
    expect(plan.unchanged.map((p) => p.name)).toEqual([
      'myorg-prod-168501807990-PowerUserAccess',
      'myorg-prod-904576289939-PowerUserAccess',
      'myorg-prod-Billing',
    ]);
    expect(plan.create.map((p) => p.name)).toEqual(['myorg-prod-904576289939-ViewOnlyAccess']);
    expect([plan.update, plan.stale]).toEqual([[], []]);
  });

  it('never touches a hand-made profile of the same name, and reports it', () => {
    const plan = planSync(
      request({ '111111111111': { name: 'Dev', roles: ['Admin'] } }, [
        { name: 'myorg-dev-Admin', ambiguous: false, values: { region: 'us-east-1' } },
      ]),
    );
    expect(plan.create).toEqual([]);
    expect(plan.conflicts.map((c) => c.profile.name)).toEqual(['myorg-dev-Admin']);
  });

  it('never takes over a hand-made profile that names our session, even for the same account and role', () => {
    const org: Org = { '111111111111': { name: 'Dev', roles: ['Admin', 'DBA'] } };
    // What sync would write, but for generated_by: the user wrote it, or copied it and kept it.
    const handMade = (name: string, role: string): ExistingProfile => {
      const { generated_by: _, ...values } = generated(name, '111111111111', role, {
        sso_account_name: 'Dev',
      }).values as Record<string, string>;
      const lines = Object.entries(values)
        .sort(([a], [b]) => order(a) - order(b))
        .map(([key, value]) => ({ key, value }));
      return { name, ambiguous: false, values, lines };
    };
    // One under the name sync wants, one for the same account and role under another name.
    const existing = [handMade('myorg-dev-Admin', 'Admin'), handMade('my-dba', 'DBA')];
    for (const prune of [false, true]) {
      const plan = planSync(request(org, existing, { prune }));
      expect(plan.conflicts.map((c) => [c.profile.name, c.reason])).toEqual([
        ['myorg-dev-Admin', 'a hand-made profile already has this name; it was left as it is'],
      ]);
      expect(plan.create.map((p) => p.name)).toEqual(['myorg-dev-DBA']);
      expect([plan.update, plan.unchanged, plan.prune, plan.stale, plan.renamed]).toEqual([
        [],
        [],
        [],
        [],
        [],
      ]);
    }
    // Nor does it hold a name for its account: twins are told apart as if it were not there.
    const twins: Org = {
      '111111111111': { name: 'Prod', roles: ['Admin'] },
      '222222222222': { name: 'prod', roles: ['Admin'] },
    };
    const { generated_by: _, ...values } = generated('myorg-prod-Admin', '222222222222', 'Admin', {
      sso_account_name: 'prod',
    }).values as Record<string, string>;
    const plan = planSync(request(twins, [{ name: 'myorg-prod-Admin', ambiguous: false, values }]));
    expect(plan.create.map((p) => p.name)).toEqual([
      'myorg-prod-111111111111-Admin',
      'myorg-prod-222222222222-Admin',
    ]);
    expect([plan.conflicts, plan.update, plan.unchanged]).toEqual([[], [], []]);
  });

  it('updates only what changed, and is empty on a second run', () => {
    const org: Org = { '111111111111': { name: 'Dev', roles: ['Admin'] } };
    const first = planSync(request(org)).create[0]!;
    const existing = generated(first.name, '111111111111', 'Admin', {
      sso_account_name: 'Dev',
      region: 'us-east-1',
    });
    const plan = planSync(request(org, [existing]));
    expect(plan.update).toHaveLength(1);
    expect(plan.update[0]!.changes).toEqual([{ key: 'region', from: 'us-east-1', to: 'eu-central-1' }]);
    const again = planSync(
      request(org, [{ ...existing, values: { ...existing.values, region: 'eu-central-1' } }]),
    );
    expect([again.create, again.update, again.prune]).toEqual([[], [], []]);
  });

  it('removes only the credential_process line it wrote itself, and keeps one the user added', () => {
    const org: Org = {
      '111111111111': { name: 'Dev', roles: ['Admin'] },
      '222222222222': { name: 'Ops', roles: ['Admin'] },
    };
    const own = '/usr/bin/node /opt/aop/dist/bin.js credentials --profile {profile}';
    const existing = [
      generated('myorg-dev-Admin', '111111111111', 'Admin', {
        sso_account_name: 'Dev',
        credential_process: own.replace('{profile}', 'myorg-dev-Admin'),
      }),
      generated('myorg-ops-Admin', '222222222222', 'Admin', {
        sso_account_name: 'Ops',
        credential_process: 'aws-org-profiles credentials --profile myorg-ops-Admin',
      }),
    ];
    const plan = planSync(request(org, existing, { ownCredentialProcess: own }));
    expect(plan.update.map((u) => [u.profile.name, u.changes.map((c) => [c.key, c.to])])).toEqual([
      ['myorg-dev-Admin', [['credential_process', null]]],
    ]);
    expect(plan.unchanged.map((p) => p.name)).toEqual(['myorg-ops-Admin']);
    const written = planSync(request(org, [], { credentialProcess: own, ownCredentialProcess: own }));
    expect(written.create[0]!.entries.at(-1)).toEqual([
      'credential_process',
      own.replace('{profile}', 'myorg-dev-Admin'),
    ]);
  });

  it('prunes only generated profiles whose account or role is gone, and only with --prune', () => {
    const org: Org = { '111111111111': { name: 'Dev', roles: ['Admin'] } };
    const existing = [
      generated('myorg-dev-Admin', '111111111111', 'Admin', { sso_account_name: 'Dev' }),
      generated('myorg-dev-Old', '111111111111', 'Old'),
      generated('myorg-gone-Admin', '999999999999', 'Admin'),
      {
        ...generated('other-x-Admin', '999999999999', 'Admin'),
        values: { ...generated('o', '9', 'A').values, sso_session: 'other' },
      },
      { name: 'hand', ambiguous: false, values: { sso_session: 'myorg', sso_account_id: '999999999999' } },
    ];
    const dry = planSync(request(org, existing));
    expect(dry.prune).toEqual([]);
    expect(dry.stale.map((r) => r.name)).toEqual(['myorg-dev-Old', 'myorg-gone-Admin']);
    const plan = planSync(request(org, existing, { prune: true }));
    expect(plan.prune.map((r) => [r.name, r.reason])).toEqual([
      ['myorg-dev-Old', 'role Old is no longer assigned in account 111111111111'],
      ['myorg-gone-Admin', 'account 999999999999 is no longer assigned'],
    ]);
  });

  it('keeps generated profiles of accounts outside the --account filter', () => {
    const org: Org = {
      '111111111111': { name: 'Dev', roles: ['Admin'] },
      '222222222222': { name: 'Prod', roles: ['Admin'] },
    };
    const plan = planSync(
      request(org, [generated('myorg-prod-Admin', '222222222222', 'Admin')], {
        prune: true,
        includeAccount: (a) => a.accountName === 'Dev',
        discovery: {
          accounts: [
            { accountId: '111111111111', accountName: 'Dev' },
            { accountId: '222222222222', accountName: 'Prod' },
          ],
          roles: new Map([['111111111111', ['Admin']]]),
        },
      }),
    );
    expect(plan.prune).toEqual([]);
    expect(plan.create.map((p) => p.name)).toEqual(['myorg-dev-Admin']);
  });
  it('plans the same whether or not it may take a profile as unchanged from its lines', () => {
    const own = '/usr/bin/node /opt/aop/bin.js credentials --profile {profile}';
    const org: Org = {
      '111111111111': { name: 'Dev', roles: ['Admin', 'DBA', 'Read'] },
      '222222222222': { name: 'Prod;EU', roles: ['Admin', 'DBA'] },
      '333333333333': { name: '', roles: ['Admin'] },
    };
    const existing = [
      generated('myorg-dev-Admin', '111111111111', 'Admin', { sso_account_name: 'Dev' }),
      generated('myorg-dev-DBA', '111111111111', 'DBA', { sso_account_name: 'dev' }),
      generated('myorg-dev-Read', '111111111111', 'Read', { sso_account_name: 'Dev', output: 'json' }),
      generated('myorg-prod-eu-Admin', '222222222222', 'Admin', { sso_account_name: 'Prod%3BEU' }),
      generated('myorg-prod-eu-DBA', '222222222222', 'DBA', {
        sso_account_name: 'Prod%3BEU',
        credential_process: own.replace('{profile}', 'myorg-prod-eu-DBA'),
      }),
      generated('myorg-333333333333-Admin', '333333333333', 'Admin'),
    ];
    // The same profiles with their lines in written order, and one with its keys in another order.
    const withLines = existing.map((e, i) => {
      const values = e.values as Record<string, string>;
      const entries = Object.entries(values).sort(([a], [b]) => order(a) - order(b));
      if (i === 0) entries.reverse();
      return { ...e, lines: entries.map(([key, value]) => ({ key, value })) };
    });
    for (const extra of [{}, { credentialProcess: own }] as Partial<SyncRequest>[]) {
      const slow = planSync(request(org, existing, { ownCredentialProcess: own, ...extra }));
      const fast = planSync(request(org, withLines, { ownCredentialProcess: own, ...extra }));
      expect(fast).toEqual(slow);
    }
    const plain = planSync(request(org, withLines, { ownCredentialProcess: own }));
    expect(plain.unchanged.map((p) => p.name)).toEqual([
      'myorg-333333333333-Admin',
      'myorg-dev-Admin',
      'myorg-dev-Read',
      'myorg-prod-eu-Admin',
    ]);
    expect(plain.update.map((u) => u.profile.name)).toEqual(['myorg-dev-DBA', 'myorg-prod-eu-DBA']);
  });
});

describe('values the config cannot hold', () => {
  const refusal = (req: SyncRequest): AppError => {
    try {
      planSync(req);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    }
    throw new Error('the plan was made');
  };

  it('names the profile, the field and the escaped value, as bad data and not as a bug', () => {
    const error = refusal(request({ '111122223333': { name: 'Workload', roles: ['Admin\n'] } }));
    expect(error.code).toBe('CONFIG_VALUE');
    expect(error.message).toBe(
      'cannot write role name "Admin\\n" for account 111122223333 (profile myorg-workload-Admin): it holds a line break, which an AWS config file cannot store.',
    );
    expect(error.hint).toContain('IAM Identity Center');
    expect(error.hint).not.toContain('bug');
  });

  it('refuses each kind of value that would not read back the same in botocore and the JS SDK', () => {
    const message = (accountId: string, role: string, extra: Partial<SyncRequest> = {}) =>
      refusal(request({ [accountId]: { name: 'Dev', roles: [role] } }, [], extra)).message;
    expect(message('111122223333', 'Admin ;x')).toContain(
      'role name "Admin ;x" for account 111122223333 (profile myorg-dev-Admin-x): it holds a ";" or "#" after white space',
    );
    expect(message(' 111122223333', 'Admin')).toBe(
      'cannot write account id " 111122223333" (profile myorg-dev-Admin): it starts or ends with white space, which the AWS CLI drops when it reads the file.',
    );
    expect(message('111122223333', 'Ad\u0000min')).toContain('"Ad\\u0000min"');
    expect(message('111122223333', 'Admin\uD800')).toContain(
      'role name "Admin\\ud800" for account 111122223333 (profile myorg-dev-Admin): it holds a lone UTF-16 surrogate, which UTF-8 cannot store.',
    );
    expect(message('111122223333', '')).toContain('role name "" for account 111122223333');
    const region = refusal(
      request({ '111122223333': { name: 'Dev', roles: ['Admin'] } }, [], { region: 'eu-west-1 ; note' }),
    );
    expect(region.message).toContain('cannot write region "eu-west-1 ; note" for account 111122223333');
    expect(region.hint).toContain('--region');
  });

  it('refuses a bad value in an update too', () => {
    const org: Org = { '111122223333': { name: 'Dev', roles: ['Admin'] } };
    const existing = generated('myorg-dev-Admin', '111122223333', 'Admin', { sso_account_name: 'Dev' });
    expect(refusal(request(org, [existing], { region: 'eu-west-1\r' })).message).toContain(
      'cannot write region "eu-west-1\\r" for account 111122223333 (profile myorg-dev-Admin)',
    );
  });

  it('plans an account name with a lone surrogate as UTF-8 stores it, so a second run finds it unchanged', () => {
    const org: Org = { '111122223333': { name: '\uD800Dev', roles: ['Admin'] } };
    const first = planSync(request(org));
    expect(first.create[0]!.entries).toContainEqual(['sso_account_name', '\uFFFDDev']);
    const stored = generated(first.create[0]!.name, '111122223333', 'Admin', {
      sso_account_name: '\uFFFDDev',
    });
    const again = planSync(request(org, [stored]));
    expect(again.unchanged.map((p) => p.name)).toEqual([first.create[0]!.name]);
    expect(again.update).toEqual([]);
  });
});
