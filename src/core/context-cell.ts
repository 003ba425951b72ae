/** Text from the organisation or the config, made safe to stand in one line of the agent context. */
import { UNSAFE_CHARACTERS } from './untrusted-text.js';

export const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Account names come from the organisation: keep them on one line and out of the table syntax. The
 * C1 controls and Unicode line separators end a line for some readers too (U+0085, U+2028), and
 * the bidirectional marks make a name read as something else.
 */
const NOT_IN_A_CELL = new RegExp(`[${UNSAFE_CHARACTERS}|\`]`, 'g');

export function cell(text: string | null, max = 48): string {
  if (text === null || text === '') return '';
  const clean = text.replace(NOT_IN_A_CELL, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Room left for lines of text; each line costs its bytes and a newline. */
export class Budget {
  constructor(public left: number) {}

  /** Whether `line` fits; if it does, its room is taken. */
  take(line: string): boolean {
    const cost = bytes(line) + 1;
    if (cost > this.left) return false;
    this.left -= cost;
    return true;
  }
}
