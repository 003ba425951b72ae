/**
 * Sign-in from inside an agent: the device-authorization flow of `login --use-device-code`, run in
 * the background of a long-lived process (the MCP server). A call returns as soon as the page to
 * open and its code are known; the flow keeps polling and, once the user approves, writes the token
 * cache exactly as `login` does. One flow per session at a time: a call while one is pending gets
 * the same page and code. A flow that failed is reported once, then a call starts over.
 */
import { randomUUID } from 'node:crypto';
import { readConfigFile } from '../config/file.js';
import { configFilePath } from '../config/paths.js';
import { resolveSession } from '../config/sessions.js';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { SsoSession } from '../core/model.js';
import { describeFailure } from '../sso/failures.js';
import { signInToSession } from '../sso/session-sign-in.js';
import { sessionState } from '../sso/sign-in-state.js';
import type { Runtime } from './runtime.js';

export interface AgentSignInInput {
  /** Default: the only sso-session of the config, as `login` chooses it. */
  readonly ssoSession?: string;
  /** Start a sign-in even when the cached token looks valid (the portal may have revoked it). */
  readonly force?: boolean;
}

/** Why a flow ended without a token. */
export interface SignInFailure {
  /** `denied`: the user refused the request; `expired`: nobody approved it in time. */
  readonly reason: 'denied' | 'expired' | 'failed';
  readonly code: ErrorCode;
  readonly message: string;
  readonly at: Date;
}

/** How a flow ended; `cancelled` when the process stopped it (the server closed). */
export type SignInEnd =
  | { readonly outcome: 'signed-in'; readonly expiresAt: Date }
  | { readonly outcome: 'failed'; readonly failure: SignInFailure }
  | { readonly outcome: 'cancelled' };

/** A flow that waits for the user. */
export interface PendingSignIn {
  /** Unique to this flow: a second call that joins it sees the same id. */
  readonly id: string;
  readonly session: string;
  /** The page to open, with the code filled in. */
  readonly url: string;
  readonly userCode: string;
  /** When the device code expires, as the server said. */
  readonly expiresAt: Date;
  /** Settles when the flow ends, however it ends; never rejects. */
  readonly ended: Promise<SignInEnd>;
}

export type AgentSignInResult =
  | { readonly state: 'signed-in'; readonly session: string; readonly expiresAt: Date }
  | {
      readonly state: 'pending';
      readonly pending: PendingSignIn;
      /** This call started the flow (false: it joined one already waiting). */
      readonly started: boolean;
      /** How the session's previous flow ended, when it expired unseen. */
      readonly previous?: SignInFailure;
    }
  | { readonly state: 'failed'; readonly session: string; readonly failure: SignInFailure };

interface Flow {
  readonly controller: AbortController;
  /** The page once it is known, or how the flow ended before that. */
  readonly first: Promise<{ page: PendingSignIn } | { end: SignInEnd }>;
  page?: PendingSignIn;
}

/** How the flow's error for an expired device code begins (sso/sign-in-flows.ts). */
const DEVICE_CODE_EXPIRED = 'the device code expired';

function failureOf(error: unknown, now: Date): SignInFailure {
  const cause = error instanceof AppError ? error.cause : error;
  const name = (cause as { name?: unknown } | undefined)?.name;
  const message = error instanceof AppError ? error.message : describeFailure(error);
  return {
    reason:
      name === 'AccessDeniedException'
        ? 'denied'
        : message.startsWith(DEVICE_CODE_EXPIRED)
          ? 'expired'
          : 'failed',
    code: error instanceof AppError ? error.code : 'TOKEN_MISSING',
    message,
    at: now,
  };
}

/** The sign-in flows of one process, by session name. `close()` stops them all. */
export class AgentSignIns {
  private readonly flows = new Map<string, Flow>();
  private readonly failures = new Map<string, SignInFailure>();
  private closed = false;

  constructor(private readonly rt: Pick<Runtime, 'env' | 'now'>) {}

  async signIn(input: AgentSignInInput): Promise<AgentSignInResult> {
    if (this.closed) throw new AppError('INTERNAL', 'the server is closing; no sign-in can start.');
    const file = readConfigFile(configFilePath(this.rt.env));
    const session = resolveSession(file.document, input.ssoSession, file.exists);
    const name = session.name;
    const now = this.rt.now();
    let previous: SignInFailure | undefined;
    let flow = this.flows.get(name);
    // A code past its expiry is dead even if the poll has not noticed yet.
    if (flow?.page && flow.page.expiresAt.getTime() <= now.getTime()) {
      this.stop(name, flow);
      const message = `${DEVICE_CODE_EXPIRED} before the sign-in was approved; nothing was saved.`;
      previous = { reason: 'expired', code: 'TOKEN_MISSING', message, at: now };
      flow = undefined;
    }
    const started = flow === undefined;
    if (!flow) {
      const failure = this.takeFailure(name);
      // A refusal or an error is news the caller must hear before anything starts again; an
      // expired code is not: the next call simply starts over.
      if (failure && failure.reason !== 'expired') return { state: 'failed', session: name, failure };
      previous ??= failure;
      if (!input.force) {
        const state = sessionState(this.rt.env, session, now);
        if (state.state === 'signed-in' && state.expiresAt)
          return { state: 'signed-in', session: name, expiresAt: state.expiresAt };
      }
      flow = this.start(session);
    }
    const first = await flow.first;
    if ('end' in first) {
      // Failed before there was a page to show (no registration, a cache that cannot be written):
      // every caller waiting on it hears it now, so it is not kept for later.
      const failure: SignInFailure =
        first.end.outcome === 'failed'
          ? first.end.failure
          : { reason: 'failed', code: 'TOKEN_MISSING', message: 'the sign-in was cancelled.', at: now };
      return { state: 'failed', session: name, failure };
    }
    return {
      state: 'pending',
      pending: first.page,
      started,
      ...(previous ? { previous } : {}),
    };
  }

  /** The flow that waits for the user on this session, if any. */
  pending(session: string): PendingSignIn | undefined {
    const flow = this.flows.get(session);
    return flow?.page && flow.page.expiresAt.getTime() > this.rt.now().getTime() ? flow.page : undefined;
  }

  /** How the session's last flow failed, once: whoever reads it, reports it. */
  takeFailure(session: string): SignInFailure | undefined {
    const failure = this.failures.get(session);
    this.failures.delete(session);
    return failure;
  }

  /** Stops every flow at once: no more requests, no timer, nothing written afterwards. */
  close(): void {
    this.closed = true;
    for (const [name, flow] of [...this.flows]) this.stop(name, flow);
  }

  private stop(name: string, flow: Flow): void {
    flow.controller.abort();
    if (this.flows.get(name) === flow) this.flows.delete(name);
  }

  private start(session: SsoSession): Flow {
    const controller = new AbortController();
    const id = randomUUID();
    let showPage!: (page: PendingSignIn) => void;
    const shown = new Promise<PendingSignIn>((resolve) => (showPage = resolve));
    let resolveEnded!: (end: SignInEnd) => void;
    const ended = new Promise<SignInEnd>((resolve) => (resolveEnded = resolve));
    const flow: Flow = {
      controller,
      first: Promise.race([shown.then((page) => ({ page })), ended.then((end) => ({ end }))]),
    };
    this.flows.set(session.name, flow);
    signInToSession({
      env: this.rt.env,
      now: this.rt.now,
      session,
      useDeviceCode: true,
      signal: controller.signal,
      showPage: (page) => {
        if (!page.userCode) return;
        flow.page = {
          id,
          session: session.name,
          url: page.url,
          userCode: page.userCode,
          expiresAt: page.expiresAt ?? new Date(this.rt.now().getTime() + 600_000),
          ended,
        };
        showPage(flow.page);
      },
    }).then(
      ({ expiresAt }) => this.finish(session.name, flow, { outcome: 'signed-in', expiresAt }, resolveEnded),
      (error: unknown) =>
        this.finish(
          session.name,
          flow,
          controller.signal.aborted
            ? { outcome: 'cancelled' }
            : { outcome: 'failed', failure: failureOf(error, this.rt.now()) },
          resolveEnded,
        ),
    );
    return flow;
  }

  private finish(name: string, flow: Flow, end: SignInEnd, settle: (end: SignInEnd) => void): void {
    if (this.flows.get(name) === flow) {
      this.flows.delete(name);
      // Failures after the page was shown happen while nobody waits: kept to report once.
      if (end.outcome === 'failed' && flow.page) this.failures.set(name, end.failure);
    }
    settle(end);
  }
}
