import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/core/display-width.js';
import { renderFrame, utf8Locale, type PickerRow } from '../../src/core/picker-frame.js';
import { initialState } from '../../src/core/picker-input.js';

const row = (profile: string, accountName: string, role: string, ouPath?: string): PickerRow => ({
  profile,
  accountName,
  accountId: '600000000001',
  role,
  ...(ouPath === undefined ? {} : { ouPath }),
});

const rows = Array.from({ length: 30 }, (_, i) => row(`myorg-acct${i}-ReadOnly`, `Acct ${i}`, 'ReadOnly'));
const plain = { width: 80, height: 10, color: false, ascii: false };
const strip = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, '');

describe('renderFrame', () => {
  it('shows the query, a window of matches the height of the terminal, and a status line', () => {
    const state = { query: 'acct', selected: 12, top: 5 };
    const { lines, cursorColumn } = renderFrame({ state, matches: rows, total: 40 }, plain);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('Profile: acct');
    expect(cursorColumn).toBe('Profile: acct'.length);
    expect(lines[1]).toBe('  myorg-acct5-ReadOnly   Acct 5   600000000001  ReadOnly');
    expect(lines[8]).toMatch(/^> myorg-acct12-ReadOnly {2}Acct 12 {2}600000000001 {2}ReadOnly$/);
    expect(lines[9]).toBe('30 of 40 profiles · ↑↓ PgUp PgDn move · Enter choose · Esc cancel');
  });

  it('shows the OU path when known, and says when nothing matches', () => {
    const withOu = [row('a', 'Payments', 'ReadOnly', '/Workloads/Prod'), row('b', 'Sandbox', 'Admin', '/')];
    const { lines } = renderFrame({ state: initialState(''), matches: withOu, total: 2 }, plain);
    expect(lines[1]).toBe('> a  Payments  600000000001  ReadOnly  /Workloads/Prod');
    expect(lines[2]).toBe('  b  Sandbox   600000000001  Admin');
    const none = renderFrame({ state: initialState('zzz'), matches: [], total: 2 }, plain).lines;
    expect(none.slice(1)).toEqual([
      '  no profile matches',
      '0 of 2 profiles · ↑↓ PgUp PgDn move · Enter choose · Esc cancel',
    ]);
  });

  it('fits every line in the width, cutting long names by display width', () => {
    const long = [row(`myorg-${'x'.repeat(200)}`, '東京'.repeat(30), 'ReadOnly'), row('b', 'B', 'R')];
    for (const width of [20, 33, 60, 120]) {
      const { lines } = renderFrame(
        { state: initialState('q'.repeat(200)), matches: long, total: 2 },
        { ...plain, width },
      );
      for (const line of lines) expect(displayWidth(line), `${width}: ${line}`).toBeLessThan(width);
      expect(lines[1]).toContain('…');
      // The long names give way first, so that the role still shows whole.
      if (width >= 60) expect(lines[1]).toMatch(/ 600000000001 {2}ReadOnly$/);
      // The end of a long query stays in view, with the cursor after it.
      expect(lines[0]).toMatch(/…q+$/);
    }
    const tiny = renderFrame({ state: initialState(''), matches: long, total: 2 }, { ...plain, height: 2 });
    expect(tiny.lines).toHaveLength(2);
  });

  it('shows control and bidi characters of names escaped', () => {
    const evil = [row('evil\u202eeman', 'Evil\x1b]0;pwned\x07\x1b[2J', 'Admin\r\nforged')];
    const { lines } = renderFrame(
      { state: initialState(''), matches: evil, total: 1 },
      { ...plain, width: 200 },
    );
    expect(lines[1]).toBe(
      '> evil\\u202eeman  Evil\\x1b]0;pwned\\x07\\x1b[2J  600000000001  Admin\\r\\nforged',
    );
  });

  it('uses no colour codes without colour, and marks the selection with colour', () => {
    const matches = [row('a', 'A', 'R', '/Workloads')];
    const bare = renderFrame({ state: initialState(''), matches, total: 1 }, plain).lines.join('\n');
    expect(bare).not.toContain('\x1b');
    const colored = renderFrame(
      { state: initialState(''), matches, total: 1 },
      { ...plain, color: true },
    ).lines;
    expect(colored[1]).toContain('\x1b[7m');
    expect(colored[1]).toContain('\x1b[36m/Workloads\x1b[39m');
    expect(strip(colored[1]!).trimEnd()).toBe('> a  A  600000000001  R  /Workloads');
  });

  it('draws nothing beyond ASCII under a locale that is not UTF-8, names included', () => {
    const matches = [
      row('myorg-zurich-ops', 'Zürich Ops 東京 😀', 'R'),
      row(`x${'y'.repeat(100)}`, 'Ü', 'R'),
    ];
    const { lines } = renderFrame(
      { state: initialState('zü'), matches, total: 3 },
      { ...plain, width: 120, ascii: true },
    );
    const text = lines.join('\n');
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(text).toContain('Z\\u00fcrich Ops \\u6771\\u4eac \\u{1f600}');
    expect(text).toContain('Up/Down/PgUp/PgDn move, Enter choose');
    expect(lines[0]).toBe('Profile: z\\u00fc');
    expect(lines[2]).toMatch(/~/);
  });
});

describe('utf8Locale', () => {
  it('reads LC_ALL, then LC_CTYPE, then LANG', () => {
    expect(utf8Locale({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(utf8Locale({ LANG: 'C.utf8' })).toBe(true);
    expect(utf8Locale({ LANG: 'en_US.UTF-8', LC_ALL: 'C' })).toBe(false);
    expect(utf8Locale({ LC_CTYPE: 'de_DE.ISO-8859-1', LANG: 'de_DE.UTF-8' })).toBe(false);
    expect(utf8Locale({})).toBe(false);
  });
});
