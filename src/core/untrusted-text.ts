/**
 * Text that came from a server (error messages, names) shown in a terminal. A terminal acts on
 * control characters: ESC starts sequences that clear the screen, set the window title or
 * rewrite earlier lines, and the bidirectional overrides make text read differently from what it
 * is. Such characters are shown as visible escapes (`\x1b`, `\u202e`), so nothing in a message
 * can act on the terminal and nothing is silently lost.
 */

/**
 * Beyond C0: DEL, the C1 controls, the Unicode line separators, and the bidirectional marks,
 * overrides and isolates. JSON.stringify escapes C0 itself but none of these.
 */
const WIDE = '\\x7f-\\x9f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069';

/** Every character a terminal acts on or that reorders text: C0 and the rest above. */
export const UNSAFE_CHARACTERS = `\\x00-\\x1f${WIDE}`;

const UNSAFE = new RegExp(`[${UNSAFE_CHARACTERS}]`, 'g');
const UNSAFE_EXCEPT_NEWLINE = new RegExp(`[\\x00-\\x09\\x0b-\\x1f${WIDE}]`, 'g');
const ANY_UNSAFE = new RegExp(`[${UNSAFE_CHARACTERS}]`);

/** Whether `text` holds any character that `escapeControls` would escape. */
export function hasControls(text: string): boolean {
  return ANY_UNSAFE.test(text);
}

const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(c: string): string {
  const known = named[c];
  if (known !== undefined) return known;
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character shown as an escape. `keepNewlines` keeps `\n` as a line
 * break: for our own multi-line messages, never for a single value from a server, where a line
 * break could forge a line of output.
 */
export function escapeControls(text: string, keepNewlines = false): string {
  return text.replace(keepNewlines ? UNSAFE_EXCEPT_NEWLINE : UNSAFE, visible);
}

/** Outside strings JSON has none of these, so escaping them everywhere gives the same value. */
const RAW_IN_JSON = new RegExp(`[${WIDE}]`, 'g');

/** `value` as JSON text that holds none of the characters a terminal acts on. */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    RAW_IN_JSON,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A value from a server, quoted for a message: escaped, and cut if it is long. */
export function quoteValue(value: string, max = 80): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return `"${escapeControls(cut).replace(/"/g, '\\"')}"`;
}
