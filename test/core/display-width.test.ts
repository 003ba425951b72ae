/** Display width: the columns text takes in a terminal, for tables that line up. */
import { describe, expect, it } from 'vitest';
import { charWidth, cutToWidth, displayWidth, padToWidth } from '../../src/core/display-width.js';

describe('displayWidth', () => {
  it('counts one column for ASCII and Latin letters, accents included', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('myorg-prod-AdministratorAccess')).toBe(30);
    expect(displayWidth('Zürich Åre')).toBe(10);
    expect(displayWidth('Ωμέγα Привет')).toBe(12);
  });

  it('counts two columns for East Asian wide and fullwidth characters', () => {
    expect(displayWidth('本番')).toBe(4); // CJK ideographs
    expect(displayWidth('ステージング')).toBe(12); // katakana
    expect(displayWidth('ひらがな')).toBe(8); // hiragana
    expect(displayWidth('운영계정')).toBe(8); // Hangul syllables
    expect(displayWidth('ＡＢＣ１')).toBe(8); // fullwidth forms
    expect(displayWidth('\u3000')).toBe(2); // the ideographic space
    expect(displayWidth('𠮷野家')).toBe(6); // beyond the BMP (plane 2), one code point in two code units
    expect(displayWidth('prod-本番-01')).toBe(12);
  });

  it('counts zero columns for combining marks and zero-width characters', () => {
    expect(displayWidth('e\u0301')).toBe(1); // e + combining acute
    expect(displayWidth('Zu\u0308rich')).toBe(6);
    expect(displayWidth('\u0915\u094d\u0937')).toBe(2); // Devanagari with a virama (Mn)
    expect(displayWidth('a\u200bb')).toBe(2); // zero-width space
    expect(displayWidth('\ufeffx')).toBe(1); // byte-order mark
    expect(displayWidth('\u1100\u1161\u11a8')).toBe(2); // a Hangul syllable of conjoining jamo
    expect(displayWidth('\u20dd')).toBe(0); // an enclosing mark (Me)
  });

  it('counts two columns for emoji shown as pictures, one for each regional indicator', () => {
    expect(displayWidth('🚀')).toBe(2);
    expect(displayWidth('🫠')).toBe(2); // Unicode 14
    expect(displayWidth('🪿')).toBe(2); // Unicode 15, found by its Emoji_Presentation property
    expect(charWidth('\u{1f1ef}')).toBe(1);
    expect(displayWidth('✓')).toBe(1); // not an emoji by default
  });

  it('counts the characters a terminal would act on as nothing: they are escaped before they are shown', () => {
    expect(displayWidth('\x1b\x07\x9b')).toBe(0);
  });
});

describe('padToWidth', () => {
  it('pads by columns, so that wide and narrow text line up', () => {
    expect(padToWidth('本番', 6)).toBe('本番  ');
    expect(padToWidth('prod', 6)).toBe('prod  ');
    expect(padToWidth('e\u0301', 3)).toBe('e\u0301  ');
    expect(displayWidth(padToWidth('ステージ', 11))).toBe(11);
    expect(padToWidth('toolong', 3)).toBe('toolong');
  });
});

describe('cutToWidth', () => {
  it('leaves text that fits as it is', () => {
    expect(cutToWidth('本番', 4)).toBe('本番');
    expect(cutToWidth('abc', 3)).toBe('abc');
  });

  it('cuts to at most the width, ending in …, never through a wide character', () => {
    expect(cutToWidth('abcdef', 4)).toBe('abc…');
    expect(cutToWidth('本番環境', 6)).toBe('本番…');
    expect(cutToWidth('本番環境', 5)).toBe('本番…');
    expect(cutToWidth('本番環境', 4)).toBe('本…');
    expect(cutToWidth('𠮷𠮷𠮷', 4)).toBe('𠮷…');
    for (let width = 1; width < 12; width++) {
      expect(displayWidth(cutToWidth('ﾃｽﾄ本番 prod 環境', width))).toBeLessThanOrEqual(width);
    }
  });

  it('keeps a character together with its combining marks', () => {
    expect(cutToWidth('e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301e\u0301');
    expect(cutToWidth('e\u0301e\u0301e\u0301x', 3)).toBe('e\u0301e\u0301…');
  });

  it('gives nothing for no room', () => {
    expect(cutToWidth('abc', 0)).toBe('');
  });
});
