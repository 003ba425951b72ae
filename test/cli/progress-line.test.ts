/** The progress line of discovery on a terminal: one row whatever the width, the time left, a summary. */
import { describe, expect, it } from 'vitest';
import type { Notice } from '../../src/app/runtime.js';
import type { Io } from '../../src/cli/io.js';
import { fitLine, formatDuration } from '../../src/cli/progress-line.js';
import { cliRuntime } from '../../src/cli/terminal-reporter.js';
import { displayWidth } from '../../src/core/display-width.js';

/** A terminal on stderr, `columns` wide, and a clock the test moves. */
function terminal(columns: number, isTTY = true) {
  let text = '';
  let clock = 0;
  const listeners = new Set<() => void>();
  const stderr = {
    isTTY,
    columns,
    write: (s: string) => (text += s),
    on: (_: 'resize', listener: () => void) => listeners.add(listener),
    off: (_: 'resize', listener: () => void) => listeners.delete(listener),
  };
  const io: Io = {
    env: {},
    cwd: '/',
    now: () => new Date(clock),
    stdout: { write: () => true },
    stderr,
    debug: false,
  };
  const rt = cliRuntime(io);
  return {
    rt,
    listeners,
    output: () => text,
    at(ms: number) {
      clock = ms;
      return this;
    },
    discovery(rolesDone: number, accounts = 250, throttled = 0, listingDone = true) {
      const notice: Notice = {
        kind: 'discovery',
        progress: { accounts, accountsInScope: accounts, rolesDone, listingDone },
        throttled,
      };
      rt.reporter.notify(notice);
    },
    resize(to: number) {
      stderr.columns = to;
      for (const listener of listeners) listener();
    },
  };
}

/** What each redraw left on the row. */
const redraws = (output: string) => output.split('\r\x1b[2K').filter((s) => s !== '');

describe('the progress line', () => {
  it('fits the 84-character line of 250 accounts into an 80-column terminal, on one row', () => {
    const t = terminal(80);
    // The line as it was: 'Discovering: 250 accounts, roles read for 146/250, paced after 10 throttled requests'.
    t.at(0).discovery(146, 250, 10);
    t.at(5_000).discovery(147, 250, 10);
    const drawn = redraws(t.output());
    expect(drawn.length).toBeGreaterThanOrEqual(1);
    for (const line of drawn) {
      expect(line).not.toContain('\n');
      expect(displayWidth(line)).toBeLessThanOrEqual(79);
    }
    expect(drawn.at(-1)).toBe('Discovering: 250 accounts, roles read for 147/250, about 8 min 35 s left');
  });

  it('shows the time left once the pace is known, and the time so far', () => {
    const t = terminal(200);
    t.at(0).discovery(0);
    expect(t.output()).not.toMatch(/left|elapsed/);
    t.at(500).discovery(10);
    expect(redraws(t.output()).at(-1)).not.toMatch(/left/);
    t.at(2_000).discovery(50, 250, 3);
    // 50 roles in 2 s: 200 to go at 25 a second.
    expect(redraws(t.output()).at(-1)).toBe(
      'Discovering: 250 accounts, roles read for 50/250, about 8 s left, 2 s elapsed, paced after 3 throttled requests',
    );
    // The pace of the last 10 s: slower now.
    t.at(12_000).discovery(100, 250, 3);
    t.at(22_000).discovery(150, 250, 3);
    expect(redraws(t.output()).at(-1)).toContain('about 20 s left, 22 s elapsed');
  });

  it('draws the line again, fitted, when the terminal is resized', () => {
    const t = terminal(120);
    t.at(0).discovery(0);
    t.at(2_000).discovery(50, 250, 10);
    expect(displayWidth(redraws(t.output()).at(-1)!)).toBeGreaterThan(79);
    t.resize(40);
    const last = redraws(t.output()).at(-1)!;
    expect(displayWidth(last)).toBeLessThanOrEqual(39);
    expect(last).toMatch(/^Discovering: 250 accounts, roles read…$/);
  });

  it('ends with a summary line that stays, and stops listening to the terminal', () => {
    const t = terminal(80);
    t.at(0).discovery(0);
    t.at(3_000).discovery(250, 250, 4);
    expect(t.listeners.size).toBe(1);
    t.at(3_400);
    t.rt.reporter.notify({ kind: 'discovery-done' });
    expect(t.output()).toMatch(
      /\r\x1b\[2KDiscovered 250 accounts and the roles of 250 in 3 s, paced after 4 throttled requests\.\n$/,
    );
    expect(t.listeners.size).toBe(0);
    expect(t.rt.discoveryEnded).toBe(true);
  });

  it('clears the line and prints no summary when discovery failed half way', () => {
    const t = terminal(80);
    t.at(0).discovery(10);
    t.rt.reporter.notify({ kind: 'discovery-done' });
    expect(t.output().endsWith('\r\x1b[2K')).toBe(true);
  });

  it("clears the line for a message of the command's own (Ctrl-C)", () => {
    const t = terminal(80);
    t.at(0).discovery(10);
    t.rt.clearProgress();
    expect(t.output().endsWith('Discovering: 250 accounts, roles read for 10/250\r\x1b[2K')).toBe(true);
  });

  it('shows nothing when stderr is not a terminal', () => {
    const t = terminal(80, false);
    t.at(0).discovery(0);
    t.at(3_000).discovery(250);
    t.rt.reporter.notify({ kind: 'discovery-done' });
    expect(t.output()).toBe('');
  });
});

describe('the runtime of the agent hook', () => {
  it('leaves stderr alone until there is something to show: the hook makes it only then', () => {
    let made = 0;
    const io: Io = {
      env: {},
      cwd: '/',
      now: () => new Date(),
      stdout: { write: () => true },
      get stderr() {
        made++;
        return { write: () => true };
      },
      debug: false,
    };
    const rt = cliRuntime(io);
    rt.reporter.notify({ kind: 'debug', text: 'not shown without --debug' });
    expect(made).toBe(0);
  });
});

describe('fitLine', () => {
  it('drops the least important parts first, then cuts the first one', () => {
    const parts = ['Discovering: 250 accounts, roles read for 146/250', 'about 8 s left', '5 s elapsed'];
    expect(fitLine(parts, 200)).toBe(parts.join(', '));
    expect(fitLine(parts, 70)).toBe(`${parts[0]}, about 8 s left`);
    expect(fitLine(parts, 60)).toBe(parts[0]);
    expect(fitLine(parts, 21)).toBe('Discovering: 250 ac…');
    expect(fitLine(parts, 27)).toBe('Discovering: 250 accounts…');
    expect(fitLine(['本番アカウント'], 10)).toBe('本番アカ…');
  });
});

describe('formatDuration', () => {
  it('reads at a glance', () => {
    expect(formatDuration(400)).toBe('0 s');
    expect(formatDuration(7_400)).toBe('7 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  });
});
