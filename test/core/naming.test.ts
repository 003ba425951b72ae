import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { accountPart, compileTemplate, DEFAULT_TEMPLATE, safeName } from '../../src/core/naming.js';
import {
  decodeValue,
  encodeValue,
  isPortableValue,
  portableValueProblem,
  wellFormed,
} from '../../src/core/values.js';

const fields = (accountName: string, role = 'DBAReadOnly') => ({
  session: 'myorg',
  account: accountPart(accountName) || '111122223333',
  accountName,
  accountId: '111122223333',
  role,
  region: 'eu-central-1',
});

describe('profile names', () => {
  const template = compileTemplate(DEFAULT_TEMPLATE);
  const render = (f: Parameters<typeof template.render>[0]) => template.render(f);

  it("keeps the sample's names where they were already safe", () => {
    expect(render(fields('Workload'))).toBe('myorg-workload-DBAReadOnly');
    expect(render(fields('My Dev Account'))).toBe('myorg-my-dev-account-DBAReadOnly');
    expect(render(fields('Prod  DB'))).toBe('myorg-prod--db-DBAReadOnly');
  });

  it('makes hostile names safe for INI files and shells', () => {
    expect(render(fields('[profile x]'))).toBe('myorg-profile-x-DBAReadOnly');
    expect(render(fields('a/b ; c # d'))).toBe('myorg-a-b---c---d-DBAReadOnly');
    expect(render(fields('Zürich Prod'))).toBe('myorg-zurich-prod-DBAReadOnly');
    expect(render(fields('東京'))).toBe('myorg-111122223333-DBAReadOnly');
    expect(render(fields('x', 'Role+With=Odd,Chars@'))).toBe('myorg-x-Role-With-Odd-Chars');
    for (const name of ['[profile x]', 'a/b', ' lead', 'trail ', '"q"', '%', '東京', 'Café Ops']) {
      expect(render(fields(name))).toMatch(/^[A-Za-z0-9._][A-Za-z0-9._-]*[A-Za-z0-9._]$/);
    }
  });

  it('collapses unsafe runs and trims dashes', () => {
    expect(safeName('--a  b//c--')).toBe('a-b-c');
    expect(safeName('-')).toBe('');
    expect(safeName('a-')).toBe('a');
    expect(safeName('.a_b-c.')).toBe('.a_b-c.');
    // Whatever the input: only safe characters, no dash at an end, and safe input comes back as it was.
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '_', '-', ' ', '/', 'é', '[') }),
        (text) => {
          const name = safeName(text);
          expect(name).toMatch(/^(?:[A-Za-z0-9._](?:[A-Za-z0-9._-]*[A-Za-z0-9._])?)?$/);
          expect(name).toBe(text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('renders custom templates and rejects unknown fields', () => {
    expect(compileTemplate('{accountId}.{role}').render(fields('x'))).toBe('111122223333.DBAReadOnly');
    expect(compileTemplate('{session}/{accountName}/{role}').render(fields('Prod DB'))).toBe(
      'myorg-Prod-DB-DBAReadOnly',
    );
    expect(() => compileTemplate('{session}-{acount}')).toThrow(AppError);
    expect(() => compileTemplate('{session}-{role}')).toThrow(/names no account/);
    expect(() => compileTemplate('{account}-{role')).toThrow(/unbalanced/);
  });
});

describe('stored account names', () => {
  it('round-trips any name and is always portable between botocore and the JS SDK', () => {
    for (const raw of [
      'Workload',
      'a ; b',
      'hash # name',
      ' lead',
      'trail ',
      '100%',
      'tab\there',
      'Café',
      '東京',
      ';#',
      'x\ny',
    ]) {
      const stored = encodeValue(raw);
      expect(decodeValue(stored)).toBe(raw);
      expect(isPortableValue(stored)).toBe(true);
    }
    expect(encodeValue('Prod DB')).toBe('Prod DB');
    expect(encodeValue('a ; b')).toBe('a %3B b');
  });

  it('stores every name the portal may send as a value the config can hold, C1 controls such as U+0085 included', () => {
    for (const raw of ['nel \x85 name', 'csi \x9b31m', '\x80edge\x9f', 'ls \u2028 ps \u2029']) {
      const stored = encodeValue(raw);
      expect(portableValueProblem(stored)).toBeUndefined();
      expect(decodeValue(stored)).toBe(raw);
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), (raw) => {
        const stored = encodeValue(wellFormed(raw));
        expect(portableValueProblem(stored)).toBeUndefined();
        expect(decodeValue(stored)).toBe(wellFormed(raw));
      }),
    );
  });

  it('leaves text that is not percent-encoding alone when reading', () => {
    expect(decodeValue('100% sure')).toBe('100% sure');
  });
});
