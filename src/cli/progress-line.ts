/**
 * A one-line progress display on stderr, shown only when stderr is a terminal. Each redraw goes
 * back to the start of the row and clears it, which only works while the line fits in that one
 * row: a longer line wraps, and every redraw then leaves a row behind. So the line is fitted to
 * the terminal's width, dropping its least important parts first, and drawn again when the
 * terminal is resized.
 */
import { cutToWidth, displayWidth } from '../core/display-width.js';
import type { Io } from './io.js';

export interface Progress {
  /** Shows `parts`, the most important first, on one line fitted to the terminal. */
  update(parts: readonly string[]): void;
  /** Removes the line; `summary`, when the line was shown, is printed in its place and stays. */
  done(summary?: string): void;
  /** Removes the line, if shown, so that a message can take its row. */
  clear(): void;
}

/** Assumed when a terminal does not say how wide it is. */
const DEFAULT_COLUMNS = 80;
/** At most this many redraws a second: a terminal is slow to draw, and a person slower to read. */
const MIN_REDRAW_MS = 100;

/**
 * `parts` joined with `, ` in at most `columns - 1` columns (the last column is left free: writing
 * into it makes some terminals wrap at once). Parts are dropped from the end until the line fits;
 * a first part that is still too long is cut, ending in `…`.
 */
export function fitLine(parts: readonly string[], columns: number): string {
  const room = Math.max(1, columns - 1);
  for (let n = parts.length; n > 1; n--) {
    const line = parts.slice(0, n).join(', ');
    if (displayWidth(line) <= room) return line;
  }
  return cutToWidth(parts[0] ?? '', room);
}

/** `7 s`, `2 min 05 s`, `1 h 02 min`: a duration as a person reads it at a glance. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** `enabled` false shows nothing. Whether stderr is a terminal is asked at the first update, not before. */
export function progressLine(io: Io, enabled = true): Progress {
  // Asked for only when there is something to draw: the agent hook's stderr is made on first use.
  const stream = () => io.stderr;
  let shown = false;
  let last = -Infinity;
  let parts: readonly string[] = [];
  let live: boolean | undefined;
  const draw = () => {
    shown = true;
    stream().write(`\r\x1b[2K${fitLine(parts, stream().columns || DEFAULT_COLUMNS)}`);
  };
  // On a resize the line is drawn again at once, fitted to the new width, so that no redraw wraps.
  // (A terminal that rewraps its text on a resize may have put part of the old line on a row of
  // its own already: that one row stays.)
  const onResize = () => {
    if (shown) draw();
  };
  const erase = () => {
    const was = shown;
    if (shown) stream().write('\r\x1b[2K');
    shown = false;
    return was;
  };
  return {
    update(next) {
      if (live === undefined) {
        live = enabled && stream().isTTY === true && !io.env.CI;
        if (live) stream().on?.('resize', onResize);
      }
      if (!live) return;
      parts = next;
      const now = io.now().getTime();
      if (now - last < MIN_REDRAW_MS) return;
      last = now;
      draw();
    },
    done(summary) {
      if (live) stream().off?.('resize', onResize);
      live = false;
      if (erase() && summary !== undefined) stream().write(`${summary}\n`);
    },
    clear() {
      erase();
    },
  };
}
