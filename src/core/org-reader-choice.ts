/**
 * Which of the roles an sso-session reaches may read the organisation's structure, in the order
 * they are worth trying. Only the management account and delegated administrators may list
 * Organizations, and the least privileged role that can is preferred: a read-only one.
 */
import type { Account } from './model.js';

/** The (account, role) pairs tried at most, DescribeOrganization included: a sync must not spend long on an extra. */
export const MAX_READER_ATTEMPTS = 8;

export interface ReaderCandidate {
  readonly accountId: string;
  readonly role: string;
}

/**
 * 0 for roles made to read (`ReadOnly*`, `ViewOnly*`), 1 for auditors' (`*Audit*`), 2 for other
 * read-only ones (`*ReadOnly*`), 3 for everything else.
 */
export function readOnlyRank(role: string): number {
  if (/^(read|view)[-_ ]?only/i.test(role)) return 0;
  if (/audit/i.test(role)) return 1;
  if (/(read|view)[-_ ]?only/i.test(role)) return 2;
  return 3;
}

const byRank = (roles: readonly string[]): string[] =>
  [...roles].sort((a, b) => readOnlyRank(a) - readOnlyRank(b) || (a < b ? -1 : a > b ? 1 : 0));

/**
 * Accounts that are often a delegated administrator (for Security Hub, GuardDuty, Config, CloudTrail):
 * the audit, security and log-archive accounts of a landing zone. Which accounts really are cannot
 * be asked without the very access being looked for (ListDelegatedAdministrators works only from
 * the management account or a delegated administrator), so the name is the best guess there is.
 */
export function likelyDelegatedAdmin(accountName: string): boolean {
  return /audit|security|secops|log[-_ ]?archive|guardduty|compliance/i.test(accountName);
}

/** The role to ask DescribeOrganization through first: any account will do, read-only preferred. */
export function describeCandidates(
  roles: ReadonlyMap<string, readonly string[]>,
  max: number,
): ReaderCandidate[] {
  const all: ReaderCandidate[] = [];
  for (const [accountId, names] of roles) for (const role of names) all.push({ accountId, role });
  all.sort((a, b) => readOnlyRank(a.role) - readOnlyRank(b.role));
  return all.slice(0, max);
}

/**
 * The pairs to try once the management account is known: its read-only roles, then the read-only
 * roles of the likely delegated administrators, then the management account's other roles, then
 * the other roles of the likely delegated administrators.
 */
export function readerCandidates(options: {
  readonly managementAccountId: string;
  readonly accounts: readonly Account[];
  readonly roles: ReadonlyMap<string, readonly string[]>;
}): ReaderCandidate[] {
  const { managementAccountId, roles } = options;
  const pairs = (accountId: string, readOnly: boolean) =>
    byRank(roles.get(accountId) ?? [])
      .filter((role) => readOnlyRank(role) < 3 === readOnly)
      .map((role) => ({ accountId, role }));
  const delegated = options.accounts
    .filter((a) => a.accountId !== managementAccountId && likelyDelegatedAdmin(a.accountName))
    .map((a) => a.accountId);
  return [
    ...pairs(managementAccountId, true),
    ...delegated.flatMap((id) => pairs(id, true)),
    ...pairs(managementAccountId, false),
    ...delegated.flatMap((id) => pairs(id, false)),
  ];
}
