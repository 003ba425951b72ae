/**
 * What the profile picker shows for a state: the query line, a window of matches (profile name,
 * account name, account id, role, OU path) and a status line, as text lines fitted to a terminal
 * of a given width and height. Names come from a file anyone may edit and from the portal, so
 * their control characters are shown escaped; under a locale that is not UTF-8 every character
 * outside ASCII is too, and the picker draws no glyph of its own beyond ASCII. Without colour
 * there is no escape sequence at all in the lines: the selected row is marked by `>`.
 */
import { cutToWidth, displayWidth, padToWidth } from './display-width.js';
import type { PickerState } from './picker-input.js';
import type { ProfileRecord } from './profile-record.js';
import { escapeControls } from './untrusted-text.js';

export type PickerRow = Pick<ProfileRecord, 'profile' | 'accountName' | 'accountId' | 'role' | 'ouPath'>;

export interface FrameView {
  readonly state: PickerState;
  /** The matches of the query, best first. */
  readonly matches: readonly PickerRow[];
  /** How many profiles there are in all. */
  readonly total: number;
}

export interface FrameOptions {
  readonly width: number;
  readonly height: number;
  readonly color: boolean;
  /** ASCII only: the terminal's locale is not UTF-8. */
  readonly ascii: boolean;
}

export interface Frame {
  readonly lines: readonly string[];
  /** Where the cursor goes on the first line, after the query: a 0-based column. */
  readonly cursorColumn: number;
}

/** Whether the locale (the first of LC_ALL, LC_CTYPE, LANG that is set) encodes text as UTF-8. */
export function utf8Locale(vars: Readonly<Record<string, string | undefined>>): boolean {
  const locale = vars.LC_ALL || vars.LC_CTYPE || vars.LANG || '';
  return /utf-?8/i.test(locale);
}

/** The rows of matches a terminal of `height` rows shows: all but the query and status lines. */
export const pageSize = (height: number): number => Math.max(1, height - 2);

const PROMPT = 'Profile: ';
/** The widest a column other than the profile name gets, so that the later ones still show. */
const MAX_COLUMN = 40;
const GAP = '  ';

/** Text as it may be shown: control characters escaped, and in ASCII mode everything beyond it. */
function shown(text: string, ascii: boolean): string {
  const safe = escapeControls(text);
  return ascii
    ? safe.replace(/[^\x20-\x7e]/gu, (c) => {
        const code = c.codePointAt(0)!;
        return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
      })
    : safe;
}

/** `text` in at most `width` columns, its end replaced by `…` (ASCII: `~`) when it is cut. */
function cut(text: string, width: number, ascii: boolean): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  const cutText = cutToWidth(text, width);
  return ascii ? `${cutText.slice(0, -1)}~` : cutText;
}

interface Styles {
  readonly dim: (s: string) => string;
  readonly accent: (s: string) => string;
  readonly bold: (s: string) => string;
  readonly reverse: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string) => (s ? `\x1b[${open}m${s}\x1b[${close}m` : s);
const plain = (s: string) => s;
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const stylesFor = (color: boolean): Styles =>
  color
    ? { dim: sgr(2, 22), accent: sgr(36, 39), bold: sgr(1, 22), reverse: sgr(7, 27) }
    : { dim: plain, accent: plain, bold: plain, reverse: plain };

/** One row's cells: profile, account name, account id, role, OU path (its own root `/` left out). */
function cellsOf(row: PickerRow, ascii: boolean): string[] {
  return [
    row.profile,
    row.accountName ?? '',
    row.accountId ?? '',
    row.role ?? '',
    row.ouPath === undefined || row.ouPath === '/' ? '' : row.ouPath,
  ].map((text) => shown(text, ascii));
}

/**
 * The narrowest each column is made to let the others fit, in the order they give way: the OU
 * path first, then the account name, the role, and the profile name last. The account id is
 * never narrowed; past these, the end of the line is cut.
 */
const GIVE_WAY: readonly (readonly [column: number, min: number])[] = [
  [4, 8],
  [1, 10],
  [3, 14],
  [0, 16],
];

/** Narrows the columns, least important first, until they and their gaps fit in `room`. */
function shrinkToFit(widths: number[], room: number): void {
  const shown = widths.filter((w) => w > 0);
  let excess = shown.reduce((sum, w) => sum + w, 0) + GAP.length * Math.max(0, shown.length - 1) - room;
  for (const [column, min] of GIVE_WAY) {
    if (excess <= 0) return;
    const by = Math.max(0, Math.min(excess, widths[column]! - min));
    widths[column] = widths[column]! - by;
    excess -= by;
  }
}

/** The query line, showing the end of a query too long for it, and where its cursor goes. */
function queryLine(query: string, room: number, options: FrameOptions, styles: Styles): Frame {
  const text = shown(query, options.ascii);
  const space = Math.max(0, room - PROMPT.length);
  let visible = text;
  if (displayWidth(text) > space) {
    const chars = Array.from(text);
    visible = '';
    while (chars.length > 0 && displayWidth(chars[chars.length - 1]! + visible) < space) {
      visible = chars.pop()! + visible;
    }
    visible = (options.ascii ? '<' : '…') + visible;
  }
  const prompt = PROMPT.slice(0, room);
  return {
    lines: [styles.bold(styles.accent(prompt)) + visible],
    cursorColumn: Math.min(room, prompt.length + displayWidth(visible)),
  };
}

export function renderFrame(view: FrameView, options: FrameOptions): Frame {
  const styles = stylesFor(options.color);
  // The last column stays free: writing into it makes some terminals wrap at once.
  const room = Math.max(1, options.width - 1);
  const rows = pageSize(options.height);
  const { state, matches, total } = view;
  const query = queryLine(state.query, room, options, styles);
  const window = matches.slice(state.top, state.top + rows).map((row) => cellsOf(row, options.ascii));
  // Each column as wide as its widest cell in view, within its share of the line.
  const caps = [Math.max(12, Math.floor((room - 2) / 2)), MAX_COLUMN, 12, MAX_COLUMN, MAX_COLUMN];
  const widths = caps.map((cap, c) =>
    Math.min(cap, Math.max(0, ...window.map((cells) => displayWidth(cells[c]!)))),
  );
  shrinkToFit(widths, room - 2);
  const last = widths.reduce((at, w, c) => (w > 0 ? c : at), 0);
  const cellStyle = [plain, plain, styles.dim, plain, styles.accent];
  const lines = window.map((cells, i) => {
    const selected = state.top + i === state.selected;
    let line = '';
    let used = 0;
    const add = (text: string, style: (s: string) => string) => {
      const fitted = cut(text, room - used, options.ascii);
      used += displayWidth(fitted);
      line += style(fitted);
      return fitted === text;
    };
    let whole = add(selected ? '> ' : '  ', plain);
    for (let c = 0; whole && c <= last; c++) {
      if (widths[c] === 0) continue;
      if (c > 0) whole = add(GAP, plain);
      const cell = cut(cells[c]!, widths[c]!, options.ascii);
      if (whole) whole = add(c === last ? cell : padToWidth(cell, widths[c]!), cellStyle[c]!);
    }
    // A row whose last cells are empty ends with its padding: nothing to draw there.
    line = line.trimEnd();
    used = displayWidth(strip(line));
    // With colour, the selected row is shown in reverse video across the whole line.
    return selected && options.color ? styles.reverse(line + ' '.repeat(Math.max(0, room - used))) : line;
  });
  if (matches.length === 0) {
    lines.push(styles.dim(cut(total === 0 ? '  no profiles' : '  no profile matches', room, options.ascii)));
  }
  const counted = matches.length === total ? `${total} profiles` : `${matches.length} of ${total} profiles`;
  const hints = options.ascii
    ? [counted, 'Up/Down/PgUp/PgDn move', 'Enter choose', 'Esc cancel']
    : [counted, '↑↓ PgUp PgDn move', 'Enter choose', 'Esc cancel'];
  const separator = options.ascii ? ', ' : ' · ';
  let status = hints.join(separator);
  for (let n = hints.length - 1; n > 1 && displayWidth(status) > room; n--) {
    status = hints.slice(0, n).join(separator);
  }
  const all = [...query.lines, ...lines, styles.dim(cut(status, room, options.ascii))];
  return { lines: all.slice(0, Math.max(1, options.height)), cursorColumn: query.cursorColumn };
}
