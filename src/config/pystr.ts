/**
 * The whitespace that Python's `str.strip()` and `\s` remove, which is what botocore's
 * configparser uses when it reads ~/.aws/config. JavaScript's `trim()` differs: it strips U+FEFF
 * (a byte order mark) but not U+001C–U+001F or U+0085, so we cannot use it to mirror botocore.
 */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export function isPySpace(ch: string): boolean {
  return PY_SPACE.test(ch);
}

export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isPySpace(s.charAt(start))) start++;
  while (end > start && isPySpace(s.charAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpace(s.charAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Index of the first character that is not Python whitespace, or -1. */
export function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) if (!isPySpace(s.charAt(i))) return i;
  return -1;
}

/**
 * `shlex.split(s)` in POSIX mode, as botocore applies it to section names such as
 * `profile "my name"`. Returns undefined where Python raises ValueError (an unclosed quote or a
 * trailing backslash); botocore then ignores the section.
 */
export function shlexSplit(s: string): string[] | undefined {
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
