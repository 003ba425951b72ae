/**
 * The profile picker apart from the terminal: what the characters a terminal sends in raw mode
 * mean (`decodeKeys`), and what each key does to the query and the selection (`pickerStep`). The
 * terminal side (cli/profile-picker.ts) only feeds chunks in and draws the state that comes out.
 */
import { hasControls } from './untrusted-text.js';

export type PickerKey =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind:
        | 'up'
        | 'down'
        | 'pageUp'
        | 'pageDown'
        | 'first'
        | 'last'
        | 'backspace'
        | 'deleteWord'
        | 'clearQuery'
        | 'enter'
        | 'cancel'
        | 'redraw';
    };

type KeyKind = Exclude<PickerKey, { kind: 'text' }>['kind'];

/** Single control characters: Ctrl-P/N as in Emacs and readline, Ctrl-U and Ctrl-W as in a shell. */
const CONTROL: Readonly<Record<string, KeyKind>> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\x08': 'backspace',
  '\x03': 'cancel',
  '\x07': 'cancel',
  '\x10': 'up',
  '\x0e': 'down',
  '\x15': 'clearQuery',
  '\x17': 'deleteWord',
  '\x0c': 'redraw',
};

/** The final character of `ESC [ … X` and `ESC O X` sequences (xterm, VT100 application mode). */
const FINAL: Readonly<Record<string, KeyKind>> = { A: 'up', B: 'down', H: 'first', F: 'last' };

/** `ESC [ N ~` sequences: Home, End, PgUp, PgDn in their VT220 and rxvt spellings. */
const TILDE: Readonly<Record<string, KeyKind>> = {
  '1': 'first',
  '7': 'first',
  '4': 'last',
  '8': 'last',
  '5': 'pageUp',
  '6': 'pageDown',
};

/**
 * The keys in a chunk of terminal input. An ESC that ends the chunk, or is followed by another
 * ESC, is the Esc key itself: a terminal sends an escape sequence in one write, so a lone ESC
 * needs no timeout to tell it apart. Sequences this picker has no use for (function keys, mouse
 * reports, Alt with a letter) are dropped whole, never read as typed text; so are other control
 * characters and the marks that reorder text.
 */
export function decodeKeys(input: string): PickerKey[] {
  const keys: PickerKey[] = [];
  let text = '';
  const push = (key: PickerKey) => {
    if (text) keys.push({ kind: 'text', text });
    text = '';
    keys.push(key);
  };
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (c === '\x1b') {
      const next = input[i + 1];
      if (next === undefined || next === '\x1b') {
        push({ kind: 'cancel' });
        i += 1;
      } else if (next === '[') {
        // CSI: parameter and intermediate bytes, then one final byte in @ to ~.
        let j = i + 2;
        while (j < input.length && !/[@-~]/.test(input[j]!)) j++;
        // With modifiers (Ctrl-Up is `ESC [ 1 ; 5 A`) a key is still that key.
        const first = input.slice(i + 2, j).split(';')[0]!;
        const final = input[j] ?? '';
        const kind = final === '~' ? TILDE[first] : FINAL[final];
        if (kind) push({ kind });
        i = j + 1;
      } else if (next === 'O') {
        const kind = FINAL[input[i + 2] ?? ''];
        if (kind) push({ kind });
        i += 3;
      } else {
        // Alt with a key: Alt-Backspace deletes a word, as in a shell; the rest means nothing here.
        if (next === '\x7f' || next === '\x08') push({ kind: 'deleteWord' });
        i += 1 + (next.codePointAt(0)! > 0xffff ? 2 : 1);
      }
      continue;
    }
    const code = input.codePointAt(i)!;
    const char = String.fromCodePoint(code);
    i += char.length;
    const kind = CONTROL[char];
    if (kind) push({ kind });
    else if (!hasControls(char)) text += char;
  }
  if (text) keys.push({ kind: 'text', text });
  return keys;
}

export interface PickerState {
  readonly query: string;
  /** The selected match: an index into the matches of the query. */
  readonly selected: number;
  /** The first match shown. */
  readonly top: number;
}

export const initialState = (query: string): PickerState => ({ query, selected: 0, top: 0 });

/** `state` with the selection inside `count` matches and shown in a window of `pageSize` rows. */
export function fitState(state: PickerState, count: number, pageSize: number): PickerState {
  const rows = Math.max(1, pageSize);
  const selected = Math.min(Math.max(0, state.selected), Math.max(0, count - 1));
  let top = Math.min(state.top, selected);
  if (selected >= top + rows) top = selected - rows + 1;
  top = Math.max(0, Math.min(top, count - rows));
  return selected === state.selected && top === state.top ? state : { ...state, selected, top };
}

export interface PickerStep {
  readonly state: PickerState;
  /** `choose` takes the selected match; `cancel` takes none. */
  readonly outcome?: 'choose' | 'cancel';
}

/** The query without its last word (and the spaces after it), as Ctrl-W does in a shell. */
const withoutLastWord = (query: string) => query.replace(/\S+\s*$|\s+$/u, '');

/**
 * What `key` does, with `count` matches for the current query shown `pageSize` at a time. A
 * changed query selects its best match; the caller ranks the new query before the next key.
 */
export function pickerStep(state: PickerState, key: PickerKey, count: number, pageSize: number): PickerStep {
  const rows = Math.max(1, pageSize);
  const move = (selected: number) => ({ state: fitState({ ...state, selected }, count, rows) });
  const query = (text: string) => ({ state: text === state.query ? state : initialState(text) });
  switch (key.kind) {
    case 'text':
      return query(state.query + key.text);
    case 'backspace':
      return query(Array.from(state.query).slice(0, -1).join(''));
    case 'deleteWord':
      return query(withoutLastWord(state.query));
    case 'clearQuery':
      return query('');
    case 'up':
      return move(state.selected - 1);
    case 'down':
      return move(state.selected + 1);
    case 'pageUp':
      return move(state.selected - rows);
    case 'pageDown':
      return move(state.selected + rows);
    case 'first':
      return move(0);
    case 'last':
      return move(count - 1);
    case 'enter':
      return count > 0 ? { state, outcome: 'choose' } : { state };
    case 'cancel':
      return { state, outcome: 'cancel' };
    case 'redraw':
      return { state };
  }
}
