/**
 * AWS Organizations, JSON 1.1 on `POST /` with `X-Amz-Target: AWSOrganizationsV20161128.<Op>`, on
 * the same server as the portal and STS. Requests must be SigV4-signed for `organizations` with
 * role credentials the portal issued; only reader roles in the management account or a delegated
 * administrator may read beyond DescribeOrganization.
 */
import type { Behaviour } from './behaviour.js';
import type { Reply } from './error-replies.js';
import { orgError, orgReply } from './org-errors.js';
import type { OrgIndex } from './org-index.js';
import {
  isOrgOperation,
  ORG_TARGET_PREFIX,
  orgListName,
  orgOperationName,
  type OrgOperation,
} from './org-operations.js';
import { accountShape, childUnits, organizationShape, rootShape, unitShape } from './org-shapes.js';
import { decodeNextToken, encodeNextToken } from './pagination.js';
import { header, type RequestContext, type Route } from './router.js';
import { verifySigV4 } from './sigv4.js';
import { EMULATOR_USER, reservedRoleName, type EmulatorState } from './state.js';

type Input = Record<string, unknown>;

const PATTERNS = {
  ParentId: /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  ChildId: /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
  OrganizationalUnitId: /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/,
  AccountId: /^\d{12}$/,
  ResourceId: /^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/,
} as const;

const invalid = (reason: string, message: string) =>
  orgError('InvalidInputException', message, { Reason: reason });

function targetOf(ctx: RequestContext): string | undefined {
  const target = header(ctx, 'x-amz-target');
  return target?.startsWith(ORG_TARGET_PREFIX) ? target.slice(ORG_TARGET_PREFIX.length) : undefined;
}

function parseInput(body: string): Input | undefined {
  if (body.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Input)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A required id parameter, checked against its pattern; a Reply when it is missing or malformed. */
function idParam(input: Input, key: keyof typeof PATTERNS): string | Reply {
  const value = input[key];
  if (value === undefined) return invalid('INPUT_REQUIRED', `${key} is required`);
  if (typeof value !== 'string' || !PATTERNS[key].test(value)) {
    return invalid('INVALID_PATTERN', `You specified an invalid value for ${key}.`);
  }
  return value;
}

/** `ParentId`: the root or an OU of the organisation; a Reply when it is malformed or unknown. */
function parentParam(input: Input, org: OrgIndex): string | Reply {
  const parentId = idParam(input, 'ParentId');
  if (typeof parentId !== 'string' || parentId === org.rootId || org.units.has(parentId)) return parentId;
  return orgError(
    'ParentNotFoundException',
    `We can't find a root or OU with the ParentId that you specified.`,
  );
}

interface Page {
  start: number;
  size: number;
}

function readPage(input: Input, list: string, pageSize: number): Page | Reply {
  let size = Math.min(20, pageSize);
  const max = input.MaxResults;
  if (max !== undefined) {
    if (typeof max !== 'number' || !Number.isInteger(max))
      return invalid('INVALID_SYNTAX', 'MaxResults must be an integer');
    if (max < 1) return invalid('MIN_VALUE_EXCEEDED', 'MaxResults must be at least 1');
    if (max > 20) return invalid('MAX_VALUE_EXCEEDED', 'MaxResults must be at most 20');
    size = Math.min(size, max);
  }
  const token = input.NextToken;
  if (token === undefined || token === null) return { start: 0, size };
  const start = typeof token === 'string' ? decodeNextToken(token, list) : undefined;
  if (start === undefined) return invalid('INVALID_NEXT_TOKEN', 'The specified token is invalid.');
  return { start, size };
}

function paged<T>(
  input: Input,
  list: string,
  pageSize: number,
  items: readonly T[],
  key: string,
  shape: (item: T) => unknown,
): Reply {
  const page = readPage(input, list, pageSize);
  if ('status' in page) return page;
  const end = page.start + page.size;
  const body: Input = { [key]: items.slice(page.start, end).map(shape) };
  if (end < items.length) body.NextToken = encodeNextToken(list, end);
  return orgReply(body);
}

export function organizationsRoutes(state: EmulatorState, behaviour: Behaviour): Route[] {
  const handlers: Record<OrgOperation, (input: Input, org: OrgIndex) => Reply> = {
    DescribeOrganization: (_input, org) =>
      orgReply({
        Organization: organizationShape(org, state.account(org.managementAccountId)?.info.emailAddress ?? ''),
      }),
    ListRoots: (input, org) => paged(input, 'org:roots', behaviour.pageSize, [org], 'Roots', rootShape),
    ListOrganizationalUnitsForParent: (input, org) => {
      const parentId = parentParam(input, org);
      if (typeof parentId !== 'string') return parentId;
      const units = childUnits(org, parentId, behaviour.orgFaults);
      return paged(
        input,
        list('ListOrganizationalUnitsForParent', input),
        behaviour.pageSize,
        units,
        'OrganizationalUnits',
        (u) => unitShape(org, u),
      );
    },
    ListAccountsForParent: (input, org) => {
      const parentId = parentParam(input, org);
      if (typeof parentId !== 'string') return parentId;
      const ids = org.childAccounts.get(parentId) ?? [];
      return paged(input, list('ListAccountsForParent', input), behaviour.pageSize, ids, 'Accounts', (id) =>
        accountShape(org, state.account(id)!.info, behaviour.orgFaults),
      );
    },
    ListAccounts: (input, org) =>
      paged(input, 'org:accounts', behaviour.pageSize, state.accounts(), 'Accounts', (a) =>
        accountShape(org, a.info, behaviour.orgFaults),
      ),
    ListParents: (input, org) => {
      const childId = idParam(input, 'ChildId');
      if (typeof childId !== 'string') return childId;
      const parentId = org.units.get(childId)?.parentId ?? org.accountParent.get(childId);
      if (parentId === undefined)
        return orgError(
          'ChildNotFoundException',
          `We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.`,
        );
      const type = parentId === org.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT';
      return paged(input, list('ListParents', input), behaviour.pageSize, [parentId], 'Parents', (Id) => ({
        Id,
        Type: type,
      }));
    },
    DescribeOrganizationalUnit: (input, org) => {
      const unitId = idParam(input, 'OrganizationalUnitId');
      if (typeof unitId !== 'string') return unitId;
      const unit = org.units.get(unitId);
      if (!unit)
        return orgError(
          'OrganizationalUnitNotFoundException',
          `We can't find an OU with the OrganizationalUnitId that you specified.`,
        );
      return orgReply({ OrganizationalUnit: unitShape(org, unit) });
    },
    DescribeAccount: (input, org) => {
      const accountId = idParam(input, 'AccountId');
      if (typeof accountId !== 'string') return accountId;
      const account = org.accountParent.has(accountId) ? state.account(accountId) : undefined;
      if (!account)
        return orgError('AccountNotFoundException', `You specified an account that doesn't exist.`);
      return orgReply({ Account: accountShape(org, account.info, behaviour.orgFaults) });
    },
    ListTagsForResource: (input, org) => {
      const resourceId = idParam(input, 'ResourceId');
      if (typeof resourceId !== 'string') return resourceId;
      const tags =
        org.tags.get(resourceId) ?? (resourceId === org.rootId || org.units.has(resourceId) ? {} : undefined);
      if (!tags)
        return orgError(
          'TargetNotFoundException',
          `We can't find a root, OU, account, or policy with the TargetId that you specified.`,
        );
      // MaxResults is not part of this request; only the page size and NextToken apply.
      const { MaxResults: _ignored, ...rest } = input;
      return paged(
        rest,
        list('ListTagsForResource', input),
        behaviour.pageSize,
        Object.entries(tags),
        'Tags',
        ([Key, Value]) => ({ Key, Value }),
      );
    },
  };

  const list = (op: OrgOperation, input: Input) => orgListName(op, input) ?? op;

  const handle = (ctx: RequestContext): Reply => {
    const op = targetOf(ctx);
    if (op === undefined || !isOrgOperation(op)) {
      return orgError(
        'UnknownOperationException',
        'The requested operation is not supported by AWS Organizations.',
      );
    }
    const auth = verifySigV4(ctx, 'organizations', (keyId) => state.credentialsFor(keyId));
    if (!auth.ok) return orgError(auth.error, auth.message);
    const input = parseInput(ctx.body);
    if (!input) return orgError('SerializationException', 'The request body is not a JSON object.');
    const { accountId, roleName } = auth.credentials;
    const org = state.orgIndex();
    if (!org || !org.accountParent.has(accountId)) {
      return orgError(
        'AWSOrganizationsNotInUseException',
        'Your account is not a member of an organization.',
      );
    }
    if (behaviour.orgAccessRemoved()) {
      return orgError('AccessDeniedException', "You don't have permissions to access this resource.");
    }
    if (op !== 'DescribeOrganization' && !org.mayRead(accountId, roleName)) {
      return orgError('AccessDeniedException', deniedMessage(org, accountId, roleName, op));
    }
    return handlers[op](input, org);
  };

  return [
    {
      method: 'POST',
      path: '/',
      api: 'organizations',
      claims: (ctx) => header(ctx, 'x-amz-target')?.startsWith(ORG_TARGET_PREFIX) === true,
      operation: (ctx) => {
        const op = targetOf(ctx);
        return orgOperationName(op !== undefined && isOrgOperation(op) ? op : 'UnknownOperation');
      },
      handle,
      loggedQuery: loggedInput,
    },
  ];
}

/** A member account hears it is not allowed; an admin account's other roles hear what IAM says. */
function deniedMessage(org: OrgIndex, accountId: string, roleName: string, op: string): string {
  if (!org.isAdminAccount(accountId)) return "You don't have permissions to access this resource.";
  const principal = `arn:aws:sts::${accountId}:assumed-role/${reservedRoleName(roleName)}/${EMULATOR_USER}`;
  return `User: ${principal} is not authorized to perform: organizations:${op} because no identity-based policy allows the organizations:${op} action`;
}

const LOGGED = [
  'ParentId',
  'ChildId',
  'ResourceId',
  'AccountId',
  'OrganizationalUnitId',
  'MaxResults',
  'NextToken',
];

/** The ids and paging of the request, bounded; nothing else of a body is kept. */
function loggedInput(ctx: RequestContext): Record<string, string> {
  const input = parseInput(ctx.body) ?? {};
  const out: Record<string, string> = {};
  for (const key of LOGGED) {
    const value = input[key];
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value).slice(0, 200);
  }
  return out;
}
