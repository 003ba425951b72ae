/**
 * The whitespace that Python's `str.strip()` and `\s` remove, which is what botocore's
 * configparser uses when it reads ~/.aws/config. JavaScript's `trim()` differs: it strips U+FEFF
 * (a byte order mark) but not U+001C–U+001F or U+0085, so we cannot use it to mirror botocore.
 * These run once per line of a config that may have 100,000 lines, hence the character codes.
 */

export function isPySpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPySpaceCode(s.charCodeAt(start))) start++;
  while (end > start && isPySpaceCode(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpaceCode(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Index of the first character that is not Python whitespace, or -1. */
export function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) if (!isPySpaceCode(s.charCodeAt(i))) return i;
  return -1;
}

const SHLEX_SPECIAL = /[\s'"\\]/;

/**
 * `shlex.split(s)` in POSIX mode, as botocore applies it to section names such as
 * `profile "my name"`. Returns undefined where Python raises ValueError (an unclosed quote or a
 * trailing backslash); botocore then ignores the section.
 */
export function shlexSplit(s: string): string[] | undefined {
  // The common case, `profile name`: one space and no quoting.
  const space = s.indexOf(' ');
  if (space > 0 && !SHLEX_SPECIAL.test(s.slice(space + 1)) && !SHLEX_SPECIAL.test(s.slice(0, space))) {
    return space + 1 < s.length ? [s.slice(0, space), s.slice(space + 1)] : [s.slice(0, space)];
  }
  return shlexSplitSlow(s);
}

function shlexSplitSlow(s: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < s.length) {
    const ch = s.charAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (ch === '\\') {
      if (i + 1 >= s.length) return undefined;
      word += s.charAt(i + 1);
      inWord = true;
      i += 2;
    } else if (ch === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) return undefined;
      word += s.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (ch === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= s.length) return undefined;
        const c = s.charAt(i);
        if (c === '"') {
          i++;
          break;
        }
        // Inside double quotes a backslash escapes only a quote or another backslash.
        if (c === '\\' && i + 1 < s.length && (s.charAt(i + 1) === '"' || s.charAt(i + 1) === '\\')) {
          word += s.charAt(i + 1);
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
