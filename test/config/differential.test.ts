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
import { configText } from '../support/config-text.js';

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

  it('reads the profiles asked for as a whole reading does', () => {
    const wanted = new Set(['dev', 'my profile', 'default', 'x.y']);
    for (const text of samples) {
      const all = readJsSdk(text);
      const some = readJsSdk(text, wanted);
      const expected = [...all.profiles].filter(([name]) => wanted.has(name));
      expect({ text, profiles: [...some.profiles] }).toEqual({ text, profiles: expected });
      expect({ text, sessions: some.ssoSessions }).toEqual({ text, sessions: all.ssoSessions });
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
