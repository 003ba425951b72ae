/** Generated config files: headers, keys and values in the forms botocore and the JS SDK disagree on. */
import fc from 'fast-check';

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

export const header = fc.oneof(
  fc.constantFrom('[default]', '[DEFAULT]', '[plain]', '[profileX]', '[Profile x]', '[ profile x]', '[]'),
  fc
    .tuple(
      fc.constantFrom('profile', 'sso-session', 'services'),
      fc.constantFrom(...names),
      fc.constantFrom('[K N]', '[K "N"]', "[K 'N']", '[K  N]', '[K N] ; note', '  [K N]', '[K N]x'),
    )
    .map(([kind, name, form]) => form.replace('K', kind).replace('N', name)),
);
export const keyLine = fc
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
export const other = fc.constantFrom(
  '',
  '   ',
  '# comment',
  '; comment',
  '  # indented comment',
  'just text',
  '= value',
);
export const line = fc.oneof(
  { arbitrary: keyLine, weight: 6 },
  { arbitrary: header, weight: 3 },
  { arbitrary: other, weight: 2 },
);
export const configText = fc
  .tuple(fc.array(line, { minLength: 0, maxLength: 25 }), fc.constantFrom('\n', '\n', '\r\n'), fc.boolean())
  .map(([lines, eol, finalEol]) => {
    // Most files begin with a header, so that most cases get past the first line.
    const body = ['[profile dev]', ...lines];
    return body.join(eol) + (finalEol ? eol : '');
  });
