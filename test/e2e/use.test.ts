/**
 * `use`: the picker in a pseudo-terminal (stdin and stderr the terminal, stdout a pipe, as in
 * `$(aws-org-profiles use)`), and the best match off a terminal, against the demo organisation
 * synced with its OUs, plus hand-made profiles with hostile and very long names.
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/app/list.js';
import { displayWidth } from '../../src/core/display-width.js';
import { searchProfiles } from '../../src/core/search.js';
import { demoOrganization } from '../../src/emulator/index.js';
import { BIN, runCli } from '../support/cli.js';
import { lastFrame, runInPty, type PtyStep } from '../support/pty.js';
import { World } from '../support/world.js';

let w: World;
const LONG = `myorg-${'very-long-account-name-'.repeat(8)}ReadOnly`;
const EVIL = 'myorg-evil\u202eAdmin';

beforeAll(async () => {
  w = await World.create(demoOrganization());
  w.signIn();
  expect((await w.cli('sync', '--all-roles')).code).toBe(0);
  const profile = (name: string, account: string) =>
    `\n[profile ${name}]\nsso_session = myorg\nsso_account_id = 600000000099\nsso_role_name = Admin\nsso_account_name = ${account}\n`;
  appendFileSync(w.configPath, profile(EVIL, 'Evil\x1b]0;pwned\x07\x1b[2JName') + profile(LONG, 'Long'));
}, 60_000);
afterAll(async () => {
  await w.close();
});

const env = (extra: Record<string, string | undefined> = {}) => ({ ...w.env, LANG: 'C.UTF-8', ...extra });
/** Every frame the picker drew ends with "clear to the end of the screen". */
const FRAME_END = '\x1b[J';
const ready: PtyStep = { wait: 'Esc cancel' };
const redrawn: PtyStep = { wait: FRAME_END };

/** The rows of a frame: the profile names, and which one is selected. */
function rowsOf(frame: string[]): { names: string[]; selected: number } {
  const rows = frame.slice(1, -1).filter((l) => l.startsWith('> ') || l.startsWith('  '));
  return {
    names: rows.map((l) => l.slice(2).split(/ {2,}/)[0]!),
    selected: rows.findIndex((l) => l.startsWith('> ')),
  };
}

/** The terminal was given back: raw mode off (checked by pty_run.py), cursor shown, normal screen. */
function expectRestored(result: { cooked: boolean; screen: Buffer }): void {
  expect(result.cooked).toBe(true);
  const screen = result.screen.toString('utf8');
  const restored = screen.lastIndexOf('\x1b[?25h\x1b[?1049l');
  expect(restored).toBeGreaterThan(screen.lastIndexOf('\x1b[?1049h'));
  expect(restored).toBeGreaterThan(screen.lastIndexOf('\x1b[?25l'));
}

describe('use on a terminal', () => {
  it('narrows as one types, moves with the arrows, and prints only the chosen name on stdout', async () => {
    const result = await runInPty(
      ['use'],
      env(),
      [ready, { send: 'payments' }, { wait: 'of ' }, { send: '\x1b[B' }, redrawn, { send: '\r' }],
      { rows: 24, cols: 120 },
    );
    expect(result.error).toBeNull();
    const screen = result.screen.toString('utf8');
    // At first every profile, in the order of the config.
    const profiles = loadProfiles(w.env).profiles;
    const initial = lastFrame(
      Buffer.from(screen.slice(0, screen.indexOf('\x1b[H', screen.indexOf('\x1b[H') + 1))),
    );
    expect(initial.at(-1)).toMatch(new RegExp(`^${profiles.length} profiles · `));
    // Names too wide for their column end in …
    const shown = rowsOf(initial).names;
    expect(shown).toHaveLength(22);
    shown.forEach((name, i) => expect(profiles[i]!.profile.startsWith(name.replace(/…$/, ''))).toBe(true));
    const { names, selected } = rowsOf(lastFrame(result.screen));
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) expect(name).toMatch(/payments/);
    expect(selected).toBe(1);
    expect(lastFrame(result.screen).join('\n')).toContain('/Workloads/Prod');
    expect(result.stdout).toBe(`${names[1]}\n`);
    expect(result.code).toBe(0);
    expectRestored(result);
  });

  it('cancels with Esc or Ctrl-C: exit 130, nothing on stdout', async () => {
    for (const key of ['\x1b', '\x03']) {
      const result = await runInPty(['use', 'prod'], env(), [ready, { send: key }]);
      expect(result.error).toBeNull();
      expect(result.code).toBe(130);
      expect(result.stdout).toBe('');
      expectRestored(result);
    }
  });

  it('gives the terminal back when a signal ends it', async () => {
    const result = await runInPty(['use'], env(), [ready, { signal: 'SIGTERM' }]);
    expect(result.error).toBeNull();
    expect(result.code).toBe(143);
    expect(result.stdout).toBe('');
    expectRestored(result);
  });

  it('draws again within the new size when the terminal is resized', async () => {
    const result = await runInPty(['use'], env(), [ready, { resize: [8, 40] }, redrawn, { send: '\x1b' }], {
      rows: 30,
      cols: 120,
    });
    expect(result.error).toBeNull();
    const screen = result.screen.toString('utf8');
    const before = lastFrame(Buffer.from(screen.slice(0, screen.lastIndexOf('\x1b[H'))));
    expect(Math.max(...before.map(displayWidth))).toBeGreaterThan(40);
    const after = lastFrame(result.screen);
    expect(after.length).toBeLessThanOrEqual(8);
    for (const line of after) expect(displayWidth(line), line).toBeLessThan(40);
    expect(result.code).toBe(130);
  });

  it('scrolls a window of the terminal height, and cuts names wider than the terminal', async () => {
    const result = await runInPty(
      ['use'],
      env(),
      [ready, { send: '\x1b[6~' }, redrawn, { send: '\x1b[F' }, redrawn, { send: '\r' }],
      { rows: 10, cols: 80 },
    );
    expect(result.error).toBeNull();
    const screen = result.screen.toString('utf8');
    const frames = screen.split('\x1b[H').slice(1);
    const [initial, paged] = frames.map((f) => rowsOf(lastFrame(Buffer.from(`\x1b[H${f}`))));
    expect(initial!.names).toHaveLength(8);
    expect(paged!.names[0]).toBe(initial!.names[1]);
    expect(paged!.selected).toBe(7);
    const end = lastFrame(result.screen);
    expect(end.find((l) => l.startsWith('> '))).toMatch(/^> myorg-very-long-.*…/);
    for (const line of end) expect(displayWidth(line)).toBeLessThan(80);
    expect(result.stdout).toBe(`${LONG}\n`);
  });

  it('shows hostile names escaped, and refuses to print a name with control characters', async () => {
    const result = await runInPty(['use', 'evil'], env(), [ready, { send: '\r' }]);
    const screen = result.screen.toString('utf8');
    expect(screen).toContain('myorg-evil\\u202eAdmin');
    expect(screen).toContain('Evil\\x1b]0;pwned\\x07\\x1b[2JName');
    expect(screen).not.toContain('\u202e');
    expect(screen).not.toContain('\x1b]0;');
    expect(screen).not.toContain('\x1b[2JName');
    expect(screen).toContain('holds control characters');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
    expectRestored(result);
  });

  it('uses no colour under NO_COLOR, and colour otherwise', async () => {
    const steps = [ready, { send: 'payments' }, { wait: 'of ' }, { send: '\x1b' }];
    const bare = await runInPty(['use'], env({ NO_COLOR: '1', TERM: 'xterm-256color' }), steps);
    expect(bare.screen.toString('utf8')).not.toMatch(/\x1b\[[0-9;]*m/);
    const colored = await runInPty(['use'], env({ NO_COLOR: undefined, TERM: 'xterm-256color' }), steps);
    expect(colored.screen.toString('utf8')).toMatch(/\x1b\[3\dm/);
    expect(colored.screen.toString('utf8')).toContain('\x1b[7m');
  });

  it('draws only ASCII under LANG=C, names included', async () => {
    const steps = [ready, { send: 'zurich' }, { wait: 'of ' }, { send: '\x1b' }];
    const ascii = await runInPty(['use'], env({ LANG: 'C', LC_ALL: undefined }), steps);
    expect(ascii.error).toBeNull();
    expect([...ascii.screen].filter((b) => b > 0x7f)).toEqual([]);
    expect(ascii.screen.toString('utf8')).toContain('Z\\u00fcri');
    const unicode = await runInPty(['use'], env({ LANG: 'C.UTF-8' }), steps);
    expect(unicode.screen.toString('utf8')).toContain('Zürich Ops');
  });

  it('prints an exact name at once, and the best match with --first, without a picker', async () => {
    for (const [args, name] of [
      [['use', 'myorg-audit-ReadOnlyAccess'], 'myorg-audit-ReadOnlyAccess'],
      [['use', '--first', 'payments', 'prod', 'readonly'], 'myorg-payments-prod-ReadOnlyAccess'],
    ] as const) {
      const result = await runInPty([...args], env(), []);
      expect(result.stdout).toBe(`${name}\n`);
      expect(result.code).toBe(0);
      expect(result.screen.toString('utf8')).not.toContain('\x1b[?1049h');
    }
  });

  it('prints the chosen profile as JSON with --json', async () => {
    const result = await runInPty(['use', '--json', 'payments prod readonly'], env(), [
      ready,
      { send: '\r' },
    ]);
    expect(JSON.parse(result.stdout)).toEqual({
      version: 1,
      profile: 'myorg-payments-prod-ReadOnlyAccess',
      accountId: '600000000007',
      accountName: 'Payments Prod',
      role: 'ReadOnlyAccess',
      ouPath: '/Workloads/Prod',
    });
  });
});

describe('use off a terminal', () => {
  it('prints the best match of the search that find_profiles uses', async () => {
    for (const query of ['prod readonly', 'log archive audit', 'dev db']) {
      const best = searchProfiles(loadProfiles(w.env).profiles, query, 1)[0]!.profile.profile;
      const result = await runCli(['use', ...query.split(' ')], { env: w.env, timeoutMs: 20_000 });
      expect(result.stdout, query).toBe(`${best}\n`);
      expect(result.code).toBe(0);
    }
  });

  it('fails with exit 1 when nothing matches, and 2 without words', async () => {
    const none = await runCli(['use', 'zzzqqq'], { env: w.env, timeoutMs: 20_000 });
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('no profile matches "zzzqqq"');
    const json = await runCli(['use', '--json', 'zzzqqq'], { env: w.env, timeoutMs: 20_000 });
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'NO_MATCH', exitCode: 1 } });
    for (const args of [['use'], ['use', '--first']]) {
      const result = await runCli(args, { env: w.env, timeoutMs: 20_000 });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
    }
  });

  it('never waits for input on a pipe that stays open', async () => {
    const child = spawn(process.execPath, [BIN, 'use'], { env: w.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    child.stdin.destroy();
    expect(code).toBe(2);
  });
});
