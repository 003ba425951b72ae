/**
 * What `sync` says when the organisation's structure could not be read: one line, naming what is
 * missing and how to fix it. Names from the portal are escaped; no credential is ever in it.
 */
import type { Account } from '../core/model.js';
import { escapeControls } from '../core/untrusted-text.js';
import { describeFailure } from '../sso/failures.js';
import type { OrgProblem } from './read-organization.js';

const GRANT =
  'organizations:List* and organizations:Describe* (the AWS managed policy AWSOrganizationsReadOnlyAccess)';

/** Why the structure is unknown, in a few words (the `--json` reason, the debug line). */
export function problemText(problem: OrgProblem, session: string): string {
  switch (problem.kind) {
    case 'not-in-use':
      return 'the accounts are in no AWS organization';
    case 'denied':
      return problem.named
        ? `profile ${problem.named} may not read AWS Organizations`
        : `no role of sso-session ${session} may read AWS Organizations (${problem.tried.length} tried)`;
    case 'failed':
      return `AWS Organizations could not be read: ${describeFailure(problem.error)}`;
  }
}

/**
 * The one warning line, or undefined when there is nothing to fix (no organisation at all). With
 * a cached structure in use, it says from when.
 */
export function problemLine(
  problem: OrgProblem,
  session: string,
  accounts: readonly Account[],
  fallbackReadAt?: string,
): string | undefined {
  if (problem.kind === 'not-in-use') return undefined;
  const what = problemText(problem, session);
  if (fallbackReadAt !== undefined) {
    return `${what}; OUs and tags are those read at ${fallbackReadAt} (--refresh-org reads them again).`;
  }
  if (problem.kind === 'failed') {
    return `${what}; the profiles carry no OU data. Run sync again (--debug shows every call), or skip Organizations with --no-org.`;
  }
  if (problem.named) {
    return `${what}, so the profiles carry no OU data. Give its role ${GRANT}, name another profile with --org-profile, or skip Organizations with --no-org.`;
  }
  const id = problem.managementAccountId;
  const name = id === undefined ? undefined : accounts.find((a) => a.accountId === id)?.accountName;
  const where =
    id === undefined
      ? 'the management account'
      : `the management account ${id}${name === undefined ? '' : ` (${escapeControls(name)})`}`;
  return (
    `${what}, so the profiles carry no OU data. Give a role in ${where} ${GRANT}, or use a delegated ` +
    'administrator account; then sync again, name a profile that can with --org-profile, or skip Organizations with --no-org.'
  );
}
