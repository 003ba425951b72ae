/** The AWS Organizations operations the emulator serves, and how each names a listing. Plain data. */

export const ORG_TARGET_PREFIX = 'AWSOrganizationsV20161128.';

export const ORG_OPERATIONS = [
  'DescribeOrganization',
  'ListRoots',
  'ListOrganizationalUnitsForParent',
  'ListAccountsForParent',
  'ListAccounts',
  'ListParents',
  'DescribeOrganizationalUnit',
  'DescribeAccount',
  'ListTagsForResource',
] as const;

export type OrgOperation = (typeof ORG_OPERATIONS)[number];

/** The name stats, request records and fault rules use, apart from the portal's ListAccounts. */
export const orgOperationName = (op: OrgOperation | 'UnknownOperation'): string => `Organizations.${op}`;

export function isOrgOperation(name: string): name is OrgOperation {
  return (ORG_OPERATIONS as readonly string[]).includes(name);
}

/** The listing a NextToken belongs to, from the operation and its input; undefined if it is not one. */
export function orgListName(op: string, input: Record<string, unknown>): string | undefined {
  const id = (key: string) => (typeof input[key] === 'string' ? input[key] : '');
  switch (op) {
    case 'ListRoots':
      return 'org:roots';
    case 'ListAccounts':
      return 'org:accounts';
    case 'ListOrganizationalUnitsForParent':
      return `org:units:${id('ParentId')}`;
    case 'ListAccountsForParent':
      return `org:accounts:${id('ParentId')}`;
    case 'ListParents':
      return `org:parents:${id('ChildId')}`;
    case 'ListTagsForResource':
      return `org:tags:${id('ResourceId')}`;
    default:
      return undefined;
  }
}
