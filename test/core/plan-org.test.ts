/** The plan and the organisation's structure: the sso_account_ou key and names from places. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigDocument } from '../../src/config/document.js';
import { existingProfiles, renderSync } from '../../src/config/profile-writer.js';
import { GENERATOR } from '../../src/core/model.js';
import { compileTemplate, DEFAULT_TEMPLATE } from '../../src/core/naming.js';
import type { AccountPlace } from '../../src/core/org.js';
import { planSync, type SyncRequest } from '../../src/core/plan.js';
import { decodeValue } from '../../src/core/values.js';
import { botocoreRead, hasBotocore } from '../support/botocore.js';

const ACCOUNTS = [
  { accountId: '111111111111', accountName: 'Payments', roles: ['Admin'] },
  { accountId: '222222222222', accountName: 'Sandbox', roles: ['Admin'] },
];

const place = (ouNames: string[], tags: Record<string, string> = {}, ouPath?: string): AccountPlace => ({
  ouPath: ouPath ?? `/${ouNames.join('/')}`,
  ouNames,
  tags,
});

function request(doc: ConfigDocument, extra: Partial<SyncRequest> = {}): SyncRequest {
  return {
    session: 'myorg',
    region: 'eu-central-1',
    template: compileTemplate(DEFAULT_TEMPLATE),
    includeAccount: () => true,
    discovery: {
      accounts: ACCOUNTS.map(({ accountId, accountName }) => ({ accountId, accountName })),
      roles: new Map(ACCOUNTS.map((a) => [a.accountId, a.roles])),
    },
    existing: existingProfiles(doc),
    prune: false,
    ...extra,
  };
}

const SESSION =
  '[sso-session myorg]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-central-1\n';

/** Plans against `text`, writes the result and returns it. */
function synced(text: string, extra: Partial<SyncRequest> = {}) {
  const doc = ConfigDocument.parse(text, 'config');
  const plan = planSync(request(doc, extra));
  return { plan, text: renderSync(doc, plan, 'myorg').text };
}

describe('the OU key of generated profiles', () => {
  const places = new Map([['111111111111', place(['Workloads', 'Prod'])]]);

  it('is written right after sso_account_name, for accounts with a known place only', () => {
    const { plan } = synced(SESSION, { places });
    const payments = plan.create.find((p) => p.accountId === '111111111111')!;
    expect(payments.entries).toEqual([
      ['sso_session', 'myorg'],
      ['sso_account_id', '111111111111'],
      ['sso_role_name', 'Admin'],
      ['region', 'eu-central-1'],
      ['sso_account_name', 'Payments'],
      ['sso_account_ou', '/Workloads/Prod'],
      ['generated_by', GENERATOR],
    ]);
    const sandbox = plan.create.find((p) => p.accountId === '222222222222')!;
    expect(sandbox.entries.map(([k]) => k)).not.toContain('sso_account_ou');
  });

  it('is percent-encoded like the account name, and reads back as the OU path', () => {
    const odd = place(['a;b', ' Edge', '100%/x'], {}, '/a;b/ Edge/100%25%2Fx');
    const { plan } = synced(SESSION, { places: new Map([['111111111111', odd]]) });
    const value = plan.create[0]!.entries.find(([k]) => k === 'sso_account_ou')![1];
    expect(value).toBe('/a%3Bb/ Edge/100%2525%252Fx');
    expect(decodeValue(value)).toBe(odd.ouPath);
  });

  it('is updated when the account moves, removed when its place is no longer known, and then left alone', () => {
    const first = synced(SESSION, { places }).text;
    expect(first).toContain('sso_account_ou = /Workloads/Prod\n');
    const moved = synced(first, { places: new Map([['111111111111', place(['Workloads', 'Dev'])]]) });
    expect(moved.plan.update.map((u) => u.changes)).toEqual([
      [{ key: 'sso_account_ou', from: '/Workloads/Prod', to: '/Workloads/Dev' }],
    ]);
    expect(moved.text).toContain('sso_account_ou = /Workloads/Dev\n');
    const gone = synced(moved.text);
    expect(gone.plan.update.map((u) => u.changes)).toEqual([
      [{ key: 'sso_account_ou', from: '/Workloads/Dev', to: null }],
    ]);
    expect(gone.text).not.toContain('sso_account_ou');
    expect(gone.text).toBe(synced(SESSION).text);
    const again = synced(gone.text);
    expect(again.plan.update).toEqual([]);
    expect(again.plan.unchanged).toHaveLength(2);
  });

  it('leaves an sso_account_ou of a hand-made profile alone', () => {
    const text = `${SESSION}\n[profile mine]\nsso_account_ou = /Mine\nregion = eu-west-1\n`;
    expect(synced(text).text).toContain('[profile mine]\nsso_account_ou = /Mine\n');
  });

  it.skipIf(!hasBotocore)('reads in botocore as written, with the other keys unchanged', () => {
    const odd = place(['Prod ; EU', 'Team #1 '], {}, '/Prod ; EU/Team #1 ');
    const { text } = synced(SESSION, { places: new Map([['111111111111', odd]]) });
    const path = join(mkdtempSync(join(tmpdir(), 'aop-ou-')), 'config');
    writeFileSync(path, text);
    const [reading] = botocoreRead([path]);
    expect(reading!.ok).toBe(true);
    if (!reading!.ok) return;
    const profile = reading!.profiles['myorg-payments-Admin']!;
    expect(decodeValue(String(profile.sso_account_ou))).toBe(odd.ouPath);
    expect(profile).toMatchObject({
      sso_session: 'myorg',
      sso_account_id: '111111111111',
      sso_role_name: 'Admin',
    });
  });
});

describe('names from the structure', () => {
  it('fill {ou}, {ouPath} and {tag:KEY} from the places, and leave them empty where there is none', () => {
    const places = new Map([['111111111111', place(['Workloads', 'Prod'], { team: 'Core' })]]);
    const template = compileTemplate('{session}-{ouPath}-{tag:team}-{account}-{role}');
    const { plan } = synced(SESSION, { places, template });
    expect(plan.create.map((p) => p.name)).toEqual([
      'myorg-sandbox-Admin',
      'myorg-workloads-prod-core-payments-Admin',
    ]);
  });

  it('tell twins apart by OU when the template has {ou}', () => {
    const places = new Map([
      ['111111111111', place(['Prod'])],
      ['222222222222', place(['Dev'])],
    ]);
    const doc = ConfigDocument.parse(SESSION, 'config');
    const plan = planSync({
      ...request(doc, { places, template: compileTemplate('{ou}-{account}') }),
      discovery: {
        accounts: [
          { accountId: '111111111111', accountName: 'App' },
          { accountId: '222222222222', accountName: 'App' },
        ],
        roles: new Map([
          ['111111111111', ['R']],
          ['222222222222', ['R']],
        ]),
      },
    });
    expect(plan.create.map((p) => p.name)).toEqual(['dev-app', 'prod-app']);
    expect(plan.renamed).toEqual([]);
  });
});
