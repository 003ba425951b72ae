import { describe, expect, it } from 'vitest';
import {
  decodeKeys,
  fitState,
  initialState,
  pickerStep,
  type PickerKey,
  type PickerState,
} from '../../src/core/picker-input.js';

const kinds = (input: string) =>
  decodeKeys(input).map((k) => (k.kind === 'text' ? `text:${k.text}` : k.kind));

describe('decodeKeys', () => {
  it('reads typed text, editing keys and the arrows in both spellings', () => {
    expect(kinds('prod db')).toEqual(['text:prod db']);
    expect(kinds('ab\x7fc\x08')).toEqual(['text:ab', 'backspace', 'text:c', 'backspace']);
    expect(kinds('\x1b[A\x1b[B\x1bOA\x1bOB\x10\x0e')).toEqual(['up', 'down', 'up', 'down', 'up', 'down']);
    expect(kinds('\x1b[5~\x1b[6~\x1b[H\x1b[F\x1b[1~\x1b[4~')).toEqual([
      'pageUp',
      'pageDown',
      'first',
      'last',
      'first',
      'last',
    ]);
    expect(kinds('\x1b[1;5A')).toEqual(['up']);
    expect(kinds('\r')).toEqual(['enter']);
    expect(kinds('\x15\x17\x1b\x7f\x0c')).toEqual(['clearQuery', 'deleteWord', 'deleteWord', 'redraw']);
  });

  it('reads a lone Esc, Esc before another Esc, and Ctrl-C as cancel', () => {
    expect(kinds('\x1b')).toEqual(['cancel']);
    expect(kinds('\x1b\x1b[A')).toEqual(['cancel', 'up']);
    expect(kinds('ab\x03')).toEqual(['text:ab', 'cancel']);
  });

  it('drops sequences and characters it has no use for, never reading them as text', () => {
    expect(kinds('\x1b[15~\x1b[<0;3;4M\x1b[200~x\x1b[201~')).toEqual(['text:x']);
    expect(kinds('a\x1bxb')).toEqual(['text:ab']);
    expect(kinds('a\tb\u202ec\x9bd\x00')).toEqual(['text:abcd']);
    expect(kinds('Zürich 東京 😀')).toEqual(['text:Zürich 東京 😀']);
  });
});

const press = (state: PickerState, count: number, page: number, ...keys: PickerKey[]) => {
  let s = state;
  let outcome: string | undefined;
  for (const key of keys) {
    const step = pickerStep(s, key, count, page);
    s = step.state;
    outcome = step.outcome ?? outcome;
  }
  return { state: s, outcome };
};
const key = (kind: Exclude<PickerKey, { kind: 'text' }>['kind']): PickerKey => ({ kind });

describe('pickerStep', () => {
  it('narrows with typing, and a changed query selects its best match again', () => {
    const moved = press(initialState(''), 10, 5, key('down'), key('down'));
    expect(moved.state).toMatchObject({ selected: 2 });
    const typed = press(moved.state, 10, 5, { kind: 'text', text: 'pro' }, { kind: 'text', text: 'd' });
    expect(typed.state).toEqual({ query: 'prod', selected: 0, top: 0 });
    expect(press(typed.state, 10, 5, key('backspace')).state.query).toBe('pro');
    expect(press(initialState('prod db '), 10, 5, key('deleteWord')).state.query).toBe('prod ');
    expect(press(initialState('prod'), 10, 5, key('clearQuery')).state.query).toBe('');
    expect(press(initialState('東京'), 10, 5, key('backspace')).state.query).toBe('東');
    expect(press(initialState('a😀'), 10, 5, key('backspace')).state.query).toBe('a');
  });

  it('moves within the matches, scrolling a window of the page size', () => {
    const down = press(
      initialState(''),
      20,
      5,
      key('down'),
      key('down'),
      key('down'),
      key('down'),
      key('down'),
    );
    expect(down.state).toMatchObject({ selected: 5, top: 1 });
    expect(press(down.state, 20, 5, key('pageDown')).state).toMatchObject({ selected: 10, top: 6 });
    expect(press(down.state, 20, 5, key('last')).state).toMatchObject({ selected: 19, top: 15 });
    expect(press(down.state, 20, 5, key('last'), key('pageUp')).state).toMatchObject({
      selected: 14,
      top: 14,
    });
    expect(press(down.state, 20, 5, key('first')).state).toMatchObject({ selected: 0, top: 0 });
    expect(press(initialState(''), 20, 5, key('up')).state).toMatchObject({ selected: 0, top: 0 });
    expect(press(initialState(''), 3, 5, key('pageDown'), key('down')).state).toMatchObject({ selected: 2 });
  });

  it('chooses only when there is a match, and cancels', () => {
    expect(press(initialState('x'), 2, 5, key('enter')).outcome).toBe('choose');
    expect(press(initialState('x'), 0, 5, key('enter')).outcome).toBeUndefined();
    expect(press(initialState('x'), 0, 5, key('cancel')).outcome).toBe('cancel');
  });
});

describe('fitState', () => {
  it('keeps the selection in view when the window shrinks, and in range when the matches do', () => {
    const state = { query: '', selected: 15, top: 10 };
    expect(fitState(state, 20, 3)).toMatchObject({ selected: 15, top: 13 });
    expect(fitState(state, 20, 30)).toMatchObject({ selected: 15, top: 0 });
    expect(fitState(state, 4, 3)).toMatchObject({ selected: 3, top: 1 });
    expect(fitState(state, 0, 3)).toMatchObject({ selected: 0, top: 0 });
  });
});
