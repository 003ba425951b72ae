import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigDocument } from '../../src/config/document.js';
import { applyEdits, type ConfigEdits } from '../../src/config/edit.js';
import { AppError } from '../../src/core/errors.js';
import type { Entry } from '../../src/core/model.js';
import { botocoreRead, hasBotocore } from '../support/botocore.js';

const doc = (text: string) => ConfigDocument.parse(text, 'config');
const section = (d: ConfigDocument, name: string) => d.profile(name)!.section;

describe('editing a config document', () => {
  const original = [
    '# my settings',
    '[default]',
    'region = eu-west-1 ; keep this note',
    '',
    '[profile gen]',
    'sso_session = s',
    'region = us-east-1',
    '# a note the user added inside',
    'output = json',
    's3 =',
    '  max_concurrent_requests = 20',
    '',
    '# about the next one',
    '[profile mine]',
    'role_arn = arn:aws:iam::111122223333:role/x',
    '',
  ].join('\n');

  it('prints an unedited document byte for byte', () => {
    expect(applyEdits(doc(original), {})).toBe(original);
  });

  it('changes only the value that changed, keeping comments, unknown keys and sub-sections', () => {
    const d = doc(original);
    const text = applyEdits(d, {
      updates: [
        {
          section: section(d, 'gen'),
          set: [
            ['sso_session', 's'],
            ['region', 'eu-central-1'],
          ],
        },
      ],
    });
    expect(text).toBe(original.replace('region = us-east-1', 'region = eu-central-1'));
  });

  it('adds a missing key after the last key of the section, before its trailing blank lines', () => {
    const d = doc(original);
    const text = applyEdits(d, {
      updates: [{ section: section(d, 'gen'), set: [['sso_role_name', 'Admin']] }],
    });
    expect(text).toBe(
      original.replace(
        '  max_concurrent_requests = 20\n',
        '  max_concurrent_requests = 20\nsso_role_name = Admin\n',
      ),
    );
  });

  it('keeps the indentation of indented keys when it rewrites or adds one', () => {
    const text = '[profile gen]\n    sso_session = s\n    region = us-east-1\n    output = json\n';
    const d = doc(text);
    const out = applyEdits(d, {
      updates: [
        {
          section: section(d, 'gen'),
          set: [
            ['region', 'eu-west-1'],
            ['sso_role_name', 'Admin'],
          ],
        },
      ],
    });
    expect(out).toBe(
      '[profile gen]\n    sso_session = s\n    region = eu-west-1\n    output = json\n    sso_role_name = Admin\n',
    );
    expect(doc(out).profile('gen')?.values).toEqual({
      sso_session: 's',
      region: 'eu-west-1',
      output: 'json',
      sso_role_name: 'Admin',
    });
  });

  it('removes a key with its continuation lines', () => {
    const d = doc(original);
    const text = applyEdits(d, { updates: [{ section: section(d, 'gen'), set: [], remove: ['s3'] }] });
    expect(text).toBe(original.replace('s3 =\n  max_concurrent_requests = 20\n', ''));
  });

  it('deletes a section but keeps the comment that introduces the next one', () => {
    const d = doc(original);
    const text = applyEdits(d, { deletes: [section(d, 'gen')] });
    expect(text).toBe(
      [
        '# my settings',
        '[default]',
        'region = eu-west-1 ; keep this note',
        '',
        '# about the next one',
        '[profile mine]',
        'role_arn = arn:aws:iam::111122223333:role/x',
        '',
      ].join('\n'),
    );
  });

  it('inserts after a given section, separated by a blank line, leaving what follows in place', () => {
    const d = doc(original);
    const text = applyEdits(d, {
      inserts: [{ header: 'profile new', entries: [['region', 'x-1']], after: section(d, 'gen') }],
    });
    expect(text).toBe(
      original.replace(
        '  max_concurrent_requests = 20\n',
        '  max_concurrent_requests = 20\n\n[profile new]\nregion = x-1\n',
      ),
    );
  });

  it('appends at the end: the old text stays a prefix, even without a final newline', () => {
    for (const base of [original, original.trimEnd(), '', '[a]\nx = 1']) {
      const text = applyEdits(doc(base), {
        inserts: [
          { header: 'profile n1', entries: [['region', 'r']] },
          { header: 'profile n2', entries: [['region', 'r']] },
        ],
      });
      const prefix = base === '' || base.endsWith('\n') ? base : `${base}\n`;
      expect(text.startsWith(prefix)).toBe(true);
      expect(text.slice(prefix.length)).toBe(
        `${base === '' || base.endsWith('\n\n') ? '' : '\n'}[profile n1]\nregion = r\n\n[profile n2]\nregion = r\n`,
      );
      expect(doc(text).profile('n2')?.values).toEqual({ region: 'r' });
    }
  });

  it('writes CRLF lines into a CRLF file', () => {
    const crlf = '[profile a]\r\nregion = r\r\n';
    const d = doc(crlf);
    const text = applyEdits(d, {
      updates: [{ section: section(d, 'a'), set: [['output', 'json']] }],
      inserts: [{ header: 'profile b', entries: [['region', 'r']] }],
    });
    expect(text).toBe('[profile a]\r\nregion = r\r\noutput = json\r\n\r\n[profile b]\r\nregion = r\r\n');
  });
});

describe('what an edit may hold', () => {
  const base = '[profile gen]\nsso_session = s\nregion = us-east-1\n\n[profile mine]\nregion = x-1\n';
  const refusal = (edits: (d: ConfigDocument) => ConfigEdits): string => {
    const d = doc(base);
    try {
      applyEdits(d, edits(d));
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('CONFIG_VALUE');
      return (error as AppError).message;
    }
    throw new Error('the edit was accepted');
  };

  it('refuses a value that would inject a profile, naming the key and showing the value escaped', () => {
    const value = 'x\n[profile admin]\ncredential_process = /tmp/evil';
    expect(refusal((d) => ({ updates: [{ section: section(d, 'gen'), set: [['region', value]] }] }))).toBe(
      'cannot write region = "x\\n[profile admin]\\ncredential_process = /tmp/evil" in [profile gen]: it holds a line break, which an AWS config file cannot store.',
    );
    expect(refusal(() => ({ inserts: [{ header: 'profile n', entries: [['region', 'a\rb']] }] }))).toContain(
      'region = "a\\rb" in [profile n]: it holds a line break',
    );
  });

  it('refuses keys and section headers that would not read back as given', () => {
    const key = (k: string) => refusal(() => ({ inserts: [{ header: 'profile n', entries: [[k, 'v']] }] }));
    const header = (h: string) => refusal(() => ({ inserts: [{ header: h, entries: [['region', 'v']] }] }));
    expect(key('reg\nion')).toBe(
      'cannot write the key "reg\\nion" in [profile n]: it holds a line break, which an AWS config file cannot store.',
    );
    expect(key('a=b')).toContain('it holds "=" or ":"');
    expect(key('a:b')).toContain('it holds "=" or ":"');
    expect(key('[x')).toContain('it starts with "["');
    expect(key('#x')).toContain('it starts with "#"');
    expect(key(' x')).toContain('white space');
    expect(key('Region')).toContain('the AWS CLI reads keys in lower case ("region")');
    expect(key('')).toContain('it is empty');
    expect(key('a\u0000b')).toContain('"a\\u0000b" in [profile n]: it holds the control character U+0000');
    expect(header('profile a]b')).toBe(
      'cannot write the section header "profile a]b": it holds "]", which ends a section header.',
    );
    expect(header('profile a\nb')).toContain('it holds a line break');
    expect(header('profile mine')).toBe(
      'cannot add [profile mine]: the file has it already, and the AWS CLI refuses a repeated section.',
    );
    expect(
      refusal(() => ({
        inserts: [
          {
            header: 'profile n',
            entries: [
              ['region', 'a'],
              ['region', 'b'],
            ],
          },
        ],
      })),
    ).toBe('cannot write region twice in [profile n]: the AWS CLI refuses a repeated key.');
    expect(refusal(() => ({ inserts: [{ header: 'profile n', entries: [['region', ' a']] }] }))).toContain(
      'it starts or ends with white space, which the AWS CLI drops when it reads the file',
    );
    expect(
      refusal(() => ({ inserts: [{ header: 'profile n', entries: [['region', 'a\uD800']] }] })),
    ).toContain('"a\\ud800" in [profile n]: it holds a lone UTF-16 surrogate');
  });

  it('lets a deleted section be added again in the same edit', () => {
    const d = doc(base);
    const text = applyEdits(d, {
      deletes: [section(d, 'mine')],
      inserts: [{ header: 'profile mine', entries: [['region', 'x-2']] }],
    });
    expect(doc(text).profile('mine')?.values).toEqual({ region: 'x-2' });
  });

  // Characters that decide how a line reads: line ends, delimiters, comment and header marks,
  // white space of each kind, controls, a lone surrogate, and plain text.
  const unit = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'Z', '_', '-', '.', '%', '"', 'é', '😀') },
    { weight: 4, arbitrary: fc.constantFrom('=', ':', '[', ']', ';', '#', ' ', '\t') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '\n',
        '\r',
        '\0',
        '\x01',
        '\x0b',
        '\x1f',
        '\x7f',
        '\x85',
        '\u00a0',
        '\u2028',
        '\ufeff',
        '\uD800',
      ),
    },
  );
  const text = fc.string({ unit, maxLength: 8 });
  // Keys mostly of the characters keys are made of, so that values get their share of the runs.
  const key = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.string({
        unit: fc.constantFrom('a', 'b', '_', '-', '.', 'é', ' ', '\t', '['),
        minLength: 1,
        maxLength: 8,
      }),
    },
    { weight: 1, arbitrary: text },
  );
  const entries = fc.array(fc.tuple(key, text), { maxLength: 3 });
  const edit = fc.record({
    header: fc.oneof(
      text,
      text.map((t) => `profile ${t}`),
    ),
    entries,
    set: entries,
  });
  const apply = ({ header, entries, set }: { header: string; entries: Entry[]; set: Entry[] }) => {
    const d = doc(base);
    return applyEdits(d, {
      updates: [{ section: section(d, 'gen'), set }],
      inserts: [{ header, entries }],
    });
  };
  const breaks = (t: string) => /[\n\r]/.test(t);

  it('writes what reads back exactly as given, and refuses anything with a line break', () => {
    fc.assert(
      fc.property(edit, (e) => {
        let out: string;
        try {
          out = apply(e);
        } catch (error) {
          expect((error as AppError).code).toBe('CONFIG_VALUE');
          return;
        }
        const all = [e.header, ...[...e.entries, ...e.set].flat()];
        expect(all.some(breaks)).toBe(false);
        const sections = new Map(doc(out).parsed.sections.map((s) => [s.name, s]));
        const read = (name: string) => sections.get(name)!.options.map((o): Entry => [o.key, o.value]);
        expect(read(e.header)).toEqual(e.entries);
        const gen = new Map(read('profile gen'));
        for (const [key, value] of e.set) expect(gen.get(key)).toBe(value);
        expect(read('profile mine')).toEqual([['region', 'x-1']]);
      }),
      { numRuns: 1000, seed: 20261202 },
    );
  });

  it.skipIf(!hasBotocore)('writes what botocore reads back exactly as given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aop-edit-'));
    const accepted: { path: string; name: string; entries: Entry[]; set: Entry[] }[] = [];
    fc.sample(edit, { numRuns: 1000, seed: 20261203 }).forEach((e, i) => {
      // botocore reads `profile NAME` headers through shlex: a plain name keeps this about values.
      const name = `p${i}`;
      let out: string;
      try {
        out = apply({ ...e, header: `profile ${name}` });
      } catch {
        return;
      }
      const path = join(dir, `config-${i}`);
      writeFileSync(path, out);
      accepted.push({ path, name, entries: e.entries, set: e.set });
    });
    expect(accepted.length).toBeGreaterThan(100);
    const results = botocoreRead(accepted.map((a) => a.path));
    accepted.forEach((a, i) => {
      const result = results[i]!;
      if (!result.ok) throw new Error(`botocore refused ${a.path}: ${result.error}`);
      expect(result.profiles[a.name]).toEqual(Object.fromEntries(a.entries));
      for (const [key, value] of a.set) expect(result.profiles.gen![key]).toBe(value);
    });
  });
});
