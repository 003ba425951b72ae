/** Shell words: quoting one for `sh`, and reading back the lines that quoting wrote. */

/** A word the shell passes through unchanged, quoted only when it must be. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_/.:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The words of a command line that `shellQuote` wrote: plain words and single-quoted parts.
 * Anything else a shell would expand (`$`, backslashes, double quotes, globs) gives undefined:
 * such a line was not written by this tool, and is not ours to judge.
 */
export function shellWords(line: string): string[] | undefined {
  const words: string[] = [];
  for (const token of line.trim().split(/ +/)) {
    if (!/^(?:[A-Za-z0-9_/.:@%+=,{}-]|'[^']*')+$/.test(token)) return undefined;
    words.push(token.replace(/'([^']*)'/g, '$1'));
  }
  return words;
}
