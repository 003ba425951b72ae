/**
 * Our reading of generated config files against the real readers: botocore (the AWS CLI) and the
 * JS SDK's own INI loader. The known differences between the two are modelled by our two
 * readings, not hidden: each of ours must match its own reference exactly.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBotocore } from '../../src/config/botocore.js';
import { readJsSdk } from '../../src/config/js-sdk.js';
import { ConfigSyntaxError, parseConfig } from '../../src/config/parse.js';
import { botocoreRead, hasBotocore } from '../support/botocore.js';

const names = ['a', 'dev', 'prod-1', 'x.y', 'my profile', 'A', 'sso', 'default'];
const keys = [
  'region',
  'output',
  's3',
  'sso_session',
  'max_concurrent_requests',
  'Region',
  'endpoint_url',
  'key name',
];
const values = [
  'us-east-1',
  'json',
  'x ; y',
  'a#b',
  'a #b',
  '',
  '  spaced  ',
  'ünï',
  'v=w',
  'http://127.0.0.1:4566',
  '100% sure',
  '[profile z]',
];

const header = fc.oneof(
  fc.constantFrom('[default]', '[DEFAULT]', '[plain]', '[profileX]', '[Profile x]', '[ profile x]', '[]'),
  fc
    .tuple(
      fc.constantFrom('profile', 'sso-session', 'services'),
      fc.constantFrom(...names),
      fc.constantFrom('[K N]', '[K "N"]', "[K 'N']", '[K  N]', '[K N] ; note', '  [K N]', '[K N]x'),
    )
    .map(([kind, name, form]) => form.replace('K', kind).replace('N', name)),
);
const keyLine = fc
  .tuple(
    fc.constantFrom(...keys),
    fc.constantFrom(...values),
    fc.constantFrom(
      'K = V',
      'K=V',
      'K: V',
      'K = V ; note',
      'K = V # note',
      '  K = V',
      '\tK = V',
      'K =',
      'K = V  ',
    ),
  )
  .map(([k, v, form]) => form.replace('K', k).replace('V', v));
const other = fc.constantFrom(
  '',
  '   ',
  '# comment',
  '; comment',
  '  # indented comment',
  'just text',
  '= value',
);
const line = fc.oneof(
  { arbitrary: keyLine, weight: 6 },
  { arbitrary: header, weight: 3 },
  { arbitrary: other, weight: 2 },
);
const configText = fc
  .tuple(fc.array(line, { minLength: 0, maxLength: 25 }), fc.constantFrom('\n', '\n', '\r\n'), fc.boolean())
  .map(([lines, eol, finalEol]) => {
    // Most files begin with a header, so that most cases get past the first line.
    const body = ['[profile dev]', ...lines];
    return body.join(eol) + (finalEol ? eol : '');
  });

function ours(text: string) {
  try {
    const reading = readBotocore(parseConfig(text));
    const plain = (map: ReadonlyMap<string, { values: unknown }>) =>
      Object.fromEntries([...map].map(([k, v]) => [k, v.values]));
    return {
      ok: true as const,
      profiles: plain(reading.profiles),
      ssoSessions: plain(reading.ssoSessions),
      services: plain(reading.services),
    };
  } catch (error) {
    if (error instanceof ConfigSyntaxError) return { ok: false as const, error: error.message };
    throw error;
  }
}

const samples = fc.sample(configText, { numRuns: 400, seed: 20261125 });

describe('reading a config file', () => {
  it.skipIf(!hasBotocore)('agrees with botocore on 400 generated files, refusals included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aop-diff-'));
    const paths = samples.map((text, i) => {
      const path = join(dir, `config-${i}`);
      writeFileSync(path, text);
      return path;
    });
    const theirs = botocoreRead(paths);
    let refused = 0;
    samples.forEach((text, i) => {
      const reference = theirs[i]!;
      const mine = ours(text);
      if (!reference.ok) refused++;
      expect({ text, ok: mine.ok }).toEqual({ text, ok: reference.ok });
      if (reference.ok && mine.ok) {
        expect({ text, profiles: mine.profiles }).toEqual({ text, profiles: reference.profiles });
        expect({ text, ssoSessions: mine.ssoSessions }).toEqual({ text, ssoSessions: reference.ssoSessions });
        expect({ text, services: mine.services }).toEqual({ text, services: reference.services });
      }
    });
    // The generator must exercise both outcomes, or the comparison proves little.
    expect(refused).toBeGreaterThan(20);
    expect(samples.length - refused).toBeGreaterThan(100);
  });

  it('agrees with the JS SDK loader (@smithy/shared-ini-file-loader) on 400 generated files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aop-js-'));
    for (const [i, text] of samples.entries()) {
      const configFilepath = join(dir, `config-${i}`);
      writeFileSync(configFilepath, text);
      const { configFile } = await loadSharedConfigFiles({
        configFilepath,
        filepath: join(dir, 'no-credentials'),
        ignoreCache: true,
      });
      const mine = readJsSdk(text);
      const expected: Record<string, unknown> = {};
      for (const [name, values] of mine.profiles) expected[name] = values;
      for (const [name, values] of mine.ssoSessions) expected[`sso-session.${name}`] = values;
      for (const [name, values] of mine.services) expected[`services.${name}`] = values;
      expect({ text, reading: expected }).toEqual({ text, reading: configFile });
    }
  });

  it('gives back the same bytes when printed', () => {
    fc.assert(
      fc.property(configText, fc.constantFrom('', '\r', '\r\n'), (text, extra) => {
        const withOddEndings = text + extra + 'x = 1' + extra;
        for (const t of [text, withOddEndings]) {
          try {
            const parsed = parseConfig(t);
            const lines = Array.from({ length: parsed.lineCount }, (_, i) => parsed.line(i) + parsed.eol(i));
            expect(lines.join('')).toBe(t);
          } catch (error) {
            if (!(error instanceof ConfigSyntaxError)) throw error;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the documented differences between botocore and the JS SDK', () => {
  const text = [
    '[profile p]',
    'region = us-west-2  ; note',
    'x = y # hash',
    's3 =',
    '  max_concurrent_requests = 20',
    'output: json',
    '',
  ].join('\n');

  it('botocore keeps inline comments, nests sub-sections, and accepts `key: value`', () => {
    const reading = readBotocore(parseConfig(text));
    expect(reading.profiles.get('p')?.values).toEqual({
      region: 'us-west-2  ; note',
      x: 'y # hash',
      s3: { max_concurrent_requests: '20' },
      output: 'json',
    });
  });

  it('the JS SDK cuts inline comments, flattens sub-sections, and drops `key: value`', () => {
    expect(readJsSdk(text).profiles.get('p')).toEqual({
      region: 'us-west-2',
      x: 'y',
      's3.max_concurrent_requests': '20',
    });
  });
});
