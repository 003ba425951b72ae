/** The `structure` of an organisation file: AWS Organizations' ids, OUs and readers. */
import { asObject, checkKeys, type Fail } from './file-checks.js';
import type { EmulatorAccount, EmulatorOrgUnit, OrgStructure } from './org-model.js';
import { OrgIndex } from './org-index.js';

function stringList(value: unknown, at: string, fail: Fail): string[] {
  if (!Array.isArray(value)) return fail(at, 'must be an array of strings');
  return (value as unknown[]).map((v, i) =>
    typeof v === 'string' && v.length > 0 ? v : fail(`${at}[${i}]`, 'must be a non-empty string'),
  );
}

export function parseStructure(value: unknown, accounts: EmulatorAccount[], fail: Fail): OrgStructure {
  const o = asObject(value) ?? fail('structure', 'must be an object');
  const keys = ['orgId', 'rootId', 'managementAccountId', 'units', 'readerRoles', 'delegatedAdministrators'];
  checkKeys(o, keys, 'structure.', fail);
  const text = (key: string): string =>
    typeof o[key] === 'string' ? o[key] : fail(`structure.${key}`, 'must be a string');
  if (!Array.isArray(o.units)) return fail('structure.units', 'must be an array');
  const units = (o.units as unknown[]).map((entry, i): EmulatorOrgUnit => {
    const at = `structure.units[${i}]`;
    const u = asObject(entry) ?? fail(at, 'must be an object');
    checkKeys(u, ['id', 'name', 'parentId'], `${at}.`, fail);
    const { id, name, parentId } = u;
    if (typeof id !== 'string') return fail(`${at}.id`, 'must be a string');
    if (typeof name !== 'string' || name.length === 0)
      return fail(`${at}.name`, 'must be a non-empty string');
    if (typeof parentId !== 'string') return fail(`${at}.parentId`, 'must be a string');
    return { id, name, parentId };
  });
  const structure: OrgStructure = {
    orgId: text('orgId'),
    rootId: text('rootId'),
    managementAccountId: text('managementAccountId'),
    units,
    ...(o.readerRoles === undefined
      ? {}
      : { readerRoles: stringList(o.readerRoles, 'structure.readerRoles', fail) }),
    ...(o.delegatedAdministrators === undefined
      ? {}
      : {
          delegatedAdministrators: stringList(
            o.delegatedAdministrators,
            'structure.delegatedAdministrators',
            fail,
          ),
        }),
  };
  try {
    // The emulator's own check: ids, parents, loops, tags.
    new OrgIndex(structure, accounts);
  } catch (error) {
    return fail('structure', (error as Error).message);
  }
  return structure;
}
