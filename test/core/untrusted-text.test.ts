import { describe, expect, it } from 'vitest';
import { escapeControls, quoteValue } from '../../src/core/untrusted-text.js';

describe('server text in a terminal', () => {
  it('shows every control character as an escape', () => {
    expect(escapeControls('a\x1b[2Jb\x1b]0;title\x07c')).toBe('a\\x1b[2Jb\\x1b]0;title\\x07c');
    expect(escapeControls('C1 \x9b31m and DEL \x7f')).toBe('C1 \\x9b31m and DEL \\x7f');
    expect(escapeControls('bidi \u202etxt.exe\u202c \u2066x\u2069')).toBe(
      'bidi \\u202etxt.exe\\u202c \\u2066x\\u2069',
    );
    expect(escapeControls('line\r\nforged\tcell\0')).toBe('line\\r\\nforged\\tcell\\x00');
  });

  it('keeps line breaks of our own messages when asked, and every other character', () => {
    expect(escapeControls('one\ntwo\x1b[0m', true)).toBe('one\ntwo\\x1b[0m');
    const plain = 'Zürich 東京 — "quoted" ; # % \\ ok';
    expect(escapeControls(plain)).toBe(plain);
  });

  it('quotes a value, escaped and cut', () => {
    expect(quoteValue('Admin\n[profile x]')).toBe('"Admin\\n[profile x]"');
    expect(quoteValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteValue('x'.repeat(100), 10)).toBe(`"${'x'.repeat(10)}…"`);
  });
});
