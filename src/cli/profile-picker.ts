/**
 * The interactive profile picker of `use`: raw mode on the terminal of stdin, drawn on stderr (in
 * the alternate screen, so the shell's screen comes back as it was), so that stdout carries only
 * the chosen name, as `$(aws-org-profiles use)` needs.
 *
 * Built on Node's own terminal support rather than a library. `@inquirer/search` (4.4, the best
 * kept candidate; Node 20.17 and later) takes a source function we could rank ourselves, but it
 * draws its own rows (a name and a description), shows a fixed page of 7 instead of the terminal's
 * height, and has no Esc to cancel in its released versions (SBoudrias/Inquirer.js#2179, a pull
 * request is still open); it would also bring @inquirer/core with eight packages of its own into
 * the bundle. What the picker needs from the terminal is small: raw mode, the window's size and
 * its `resize` event, and a few escape sequences. The rest, decoding keys, the state machine and
 * the frame, is plain logic in core/picker-input.ts and core/picker-frame.ts, tested with data.
 *
 * The terminal is given back (raw mode off, cursor shown, the normal screen) on every way out: a
 * choice, Esc or Ctrl-C, an error, a signal, and the process's exit as a last resort.
 */
import { pageSize, renderFrame, utf8Locale, type PickerRow } from '../core/picker-frame.js';
import { decodeKeys, fitState, initialState, pickerStep } from '../core/picker-input.js';
import { useColor, type Io } from './io.js';

export type PickResult<T> =
  | { readonly kind: 'chosen'; readonly item: T }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'signal'; readonly signal: NodeJS.Signals };

export interface PickOptions<T extends PickerRow> {
  /** The query the picker starts with. */
  readonly query: string;
  /** How many profiles there are in all. */
  readonly total: number;
  /** The matches of a query, best first. */
  readonly rank: (query: string) => readonly T[];
}

/** Signals that end the picker from outside: in raw mode, Ctrl-C is a key, not SIGINT. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const ALTERNATE_SCREEN = '\x1b[?1049h';
const NORMAL_SCREEN = '\x1b[?1049l';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

/** Assumed when the terminal does not say its size. */
const DEFAULT_SIZE = { width: 80, height: 24 };

/** Whether the picker can run: a person at a terminal both types on stdin and reads stderr. */
export function canPick(io: Io): boolean {
  return (
    io.stdin?.isTTY === true &&
    typeof io.stdin.setRawMode === 'function' &&
    io.stderr.isTTY === true &&
    io.env.TERM !== 'dumb'
  );
}

export function pickProfile<T extends PickerRow>(io: Io, options: PickOptions<T>): Promise<PickResult<T>> {
  const input = io.stdin!;
  const output = io.stderr;
  const color = useColor(io, output);
  const ascii = !utf8Locale(io.env);
  let state = initialState(options.query);
  let matches = options.rank(state.query);
  const size = () => ({
    width: output.columns || DEFAULT_SIZE.width,
    height: output.rows || DEFAULT_SIZE.height,
  });
  const draw = () => {
    const { width, height } = size();
    state = fitState(state, matches.length, pageSize(height));
    const frame = renderFrame({ state, matches, total: options.total }, { width, height, color, ascii });
    // Home, each line with the rest of its row cleared, the rest of the screen cleared, then the
    // cursor after the query.
    output.write(
      `${HIDE_CURSOR}\x1b[H${frame.lines.join('\x1b[K\r\n')}\x1b[K\x1b[J` +
        `\x1b[1;${frame.cursorColumn + 1}H${SHOW_CURSOR}`,
    );
  };

  return new Promise((resolve, reject) => {
    let restored = false;
    const restore = () => {
      if (restored) return;
      restored = true;
      input.off('data', onData);
      output.off?.('resize', draw);
      for (const signal of SIGNALS) process.off(signal, onSignal);
      process.off('exit', restore);
      try {
        input.setRawMode?.(false);
      } finally {
        input.pause();
        output.write(`${SHOW_CURSOR}${NORMAL_SCREEN}`);
      }
    };
    const finish = (result: PickResult<T>) => {
      restore();
      resolve(result);
    };
    const fail = (error: unknown) => {
      try {
        restore();
      } finally {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    function onData(chunk: string | Buffer) {
      try {
        const rows = pageSize(size().height);
        for (const key of decodeKeys(String(chunk))) {
          const step = pickerStep(state, key, matches.length, rows);
          if (step.state.query !== state.query) matches = options.rank(step.state.query);
          state = step.state;
          if (step.outcome === 'cancel') return finish({ kind: 'cancelled' });
          if (step.outcome === 'choose') return finish({ kind: 'chosen', item: matches[state.selected]! });
        }
        draw();
      } catch (error) {
        fail(error);
      }
    }
    function onSignal(signal: NodeJS.Signals) {
      finish({ kind: 'signal', signal });
    }
    try {
      process.on('exit', restore);
      for (const signal of SIGNALS) process.on(signal, onSignal);
      input.setRawMode!(true);
      input.setEncoding('utf8');
      input.on('data', onData);
      output.on?.('resize', draw);
      output.write(ALTERNATE_SCREEN);
      draw();
      input.resume();
    } catch (error) {
      fail(error);
    }
  });
}
