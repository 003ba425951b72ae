import type { Organization } from './org.js';

/**
 * The demo organisation: a landing zone, workloads, and the account names that break naive
 * profile writers (case-only twins, an exact duplicate, INI syntax, a slash, non-ASCII).
 * DBAReadOnly is on most accounts but not all, as in real organisations.
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

export function demoOrganization(): Organization {
  return {
    accounts: accounts.map(([accountId, accountName, roles]) => ({
      accountId,
      accountName,
      emailAddress: `aws+${accountId}@example.com`,
      roles,
    })),
  };
}
