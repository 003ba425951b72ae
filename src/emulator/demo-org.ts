import type { EmulatorOrgUnit, Organization } from './org-model.js';

/**
 * The demo organisation: a landing zone, workloads, and the account names that break naive
 * profile writers (case-only twins, an exact duplicate, INI syntax, a slash, non-ASCII).
 * DBAReadOnly is on most accounts but not all, as in real organisations. In AWS Organizations
 * the management account reads the structure and Audit is a delegated administrator; one OU
 * name ("R&D / Labs") holds a slash, which an OU path must escape.
 */
const accounts: [id: string, name: string, roles: string[]][] = [
  ['111111111111', 'Management', ['AdministratorAccess', 'Billing']],
  ['222222222222', 'Log Archive', ['AdministratorAccess', 'ReadOnlyAccess']],
  ['333333333333', 'Audit', ['SecurityAudit', 'ReadOnlyAccess']],
  ['444444444444', 'Security Tooling', ['SecurityAudit', 'AdministratorAccess']],
  ['555555555555', 'Network', ['AdministratorAccess', 'ReadOnlyAccess', 'NetworkAdmin']],
  ['600000000001', 'Shared Services', ['AdministratorAccess', 'DBAReadOnly']],
  ['600000000002', 'Workload', ['DBAReadOnly', 'PowerUserAccess', 'ReadOnlyAccess']],
  ['600000000003', 'Development', ['DBAReadOnly', 'PowerUserAccess', 'AdministratorAccess']],
  ['600000000004', 'Staging', ['DBAReadOnly', 'PowerUserAccess']],
  ['600000000005', 'Data Platform Prod', ['DBAReadOnly', 'ReadOnlyAccess']],
  ['600000000006', 'Data Platform Dev', ['DBAReadOnly', 'PowerUserAccess']],
  ['600000000007', 'Payments Prod', ['DBAReadOnly', 'ReadOnlyAccess']],
  ['600000000008', 'Payments Dev', ['DBAReadOnly', 'PowerUserAccess']],
  ['600000000009', 'Prod', ['DBAReadOnly', 'ReadOnlyAccess']],
  ['600000000010', 'prod', ['DBAReadOnly']],
  ['600000000011', 'Sandbox', ['AdministratorAccess', 'DBAReadOnly']],
  ['600000000012', 'Sandbox', ['AdministratorAccess', 'DBAReadOnly']],
  ['600000000013', '[profile x]', ['DBAReadOnly']],
  ['600000000014', 'Finance; Reporting', ['DBAReadOnly', 'ReadOnlyAccess']],
  ['600000000015', 'Team #7', ['DBAReadOnly']],
  ['600000000016', 'Analytics/EU', ['DBAReadOnly', 'ReadOnlyAccess']],
  ['600000000017', 'Zürich Ops', ['DBAReadOnly']],
  ['600000000018', 'Machine Learning  Lab', ['PowerUserAccess', 'DBAReadOnly']],
  ['600000000019', 'Legacy Archive', ['ReadOnlyAccess']],
];

const ROOT = 'r-d3m0';

/** [id, name, parent]: Security, Infrastructure, Workloads/{Prod, NonProd/{Dev, Staging}}, Sandbox, R&D / Labs, Suspended. */
const units: [id: string, name: string, parentId: string][] = [
  ['ou-d3m0-security', 'Security', ROOT],
  ['ou-d3m0-infrastr', 'Infrastructure', ROOT],
  ['ou-d3m0-workload', 'Workloads', ROOT],
  ['ou-d3m0-prod0001', 'Prod', 'ou-d3m0-workload'],
  ['ou-d3m0-nonprod1', 'NonProd', 'ou-d3m0-workload'],
  ['ou-d3m0-dev00001', 'Dev', 'ou-d3m0-nonprod1'],
  ['ou-d3m0-staging1', 'Staging', 'ou-d3m0-nonprod1'],
  ['ou-d3m0-sandbox1', 'Sandbox', ROOT],
  ['ou-d3m0-rdlabs01', 'R&D / Labs', ROOT],
  ['ou-d3m0-suspend1', 'Suspended', ROOT],
];

type Tags = Record<string, string>;
const tags = (env: string, team: string, costCenter: string): Tags => ({
  env,
  team,
  'cost-center': costCenter,
});

/** Each account's OU (absent: under the root) and tags (absent: none). */
const places: Record<string, [parentId?: string, tags?: Tags]> = {
  '111111111111': [undefined, tags('prod', 'platform', 'CC-1000')],
  '222222222222': ['ou-d3m0-security', tags('prod', 'security', 'CC-1100')],
  '333333333333': ['ou-d3m0-security', tags('prod', 'security', 'CC-1100')],
  '444444444444': ['ou-d3m0-security', tags('prod', 'security', 'CC-1100')],
  '555555555555': ['ou-d3m0-infrastr', tags('prod', 'network', 'CC-1200')],
  '600000000001': ['ou-d3m0-infrastr', tags('prod', 'platform', 'CC-1200')],
  '600000000002': ['ou-d3m0-prod0001', tags('prod', 'platform', 'CC-2000')],
  '600000000003': ['ou-d3m0-dev00001', tags('dev', 'platform', 'CC-2000')],
  '600000000004': ['ou-d3m0-staging1', tags('staging', 'platform', 'CC-2000')],
  '600000000005': ['ou-d3m0-prod0001', tags('prod', 'data-platform', 'CC-3100')],
  '600000000006': ['ou-d3m0-dev00001', tags('dev', 'data-platform', 'CC-3100')],
  '600000000007': ['ou-d3m0-prod0001', { ...tags('prod', 'payments', 'CC-4200'), 'data-class': 'pci' }],
  '600000000008': ['ou-d3m0-dev00001', tags('dev', 'payments', 'CC-4200')],
  '600000000009': ['ou-d3m0-prod0001', tags('prod', 'checkout', 'CC-4300')],
  '600000000010': ['ou-d3m0-prod0001'],
  '600000000011': ['ou-d3m0-sandbox1', tags('sandbox', 'platform', 'CC-9000')],
  '600000000012': ['ou-d3m0-sandbox1', tags('sandbox', 'analytics', 'CC-9000')],
  '600000000013': ['ou-d3m0-sandbox1'],
  '600000000014': ['ou-d3m0-prod0001', tags('prod', 'finance', 'CC-5000')],
  '600000000015': ['ou-d3m0-dev00001', tags('dev', 'search', 'CC-6100')],
  '600000000016': ['ou-d3m0-rdlabs01', tags('dev', 'analytics', 'CC-7000')],
  '600000000017': ['ou-d3m0-prod0001', tags('prod', 'observability', 'CC-6200')],
  '600000000018': ['ou-d3m0-rdlabs01', tags('dev', 'ml-training', 'CC-7000')],
  '600000000019': ['ou-d3m0-suspend1', { env: 'retired' }],
};

export function demoOrganization(): Organization {
  return {
    accounts: accounts.map(([accountId, accountName, roles]) => {
      const [parentId, accountTags] = places[accountId] ?? [];
      return {
        accountId,
        accountName,
        emailAddress: `aws+${accountId}@example.com`,
        roles,
        ...(parentId ? { parentId } : {}),
        ...(accountTags ? { tags: { ...accountTags } } : {}),
      };
    }),
    structure: {
      orgId: 'o-d3m0example',
      rootId: ROOT,
      managementAccountId: '111111111111',
      units: units.map(([id, name, parentId]): EmulatorOrgUnit => ({ id, name, parentId })),
      delegatedAdministrators: ['333333333333'],
    },
  };
}
