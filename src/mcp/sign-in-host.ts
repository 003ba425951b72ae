/**
 * The sign-in flows of one MCP server, and how a tool result shows them. The flows (and the AWS
 * SDK under them) load at the first `sign_in` call; closing the server stops them at once.
 */
import type { McpServer } from '@modelcontextprotocol/server';
import type { AgentSignInResult, AgentSignIns, PendingSignIn, SignInFailure } from '../app/agent-sign-in.js';
import type { Runtime } from '../app/runtime.js';

export class SignInHost {
  private loading: Promise<AgentSignIns> | undefined;
  private flows: AgentSignIns | undefined;
  private closed = false;
  /** Flows whose page was already sent to the user through URL-mode elicitation. */
  private readonly elicited = new Set<string>();

  constructor(
    private readonly rt: Pick<Runtime, 'env' | 'now'>,
    private readonly server: McpServer,
  ) {}

  load(): Promise<AgentSignIns> {
    this.loading ??= import('../app/agent-sign-in.js').then(({ AgentSignIns }) => {
      this.flows = new AgentSignIns(this.rt);
      if (this.closed) this.flows.close();
      return this.flows;
    });
    return this.loading;
  }

  /** The flows, when a `sign_in` call loaded them; sync, for `session_status`. */
  get current(): AgentSignIns | undefined {
    return this.flows;
  }

  close(): void {
    this.closed = true;
    this.flows?.close();
  }

  /**
   * Sends the page through URL-mode elicitation when the client declared it (MCP 2025-11-25), once
   * per flow, and the completion notice when the token arrives. The answer is consent only; the
   * tool result carries the URL and code either way.
   */
  async elicit(pending: PendingSignIn): Promise<ElicitationOutcome | undefined> {
    const server = this.server.server;
    // The only place the SDK keeps what a 2025-era client declared at initialize.
    if (!server.getClientCapabilities()?.elicitation?.url) return undefined;
    if (this.elicited.has(pending.id)) return 'sent-before';
    this.elicited.add(pending.id);
    const notifyDone = server.createElicitationCompletionNotifier(pending.id);
    void pending.ended.then((end) => {
      this.elicited.delete(pending.id);
      // Nothing goes out once the server is closing.
      if (end.outcome === 'signed-in' && !this.closed) notifyDone().catch(() => undefined);
    });
    try {
      const answer = await server.elicitInput({
        mode: 'url',
        message:
          `Sign in to AWS IAM Identity Center (sso-session ${pending.session}): open this page and ` +
          `approve the request with code ${pending.userCode}.`,
        url: pending.url,
        elicitationId: pending.id,
      });
      return answer.action === 'accept' ? 'accepted' : answer.action === 'decline' ? 'declined' : 'cancelled';
    } catch {
      // A client that fails or times out still has the URL in the tool result.
      return 'no-answer';
    }
  }
}

export type ElicitationOutcome = 'accepted' | 'declined' | 'cancelled' | 'no-answer' | 'sent-before';

export const failureJson = (f: SignInFailure) => ({
  reason: f.reason,
  message: f.message,
  at: f.at.toISOString(),
});

export function pendingJson(p: PendingSignIn) {
  return { verificationUriComplete: p.url, userCode: p.userCode, expiresAt: p.expiresAt.toISOString() };
}

/** The sign_in tool's result: what the model shows the user, and what it does next. Never a token. */
export function signInJson(
  result: AgentSignInResult,
  elicitation: ElicitationOutcome | undefined,
): Record<string, unknown> {
  switch (result.state) {
    case 'signed-in':
      return {
        session: result.session,
        state: 'signed-in',
        expiresAt: result.expiresAt.toISOString(),
        instruction:
          'Already signed in; no sign-in is needed. If AWS calls still fail because the token is rejected, ' +
          'call sign_in again with force: true.',
      };
    case 'failed':
      return {
        session: result.session,
        state: 'failed',
        lastError: failureJson(result.failure),
        instruction:
          result.failure.reason === 'denied'
            ? 'The user denied the sign-in request. Do not retry on your own; call sign_in again only if the user asks.'
            : 'The sign-in did not complete. Tell the user why; call sign_in again to start a new one.',
      };
    case 'pending': {
      const p = result.pending;
      const instruction =
        elicitation === 'declined' || elicitation === 'cancelled'
          ? `The user ${elicitation} opening the sign-in page. Do not insist; the page stays valid until expiresAt ` +
            'if they change their mind. Call session_status to see whether the sign-in completed.'
          : elicitation === 'accepted' || elicitation === 'sent-before'
            ? `The user was shown the sign-in page. Tell them to approve code ${p.userCode} there, then call ` +
              'session_status until the session is signed-in.'
            : `Show the user this URL and code, and ask them to open the URL and approve code ${p.userCode}. ` +
              'Then call session_status until the session is signed-in.';
      return {
        session: p.session,
        state: 'pending',
        ...pendingJson(p),
        ...(elicitation ? { elicitation } : {}),
        ...(result.previous ? { previousAttempt: failureJson(result.previous) } : {}),
        instruction,
      };
    }
  }
}
