/**
 * Fault rules: the ways a broken, overloaded or hostile server misbehaves, so that tests can show
 * a client never hangs, never loops, and never reads a broken answer as "nothing assigned".
 */
import { oidcError } from './oidc-errors.js';
import { encodeNextToken } from './pagination.js';
import { portalError, stsError, type Reply } from './error-replies.js';
import { orgError } from './org-errors.js';
import { orgListName } from './org-operations.js';
import type { Api, RequestContext } from './router.js';
import { FAULT_MODES, FAULT_OPERATIONS, type FaultMode, type FaultRule } from './fault-modes.js';

export { FAULT_MODES, FAULT_OPERATIONS, type FaultMode, type FaultRule } from './fault-modes.js';

const PORTAL_OPERATIONS = new Set(['ListAccounts', 'ListAccountRoles', 'GetRoleCredentials', 'Logout']);

/** Checks one rule; a RangeError names what is wrong. */
export function validateFaultRule(rule: FaultRule): void {
  if (!(FAULT_MODES as readonly string[]).includes(rule.mode)) {
    throw new RangeError(`fault mode must be one of ${FAULT_MODES.join(', ')}`);
  }
  for (const op of rule.operations ?? []) {
    if (!FAULT_OPERATIONS.includes(op))
      throw new RangeError(`fault operation must be one of ${FAULT_OPERATIONS.join(', ')}`);
  }
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
    throw new RangeError('fault rate must be between 0 and 1');
  }
}

export function ruleMatches(rule: FaultRule, operation: string): boolean {
  return rule.operations ? rule.operations.includes(operation) : PORTAL_OPERATIONS.has(operation);
}

/** What no terminal should ever act on: clear screen, window title, bidi override, a forged line. */
export const HOSTILE_MESSAGE =
  'Access denied\x1b[2J\x1b]0;owned\x07 \u202etxt.exe\u202c\r\nerror: \x1b[32mall profiles deleted\x1b[0m \x9b31m';

const BREAK = '\n[profile evil]';

type Json = Record<string, unknown>;

function listName(operation: string, ctx: RequestContext): string {
  return operation === 'ListAccounts' ? 'accounts' : `roles:${ctx.query.get('account_id') ?? ''}`;
}

/** next_token rewritten so the listing never ends. */
function paginationFault(
  mode: 'repeat-token' | 'cycle-tokens',
  operation: string,
  ctx: RequestContext,
  out: Json,
) {
  const list = listName(operation, ctx);
  const asked = ctx.query.get('next_token') ?? '';
  if (mode === 'repeat-token') {
    out.nextToken = asked || encodeNextToken(list, 0);
  } else {
    const a = encodeNextToken(list, 1);
    const b = encodeNextToken(list, 2);
    out.nextToken = asked === a ? b : a;
  }
}

const first = (value: unknown): Json | undefined =>
  Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null ? (value[0] as Json) : undefined;

const items = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

/** The JSON answers, broken field by field. */
const jsonFaults: Record<string, Partial<Record<FaultMode, (out: Json) => void>>> = {
  ListAccounts: {
    'wrong-types': (out) => {
      // What a server that parsed ids as numbers would send; leading zeros are already lost.
      for (const a of items(out.accountList)) a.accountId = Number(a.accountId);
    },
    'missing-fields': (out) => {
      for (const a of items(out.accountList)) delete a.accountId;
    },
    'hostile-values': (out) => {
      const a = first(out.accountList);
      if (a) a.accountId = `${String(a.accountId)}${BREAK}`;
    },
  },
  ListAccountRoles: {
    'wrong-types': (out) => {
      out.roleList = { items: out.roleList };
    },
    'missing-fields': (out) => {
      for (const r of items(out.roleList)) delete r.roleName;
    },
    'hostile-values': (out) => {
      const r = first(out.roleList);
      if (r) r.roleName = `${String(r.roleName)}${BREAK}`;
    },
  },
  GetRoleCredentials: {
    'wrong-types': (out) => {
      const c = out.roleCredentials as Json;
      c.expiration = new Date(Number(c.expiration)).toISOString();
    },
    'missing-fields': (out) => {
      const c = out.roleCredentials as Json;
      delete c.sessionToken;
      delete c.expiration;
    },
    'hostile-values': (out) => {
      const c = out.roleCredentials as Json;
      c.accessKeyId = `${String(c.accessKeyId)}\n`;
    },
  },
  RegisterClient: {
    'wrong-types': (out) => {
      out.clientSecretExpiresAt = String(out.clientSecretExpiresAt);
    },
    'missing-fields': (out) => {
      delete out.clientSecret;
    },
    'hostile-values': (out) => {
      out.clientId = `${String(out.clientId)}\r\nx-injected: 1`;
    },
  },
  StartDeviceAuthorization: {
    'wrong-types': (out) => {
      out.interval = String(out.interval);
    },
    'missing-fields': (out) => {
      delete out.userCode;
    },
    'hostile-values': (out) => {
      out.userCode = `${String(out.userCode)}\x1b[2J`;
    },
  },
  GetSigninToken: {
    'wrong-types': (out) => {
      out.SigninToken = 12345;
    },
    'missing-fields': (out) => {
      delete out.SigninToken;
    },
    'hostile-values': (out) => {
      out.SigninToken = `${String(out.SigninToken)}\n\x1b[2J`;
    },
  },
  CreateToken: {
    'wrong-types': (out) => {
      out.expiresIn = String(out.expiresIn);
    },
    'missing-fields': (out) => {
      delete out.accessToken;
    },
    'hostile-values': (out) => {
      out.accessToken = `${String(out.accessToken)}\n`;
    },
  },
};

/** STS answers in XML: only the Account element is broken. */
function stsFault(mode: FaultMode, body: string): string {
  if (mode === 'missing-fields') return body.replace(/\s*<Account>[^<]*<\/Account>/, '');
  if (mode === 'hostile-values')
    return body.replace(/<Account>[^<]*<\/Account>/, '<Account>not-an-account</Account>');
  return body;
}

/**
 * The answer as a fault rule changes it. `stall` and `drip` are the server's to act out; every
 * other mode rewrites a successful answer (or, for `hostile-error` and `bare-throttle`, replaces
 * any answer).
 */
export function applyFault(
  mode: FaultMode,
  api: Api,
  operation: string,
  ctx: RequestContext,
  reply: Reply,
): Reply {
  const injected = { ...reply, headers: { ...reply.headers }, injected: 'fault' as const };
  if (mode === 'hostile-error') {
    if (api === 'sts')
      return { ...stsError(403, 'AccessDenied', HOSTILE_MESSAGE, ctx.requestId), injected: 'fault' };
    if (api === 'oidc') return { ...oidcError('AccessDeniedException', HOSTILE_MESSAGE), injected: 'fault' };
    if (api === 'organizations')
      return { ...orgError('AccessDeniedException', HOSTILE_MESSAGE), injected: 'fault' };
    if (api === 'signin')
      return {
        status: 400,
        headers: { 'content-type': 'text/plain' },
        body: HOSTILE_MESSAGE,
        injected: 'fault',
      };
    return { ...portalError('ForbiddenException', HOSTILE_MESSAGE), injected: 'fault' };
  }
  if (mode === 'bare-throttle') return { status: 429, headers: {}, body: '', injected: 'fault' };
  if (mode === 'slow-down') {
    if (operation !== 'CreateToken') return reply;
    return { ...oidcError('SlowDownException', 'Slow down'), injected: 'fault' };
  }
  if (reply.status !== 200) return reply;
  if (mode === 'empty-body') return { ...injected, body: '' };
  if (mode === 'json-array') return { ...injected, body: '[]' };
  if (mode === 'json-object') return { ...injected, body: '{}' };
  if (api === 'sts') return { ...injected, body: stsFault(mode, reply.body) };
  let out: Json;
  try {
    out = JSON.parse(reply.body) as Json;
  } catch {
    return reply;
  }
  if (api === 'organizations') {
    if (!orgFault(mode, operation, ctx, out)) return reply;
  } else if (mode === 'repeat-token' || mode === 'cycle-tokens') {
    if (operation !== 'ListAccounts' && operation !== 'ListAccountRoles') return reply;
    paginationFault(mode, operation, ctx, out);
  } else {
    const fault = jsonFaults[operation]?.[mode];
    if (!fault) return reply;
    fault(out);
  }
  return { ...injected, body: JSON.stringify(out) };
}

/** The first list in an Organizations answer (Accounts, OrganizationalUnits, …), or its one object. */
function orgItems(out: Json): Json[] {
  for (const [key, value] of Object.entries(out)) {
    if (key === 'NextToken') continue;
    if (Array.isArray(value)) return value as Json[];
    if (typeof value === 'object' && value !== null) return [value as Json];
  }
  return [];
}

/** Organizations answers broken by a rule; false when the mode does not apply to the operation. */
function orgFault(mode: FaultMode, operation: string, ctx: RequestContext, out: Json): boolean {
  if (mode === 'repeat-token' || mode === 'cycle-tokens') {
    let input: Json = {};
    try {
      input = JSON.parse(ctx.body) as Json;
    } catch {
      // An unreadable body has no listing.
    }
    const list = orgListName(operation.slice('Organizations.'.length), input);
    if (list === undefined) return false;
    const asked = typeof input.NextToken === 'string' ? input.NextToken : '';
    if (mode === 'repeat-token') out.NextToken = asked || encodeNextToken(list, 0);
    else {
      const a = encodeNextToken(list, 1);
      out.NextToken = asked === a ? encodeNextToken(list, 2) : a;
    }
    return true;
  }
  const all = orgItems(out);
  const one = all[0];
  if (!one) return false;
  // Tags have Key and Value; everything else an Id and (mostly) a Name.
  const key = 'Key' in one ? 'Key' : 'Id';
  const name = 'Key' in one ? 'Value' : 'Name';
  if (mode === 'wrong-types') for (const item of all) item[key] = Number(item[key]) || 0;
  else if (mode === 'missing-fields') for (const item of all) delete item[key];
  else if (mode === 'hostile-values') one[name] = `${typeof one[name] === 'string' ? one[name] : ''}${BREAK}`;
  else return false;
  return true;
}
