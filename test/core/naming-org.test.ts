/** Profile names from the organisation's structure: {ou}, {ouPath} and {tag:KEY}. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { accountPart, compileTemplate, DEFAULT_TEMPLATE, ouFields, tagValue } from '../../src/core/naming.js';

const base = {
  session: 's',
  account: 'acct',
  accountName: 'Acct',
  accountId: '111122223333',
  role: 'Admin',
  region: 'eu-central-1',
};
const placed = (ouNames: string[], tags: Record<string, string> = {}) => ({
  ...base,
  ...ouFields(ouNames),
  tags,
});

describe('structure fields in name templates', () => {
  it('render the own OU, the OU path without the root, and tag values, made safe like {account}', () => {
    const f = placed(['Workloads', 'Prod EU'], { team: 'Payments Core', 'cost:center': 'ZÜRICH/42' });
    expect(compileTemplate('{ou}-{account}-{role}').render(f)).toBe('prod-eu-acct-Admin');
    expect(compileTemplate('{ouPath}-{account}').render(f)).toBe('workloads-prod-eu-acct');
    expect(compileTemplate('{tag:team}.{account}').render(f)).toBe('payments-core.acct');
    expect(compileTemplate('{tag:cost:center}-{accountId}').render(f)).toBe('zurich-42-111122223333');
  });

  it('finds a tag whose key differs only in case, preferring the exact key', () => {
    expect(tagValue({ Env: 'prod' }, 'env')).toBe('prod');
    expect(tagValue({ Env: 'prod', env: 'dev' }, 'env')).toBe('dev');
    expect(tagValue({ env: 'dev', ENV: 'x', Env: 'prod' }, 'eNv')).toBe('x');
    expect(tagValue(undefined, 'env')).toBe('');
  });

  it('leave no doubled separator, and none at either end, where a field is empty', () => {
    const none = placed([]);
    expect(compileTemplate('{session}-{tag:team}-{account}').render(none)).toBe('s-acct');
    expect(compileTemplate('{session}_{tag:team}_{account}').render(none)).toBe('s_acct');
    expect(compileTemplate('{tag:team}_{account}').render(none)).toBe('acct');
    expect(compileTemplate('{account}.{ou}').render(none)).toBe('acct');
    expect(compileTemplate('{account}.{ou}.{ouPath}').render(none)).toBe('acct');
    expect(compileTemplate('{session}-{ou}-{tag:a}-{tag:b}-{account}').render(none)).toBe('s-acct');
    expect(compileTemplate('{session}-{ou}{account}').render(none)).toBe('s-acct');
    expect(compileTemplate('{session}-{ou}-{account}').render(placed(['東京']))).toBe('s-acct');
    // The structure is unknown: the same as an account directly under the root without tags.
    expect(compileTemplate('{session}-{ouPath}-{account}').render(base)).toBe('s-acct');
    // Separators the template doubles itself, next to no empty field, stay.
    expect(compileTemplate('{session}--{ou}--{account}').render(placed(['Prod']))).toBe('s--prod--acct');
    expect(compileTemplate('{session}--{ou}--{account}').render(none)).toBe('s--acct');
  });

  it('leave a name without empty structure fields exactly as the plain concatenation', () => {
    const template = compileTemplate('{session}-{ou}-{tag:t}-{account}-{role}');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'Z', '-', ' ', '/', '.') }), { maxLength: 3 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '-', '_'), minLength: 1 }),
        fc.string({ unit: fc.constantFrom('x', 'Y', '-', ' '), minLength: 1 }),
        (ouNames, tag, account) => {
          const f = { ...placed(ouNames, { t: tag }), account: accountPart(account) || '1' };
          fc.pre(f.ou !== '' && accountPart(tag) !== '');
          expect(template.render(f)).toBe(
            compileTemplate('{session}-{accountName}-{accountId}-{account}-{role}').render({
              ...f,
              accountName: f.ou,
              accountId: accountPart(tag),
            }),
          );
        },
      ),
    );
  });

  it('say whether the template needs the structure', () => {
    expect(compileTemplate(DEFAULT_TEMPLATE).needsOrg).toBe(false);
    expect(compileTemplate('{ou}-{account}').needsOrg).toBe(true);
    expect(compileTemplate('{ouPath}-{account}').needsOrg).toBe(true);
    const tags = compileTemplate('{tag:team}-{tag:aws:cloudformation:stack-name}-{account}');
    expect(tags.needsOrg).toBe(true);
    expect(tags.tagKeys).toEqual(['team', 'aws:cloudformation:stack-name']);
  });

  it('refuse a tag field without a key or with characters no tag key has', () => {
    expect(() => compileTemplate('{tag:}-{account}')).toThrow(AppError);
    expect(() => compileTemplate('{tag:a!b}-{account}')).toThrow(/\{tag:a!b\} .* is not a tag key/);
    expect(() => compileTemplate(`{tag:${'k'.repeat(129)}}-{account}`)).toThrow(/not a tag key/);
    expect(() => compileTemplate('{tags:x}-{account}')).toThrow(/unknown field \{tags:x\}.*/);
    expect(compileTemplate('{tag:cost center}-{account}').tagKeys).toEqual(['cost center']);
  });
});
