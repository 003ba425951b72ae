import type { Behaviour } from './behaviour.js';
import { jsonReply, portalError, type Reply } from './error-replies.js';
import { isReply, readPage, slicePage } from './pagination.js';
import { header, type RequestContext, type Route } from './router.js';
import type { EmulatorState } from './state.js';

/** The header the portal API reads the access token from (underscores and all). */
export const BEARER_HEADER = 'x-amz-sso_bearer_token';

/** The IAM Identity Center portal API: ListAccounts, ListAccountRoles, GetRoleCredentials, Logout. */
export function portalRoutes(state: EmulatorState, behaviour: Behaviour): Route[] {
  const authorized = (ctx: RequestContext): string | Reply => {
    const token = header(ctx, BEARER_HEADER);
    // One message for missing, unknown, expired and revoked, like the service.
    if (token === undefined || !state.tokenValid(token, ctx.now)) {
      return portalError('UnauthorizedException', 'Session token not found or invalid');
    }
    return token;
  };

  const listAccounts = (ctx: RequestContext): Reply => {
    const token = authorized(ctx);
    if (typeof token !== 'string') return token;
    const page = readPage(ctx.query, 'accounts', behaviour.pageSize);
    if (isReply(page)) return page;
    const { items, nextToken } = slicePage(state.accounts(), page, 'accounts');
    return jsonReply(200, { accountList: items.map((a) => a.info), nextToken });
  };

  const listAccountRoles = (ctx: RequestContext): Reply => {
    const token = authorized(ctx);
    if (typeof token !== 'string') return token;
    const accountId = ctx.query.get('account_id');
    if (!accountId) return portalError('InvalidRequestException', 'account_id is required');
    const list = `roles:${accountId}`;
    const page = readPage(ctx.query, list, behaviour.pageSize);
    if (isReply(page)) return page;
    if (behaviour.rolesAlwaysFail(accountId)) return behaviour.rolesFault();
    const account = state.account(accountId);
    if (!account) return portalError('ResourceNotFoundException', `Account ${accountId} not found`);
    const { items, nextToken } = slicePage(account.roles, page, list);
    return jsonReply(200, { roleList: items.map((roleName) => ({ roleName, accountId })), nextToken });
  };

  const getRoleCredentials = (ctx: RequestContext): Reply => {
    const token = authorized(ctx);
    if (typeof token !== 'string') return token;
    const accountId = ctx.query.get('account_id');
    const roleName = ctx.query.get('role_name');
    if (!accountId || !roleName) {
      return portalError('InvalidRequestException', 'account_id and role_name are required');
    }
    if (!state.account(accountId)?.roleSet.has(roleName))
      return portalError('ForbiddenException', 'No access');
    const { accessKeyId, secretAccessKey, sessionToken, expiration } = state.issueCredentials(
      accountId,
      roleName,
      ctx.now,
    );
    return jsonReply(200, { roleCredentials: { accessKeyId, secretAccessKey, sessionToken, expiration } });
  };

  const logout = (ctx: RequestContext): Reply => {
    const token = authorized(ctx);
    if (typeof token !== 'string') return token;
    state.revokeToken(token);
    return { status: 200, headers: {}, body: '' };
  };

  return [
    {
      method: 'GET',
      path: '/assignment/accounts',
      api: 'portal',
      operation: 'ListAccounts',
      handle: listAccounts,
    },
    {
      method: 'GET',
      path: '/assignment/roles',
      api: 'portal',
      operation: 'ListAccountRoles',
      handle: listAccountRoles,
    },
    {
      method: 'GET',
      path: '/federation/credentials',
      api: 'portal',
      operation: 'GetRoleCredentials',
      handle: getRoleCredentials,
    },
    { method: 'POST', path: '/logout', api: 'portal', operation: 'Logout', handle: logout },
  ];
}
