/**
 * How many columns text takes in a terminal, for tables and lines that must line up or fit: East
 * Asian wide and fullwidth characters (CJK ideographs, kana, Hangul syllables, fullwidth forms,
 * most emoji) take two, combining marks and other zero-width characters none, every other
 * character one. Counted per code point, as wcwidth(3) and most terminals count. Control
 * characters count nothing: text shown in a terminal has them escaped first (untrusted-text.ts).
 */

/**
 * The East Asian Wide (W) and Fullwidth (F) characters of Unicode 14's EastAsianWidth.txt, as
 * ranges, with the unassigned code points between two wide ranges taken into them, and planes 2
 * and 3 whole (unassigned code points there are wide by default). Emoji added since are caught by
 * their Emoji_Presentation property below.
 */
// prettier-ignore
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x303e], [0x3041, 0x3247], [0x3250, 0x4dbf], [0x4e00, 0xa4c6], [0xa960, 0xa97c],
  [0xac00, 0xd7a3], [0xf900, 0xfad9], [0xfe10, 0xfe19], [0xfe30, 0xfe6b], [0xff01, 0xff60],
  [0xffe0, 0xffe6], [0x16fe0, 0x1b2fb], [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a], [0x1f200, 0x1f320], [0x1f32d, 0x1f335], [0x1f337, 0x1f37c], [0x1f37e, 0x1f393],
  [0x1f3a0, 0x1f3ca], [0x1f3cf, 0x1f3d3], [0x1f3e0, 0x1f3f0], [0x1f3f4, 0x1f3f4], [0x1f3f8, 0x1f43e],
  [0x1f440, 0x1f440], [0x1f442, 0x1f4fc], [0x1f4ff, 0x1f53d], [0x1f54b, 0x1f54e], [0x1f550, 0x1f567],
  [0x1f57a, 0x1f57a], [0x1f595, 0x1f596], [0x1f5a4, 0x1f5a4], [0x1f5fb, 0x1f64f], [0x1f680, 0x1f6c5],
  [0x1f6cc, 0x1f6cc], [0x1f6d0, 0x1f6d2], [0x1f6d5, 0x1f6df], [0x1f6eb, 0x1f6ec], [0x1f6f4, 0x1f6fc],
  [0x1f7e0, 0x1f7f0], [0x1f90c, 0x1f93a], [0x1f93c, 0x1f945], [0x1f947, 0x1f9ff], [0x1fa70, 0x1faf6],
  [0x20000, 0x3fffd],
];

function inWideTable(code: number): boolean {
  let low = 0;
  let high = WIDE.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [from, to] = WIDE[mid]!;
    if (code < from) high = mid - 1;
    else if (code > to) low = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Zero width: combining marks (which draw on the character before), format characters (zero-width
 * space and joiner, word joiner, the byte-order mark) but the soft hyphen, which terminals show,
 * the Hangul vowels and final consonants that join a leading consonant into one syllable, and
 * control characters. Then emoji shown as pictures by default, but the regional indicators: a
 * flag's two take one column each. Made at the first use, not when the module loads: these two
 * take about half a millisecond to build, and the agent hook's path loads this module without
 * needing them.
 */
let classes: { zero: RegExp; emoji: RegExp } | undefined;
const unicodeClasses = () =>
  (classes ??= {
    zero: new RegExp('^(?:[\\p{Mn}\\p{Me}\\p{Cc}\\u1160-\\u11ff]|(?!\\u00ad)\\p{Cf})$', 'u'),
    emoji: new RegExp('^(?![\\u{1f1e6}-\\u{1f1ff}])\\p{Emoji_Presentation}$', 'u'),
  });
/** Text in which every character is one column wide: most text, checked at once. */
const NARROW_ONLY = /^[\x20-\x7e\u00a0-\u02ff]*$/;

/** The columns one code point takes: 0, 1 or 2. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return 1;
  const { zero, emoji } = unicodeClasses();
  if (zero.test(char)) return 0;
  return inWideTable(code) || emoji.test(char) ? 2 : 1;
}

/** The columns `text` takes in a terminal. */
export function displayWidth(text: string): number {
  if (NARROW_ONLY.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** `text` followed by spaces up to `width` columns (as `padEnd`, by columns instead of code units). */
export function padToWidth(text: string, width: number): string {
  const missing = width - displayWidth(text);
  return missing > 0 ? text + ' '.repeat(missing) : text;
}

/**
 * `text` cut to at most `width` columns, ending in `…` when it was cut (with no space before it);
 * never in the middle of a character, nor between a character and the marks that combine with it.
 */
export function cutToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  const room = width - 1;
  let used = 0;
  let end = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > room) break;
    used += w;
    end += char.length;
  }
  return `${text.slice(0, end).trimEnd()}…`;
}
