/**
 * AWS Organizations (service `organizations`, the global endpoint) behind a narrow interface: one
 * page per call, every answer checked (org-answers.ts). It signs with role credentials fetched
 * through the portal; they go to the SDK and nowhere else. The endpoint is left to the SDK's
 * standard resolution, so `AWS_ENDPOINT_URL_ORGANIZATIONS` and `[services]` sections work.
 */
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { ListedAccount, ListedUnit } from '../core/org-structure.js';
import { bounded, clientConfig, DEFAULT_REQUEST_TIMEOUT_MS } from '../sso/clients.js';
import type { RoleCredentials } from '../sso/portal-client.js';
import type { Page } from '../sso/validate.js';
import { accountsAnswer, organizationAnswer, rootsAnswer, tagsAnswer, unitsAnswer } from './org-answers.js';

/** Organizations pages hold 20 at most. */
export const ORG_PAGE_SIZE = 20;

export interface OrgApi {
  describeOrganization(signal?: AbortSignal): Promise<{ orgId: string; managementAccountId: string }>;
  listRoots(signal?: AbortSignal): Promise<{ rootId: string; arn?: string }>;
  listAccounts(nextToken?: string, signal?: AbortSignal): Promise<Page<ListedAccount>>;
  listUnits(parentId: string, nextToken?: string, signal?: AbortSignal): Promise<Page<ListedUnit>>;
  listAccountsForParent(
    parentId: string,
    nextToken?: string,
    signal?: AbortSignal,
  ): Promise<Page<ListedAccount>>;
  listTags(
    accountId: string,
    nextToken?: string,
    signal?: AbortSignal,
  ): Promise<Page<readonly [string, string]>>;
  close(): void;
}

/**
 * The region of the partition's global endpoint, from the sso-session's region: Organizations has
 * one endpoint per partition.
 */
export function orgRegion(ssoRegion: string): string {
  if (ssoRegion.startsWith('cn-')) return 'cn-northwest-1';
  if (ssoRegion.startsWith('us-gov-')) return 'us-gov-west-1';
  return 'us-east-1';
}

export function createOrgApi(settings: {
  readonly region: string;
  readonly credentials: RoleCredentials;
  readonly requestTimeoutMs?: number;
}): OrgApi {
  const { credentials } = settings;
  const client = new OrganizationsClient({
    ...clientConfig(settings),
    credentials: () =>
      Promise.resolve({
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey.reveal(),
        sessionToken: credentials.sessionToken.reveal(),
        expiration: credentials.expiration,
      }),
  });
  const timeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const call = <T>(operation: string, outer: AbortSignal | undefined, send: () => Promise<T>) =>
    bounded(operation, timeoutMs, send, outer);
  return {
    async describeOrganization(outer) {
      const out = await call('DescribeOrganization', outer, () =>
        client.send(new DescribeOrganizationCommand({})),
      );
      return organizationAnswer(out);
    },
    async listRoots(outer) {
      const out = await call('ListRoots', outer, () =>
        client.send(new ListRootsCommand({ MaxResults: ORG_PAGE_SIZE })),
      );
      return rootsAnswer(out);
    },
    async listAccounts(NextToken, outer) {
      const out = await call('ListAccounts', outer, () =>
        client.send(new ListAccountsCommand({ MaxResults: ORG_PAGE_SIZE, NextToken })),
      );
      return accountsAnswer('ListAccounts', out);
    },
    async listUnits(ParentId, NextToken, outer) {
      const out = await call('ListOrganizationalUnitsForParent', outer, () =>
        client.send(
          new ListOrganizationalUnitsForParentCommand({ ParentId, MaxResults: ORG_PAGE_SIZE, NextToken }),
        ),
      );
      return unitsAnswer(out);
    },
    async listAccountsForParent(ParentId, NextToken, outer) {
      const out = await call('ListAccountsForParent', outer, () =>
        client.send(new ListAccountsForParentCommand({ ParentId, MaxResults: ORG_PAGE_SIZE, NextToken })),
      );
      return accountsAnswer('ListAccountsForParent', out);
    },
    async listTags(ResourceId, NextToken, outer) {
      const out = await call('ListTagsForResource', outer, () =>
        client.send(new ListTagsForResourceCommand({ ResourceId, NextToken })),
      );
      return tagsAnswer(out);
    },
    close() {
      client.destroy();
    },
  };
}
