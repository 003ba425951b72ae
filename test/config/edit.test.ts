import { describe, expect, it } from 'vitest';
import { ConfigDocument } from '../../src/config/document.js';
import { applyEdits } from '../../src/config/edit.js';

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
