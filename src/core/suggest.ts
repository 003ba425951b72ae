/** Near misses for a name the user typed: the names it was probably meant to be. */

/** Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`; stops counting past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidates `word` is a likely typo of, closest first: the same letters in another case, or at
 * most one edit away for a short name and two for a longer one.
 */
export function closeMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const target = word.toLowerCase();
  const allowed = target.length < 5 ? 1 : 2;
  const scored: [string, number][] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === word) continue;
    const d = editDistance(target, candidate.toLowerCase(), allowed);
    if (d <= allowed) scored.push([candidate, d]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, limit)
    .map(([name]) => name);
}

/** ` Did you mean A or B?`, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = closeMatches(word, candidates);
  return near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : '';
}
