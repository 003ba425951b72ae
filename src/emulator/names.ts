/** Name pools for generated organisations. Order matters: generation is deterministic per seed. */

/** Permission sets. The first one is on most accounts but deliberately not all of them. */
export const ROLE_POOL: readonly string[] = [
  'AdministratorAccess',
  'ReadOnlyAccess',
  'DBAReadOnly',
  'PowerUserAccess',
  'SecurityAudit',
  'Billing',
  'ViewOnlyAccess',
  'NetworkAdministrator',
  'DataScientist',
  'SupportUser',
];

/** The accounts a Control Tower landing zone creates first. */
export const LANDING_ZONE_NAMES: readonly string[] = [
  'Management',
  'Log Archive',
  'Security Tooling',
  'Audit',
  'Shared Services',
  'Network',
];

export const ENVIRONMENTS: readonly string[] = ['prod', 'staging', 'dev', 'test', 'qa'];

export const TEAMS: readonly string[] = [
  'payments',
  'data-platform',
  'identity',
  'search',
  'checkout',
  'analytics',
  'ml-training',
  'mobile-backend',
  'billing',
  'observability',
];

/**
 * Account names that break naive profile-name and INI writers: case-only twins, exact duplicates,
 * INI syntax (`[`, `;`, `#`, `=`), path separators, non-ASCII, quotes, edge whitespace and two
 * 50-character names (the AWS maximum) that only differ at the end.
 */
export const HOSTILE_ACCOUNT_NAMES: readonly string[] = [
  'Prod',
  'prod',
  'Twin Account',
  'Twin Account',
  'with space',
  'double  space',
  ' leading space',
  'trailing space ',
  'a/b',
  'back\\slash',
  '[profile x]',
  'name ; with semicolon',
  'hash # name',
  'key = value',
  'Café Ops',
  '東京',
  'Zürich Prod',
  '100% coverage',
  'quote "double" name',
  "it's single-quoted",
  'Platform Engineering Shared Services Production 01',
  'Platform Engineering Shared Services Production 02',
];

/** The permission sets that may read AWS Organizations unless a structure names its own. */
export const DEFAULT_READER_ROLES: readonly string[] = [
  'AdministratorAccess',
  'ReadOnlyAccess',
  'SecurityAudit',
  'ViewOnlyAccess',
];

/** Top-level OUs of a generated structure, as a landing zone lays them out; `/` nests. */
export const SKELETON_UNITS: readonly string[] = [
  'Security',
  'Infrastructure',
  'Workloads',
  'Workloads/Prod',
  'Workloads/NonProd',
  'Workloads/NonProd/Dev',
  'Workloads/NonProd/Staging',
  'Sandbox',
  'Infrastructure/Network',
  'Infrastructure/Shared Services',
  'Security/Tooling',
  'Suspended',
  'Policy Staging',
];

export const COMPONENTS: readonly string[] = ['api', 'batch', 'web', 'data', 'edge', 'core', 'ops', 'ml'];
