/**
 * `guard`: the decision on one tool call an agent is about to make, from the hook event its host
 * sends. It blocks what would hand the model the SSO token or credentials (see core/guard-event.ts)
 * and lets everything else through; on any failure of its own it blocks, because hosts run the
 * tool on every exit code but the one that blocks.
 */
import { judgeHookEvent, type Verdict } from '../core/guard-event.js';
import type { Env } from '../core/model.js';
import { GuardPlacesError, guardView } from '../state/guard-places.js';

export type { Verdict } from '../core/guard-event.js';

export interface GuardInput {
  /** The hook event as read from stdin. */
  readonly event: string;
  readonly env: Env;
  /** The guard's own working folder: stands in for an event without `cwd`. */
  readonly cwd: string;
}

export function guardToolCall(input: GuardInput): Verdict {
  try {
    return judgeHookEvent(input.event, guardView(input.env, input.cwd), input.cwd);
  } catch (error) {
    const why =
      error instanceof GuardPlacesError
        ? error.message
        : `the guard failed (${error instanceof Error ? error.name : 'error'})`;
    return {
      allow: false,
      reason: `aws-org-profiles guard blocked this call: ${why}, so it lets nothing through.`,
    };
  }
}
