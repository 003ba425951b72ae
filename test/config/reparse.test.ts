/**
 * Reading a changed config again from the sections around the change must give exactly what a
 * full parse gives: the same lines, kinds, sections and values, or the same refusal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/config/edit.js';
import { ConfigDocument } from '../../src/config/document.js';
import { compareReadings } from '../../src/config/profile-writer.js';
import { AppError } from '../../src/core/errors.js';
import { ConfigSyntaxError, parseConfig, type ParsedConfig } from '../../src/config/parse.js';
import { bigConfigText } from '../support/big-config.js';
import { header, keyLine, line, other } from '../support/config-text.js';

function snapshot(parsed: ParsedConfig) {
  const lines = Array.from({ length: parsed.lineCount }, (_, i) => [
    parsed.offset(i),
    parsed.line(i),
    parsed.eol(i),
    parsed.kind(i),
  ]);
  return { text: parsed.text, lines, sections: parsed.sections };
}

function outcome(parse: () => ParsedConfig) {
  try {
    return { ok: true, ...snapshot(parse()) };
  } catch (error) {
    if (error instanceof ConfigSyntaxError)
      return { ok: false, line: error.lineNumber, error: error.message };
    throw error;
  }
}

// Files that parse: sections with distinct names, each with a few lines, now and then an odd header.
const section = fc.tuple(
  fc.oneof({ arbitrary: fc.constant(''), weight: 4 }, { arbitrary: header, weight: 1 }),
  fc.array(
    fc.oneof(
      { arbitrary: keyLine, weight: 3 },
      { arbitrary: other.filter((l) => l.trim() === '' || /^\s*[#;]/.test(l)), weight: 1 },
    ),
    { maxLength: 6 },
  ),
);
const baseText = fc
  .tuple(fc.array(section, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([sections, eol, finalEol]) => {
    const lines: string[] = [];
    sections.forEach(([odd, body], i) => {
      lines.push(odd !== '' && i % 3 === 2 ? odd : `[profile p${i}]`);
      // Keys repeat within a section otherwise: keep the first of each.
      const seen = new Set<string>();
      for (const l of body) {
        const key = /^\s*([^=:]*?)\s*[=:]/.exec(l)?.[1]?.toLowerCase();
        if (key !== undefined && seen.has(key)) continue;
        if (key !== undefined) seen.add(key);
        lines.push(l);
      }
    });
    return lines.join(eol) + (finalEol ? eol : '');
  });

// A change: lines replaced by new ones, a line copied elsewhere, or a few characters put in anywhere.
type Change =
  | { at: number; remove: number; add: string[]; eol: string }
  | { at: number; copy: number }
  | { at: number; chars: string };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 4 }),
    add: fc.array(line, { maxLength: 4 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
  }),
  // A copy of one of the file's own lines somewhere else, such as a header repeated further down.
  fc.record({ at: fc.nat(), copy: fc.nat() }),
  fc.record({
    at: fc.nat(),
    chars: fc.constantFrom('x', ' ', '\n', '\r', '\r\n', '[', '  y = 1\n', '\n[a]'),
  }),
);

function applyChange(text: string, c: Change): string {
  if ('chars' in c) {
    const at = c.at % (text.length + 1);
    return text.slice(0, at) + c.chars + text.slice(at);
  }
  const lines = text.split(/(?<=\n)/);
  if ('copy' in c) {
    const at = c.at % (lines.length + 1);
    const copied = lines[c.copy % lines.length]!;
    return [...lines.slice(0, at), copied.endsWith('\n') ? copied : `${copied}\n`, ...lines.slice(at)].join(
      '',
    );
  }
  const from = c.at % (lines.length + 1);
  const added = c.add.map((l) => l + c.eol);
  return [...lines.slice(0, from), ...added, ...lines.slice(from + c.remove)].join('');
}

describe('reading a changed config again', () => {
  const parsing = fc
    .sample(baseText, { numRuns: 400, seed: 11 })
    .filter((t) => outcome(() => parseConfig(t)).ok);

  it('the generator gives mostly files that parse', () => {
    expect(parsing.length).toBeGreaterThan(250);
  });

  it('gives what a full parse gives, refusals included, for any change', () => {
    let refused = 0;
    let incremental = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...parsing),
        fc.array(change, { minLength: 1, maxLength: 3 }),
        (base, changes) => {
          const text = changes.reduce(applyChange, base);
          const expected = outcome(() => parseConfig(text));
          if (!expected.ok) refused++;
          const before = parseConfig(base);
          let after: ParsedConfig | undefined;
          expect(outcome(() => (after = before.reparse(text)))).toEqual(expected);
          if (after?.sections.some((s) => before.sections.includes(s))) incremental++;
        },
      ),
      { numRuns: 3000, seed: 7 },
    );
    // Both outcomes must be exercised, or the comparison proves little.
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(2700);
    // And most changes that parse must have been read incrementally, not by the fallback.
    expect(incremental).toBeGreaterThan((3000 - refused) / 2);
  });

  it('reads only the sections around a one-profile change in a big file', () => {
    const before = ConfigDocument.parse(bigConfigText(3000), 'config');
    const target = before.profile('myorg-workload-dev-00502-ReadOnlyAccess')!.section;
    const text = applyEdits(before, { updates: [{ section: target, set: [['region', 'us-west-2']] }] });
    const after = before.reparse(text);
    expect(snapshot(after.parsed)).toEqual(snapshot(parseConfig(text)));
    const at = before.parsed.sections.indexOf(target);
    // The sections before and after the changed one are the very same objects: nothing else was read.
    expect(after.parsed.sections[at - 1]).toBe(before.parsed.sections[at - 1]);
    expect(after.parsed.sections[at + 1]).toBe(before.parsed.sections[at + 1]);
    expect(after.parsed.sections[at]).not.toBe(target);
    expect(after.profile('myorg-workload-dev-00502-ReadOnlyAccess')!.get('region')).toBe('us-west-2');
  });

  it('checks what a change leaves untouched the same way from the changed sections as from the whole file', () => {
    let refused = 0;
    let checked = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...parsing),
        fc.array(change, { minLength: 1, maxLength: 2 }),
        fc.array(fc.nat({ max: 12 }), { maxLength: 3 }),
        (base, changes, ownedIndexes) => {
          const text = changes.reduce(applyChange, base);
          const before = ConfigDocument.parse(base, 'config');
          let whole: ConfigDocument;
          try {
            whole = ConfigDocument.parse(text, 'config');
          } catch {
            return;
          }
          const partial = before.reparse(text);
          const owned = new Set(ownedIndexes.map((i) => `p${i}`));
          const verdict = (after: ConfigDocument) => {
            try {
              const reading = compareReadings(before, after, owned);
              return { ok: true, owned: [...owned].map((name) => reading.profile(name)?.options ?? null) };
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
              return { ok: false };
            }
          };
          const expected = verdict(whole);
          if (!expected.ok) refused++;
          checked++;
          expect(verdict(partial)).toEqual(expected);
        },
      ),
      { numRuns: 3000, seed: 5 },
    );
    expect(refused).toBeGreaterThan(checked / 10);
    expect(refused).toBeLessThan(checked * 0.9);
  });
});
