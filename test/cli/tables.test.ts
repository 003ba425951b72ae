/** Text output that lines up: list's table, each's prefixes and sync's list of changes, with CJK and long names. */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/app/runtime.js';
import type { SyncResult } from '../../src/app/sync.js';
import type { Io } from '../../src/cli/io.js';
import { runPrinter } from '../../src/cli/output/each-output.js';
import { printList } from '../../src/cli/output/list-output.js';
import { renderSyncText } from '../../src/cli/output/sync-output.js';
import { displayWidth } from '../../src/core/display-width.js';
import type { ProfileRecord } from '../../src/core/profile-record.js';

function capture(): { io: Io; out: () => string } {
  let stdout = '';
  const io: Io = {
    env: {},
    cwd: '/',
    now: () => new Date(),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => true },
    debug: false,
  };
  return { io, out: () => stdout };
}

/** The display column at which `needle` starts in `line`. */
function columnOf(line: string, needle: string | RegExp): number {
  const index = typeof needle === 'string' ? line.indexOf(needle) : line.search(needle);
  expect(index, `${String(needle)} in ${line}`).toBeGreaterThanOrEqual(0);
  return displayWidth(line.slice(0, index));
}

const record = (profile: string, accountName: string, accountId: string): ProfileRecord => ({
  profile,
  accountId,
  accountName,
  role: 'ReadOnlyAccess',
  region: 'ap-northeast-1',
  ssoSession: 'myorg',
  generated: false,
  source: 'sso-session',
});

describe('list', () => {
  it('lines up its columns by display width, with CJK names, combining marks and a very long name', () => {
    const { io, out } = capture();
    const longName = `myorg-${'very-long-account-name-'.repeat(4)}Admin`;
    const profiles = [
      record('本番-管理者', '本番環境アカウント', '111111111111'),
      record('prod-admin', 'Production', '222222222222'),
      record('ｽﾃｰｼﾞﾝｸﾞ', 'Zu\u0308rich 운영', '333333333333'),
      record(longName, 'x'.repeat(90), '444444444444'),
    ];
    printList(io, profiles, profiles.length, false);
    const lines = out().trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    for (const needle of [/ACCOUNT ID|\d{12}/, /ROLE|ReadOnlyAccess/, /REGION|ap-northeast-1/]) {
      const columns = new Set(lines.map((l) => columnOf(l, needle)));
      expect(columns.size, `${String(needle)}:\n${lines.join('\n')}`).toBe(1);
    }
    // The profile name is whole (it is what --profile takes); another long value is cut at 60 columns.
    expect(lines[4]).toContain(longName);
    expect(lines[4]).toContain(`${'x'.repeat(59)}…`);
    expect(lines[4]).not.toContain('x'.repeat(60));
  });
});

describe('each', () => {
  it('pads the profile prefixes by display width', () => {
    const { io, out } = capture();
    const printer = runPrinter(io, 'text');
    const names = ['本番-管理者', 'prod-admin', 'e\u0301te\u0301-dev'];
    printer.start(names);
    for (const profile of names) {
      const run: RunResult = {
        profile,
        accountId: null,
        accountName: null,
        role: null,
        exitCode: 0,
        signal: null,
        durationMs: 1,
        stdout: 'one\ntwo\n',
        stderr: '',
        ok: true,
      };
      printer.run(run);
    }
    const lines = out().trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(new Set(lines.map((l) => columnOf(l, ' | '))).size).toBe(1);
    expect(columnOf(lines[0]!, ' | ')).toBe(11);
  });
});

describe('sync', () => {
  it('lines up the details of its changes, and puts those of a name longer than the column on their own line', () => {
    const { io, out } = capture();
    const desired = (name: string, accountId: string) => ({
      name,
      accountId,
      accountName: name,
      role: 'ReadOnlyAccess',
      region: 'eu-central-1',
    });
    const longName = `myorg-${'a-very-long-account-name-'.repeat(3)}ReadOnlyAccess`;
    expect(longName.length).toBeGreaterThan(60);
    const result = {
      session: 'myorg',
      region: 'eu-central-1',
      configFile: '/tmp/config',
      written: true,
      dryRun: false,
      warnings: [],
      configMs: 1,
      run: {
        discovery: { accounts: [], roles: new Map() },
        stats: { requests: 3, throttled: 0, serverErrors: 0, retries: 0 },
        durationMs: 10,
      },
      plan: {
        create: [
          desired('myorg-prod-ReadOnlyAccess', '111111111111'),
          desired(longName, '222222222222'),
          desired('myorg-dev-ReadOnlyAccess', '333333333333'),
        ],
        update: [],
        unchanged: [],
        prune: [
          { name: 'myorg-old-ReadOnlyAccess', accountId: '4', role: 'R', reason: '444444444444 is gone' },
        ],
        stale: [],
        conflicts: [],
        renamed: [],
        accountsWithoutRole: 0,
      },
      organization: { calls: {}, accountsPlaced: 0 },
    } as unknown as SyncResult;
    renderSyncText(io, result, true);
    const lines = out().split('\n');
    const details = lines.filter((l) => /\d{12}/.test(l));
    expect(details).toHaveLength(4);
    expect(new Set(details.map((l) => columnOf(l, /\d{12}/))).size).toBe(1);
    const at = lines.findIndex((l) => l.includes(longName));
    expect(lines[at]).toBe(`  + ${longName}`);
    expect(lines[at + 1]).toMatch(/^ +222222222222 ReadOnlyAccess$/);
  });
});
