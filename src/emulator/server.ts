import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Behaviour, type BehaviourOptions } from './behaviour.js';
import { consoleSigninRoutes } from './console-signin.js';
import { portalError, stsError, type Reply } from './error-replies.js';
import { applyFault } from './faults.js';
import { oidcRoutes } from './oidc.js';
import { oidcError } from './oidc-errors.js';
import { OidcSettings, validateOidcOptions, type OidcOptions } from './oidc-options.js';
import { OidcStore } from './oidc-store.js';
import type { Organization } from './org-model.js';
import { orgError } from './org-errors.js';
import { organizationsRoutes } from './organizations.js';
import { portalRoutes } from './portal.js';
import { operationOf, Router, type RequestContext, type Route } from './router.js';
import { EmulatorState } from './state.js';
import { StatsCollector, type EmulatorStats, type RequestRecord } from './stats.js';
import { stsRoutes } from './sts.js';

export interface EmulatorOptions extends Partial<BehaviourOptions>, Partial<OidcOptions> {
  org: Organization;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Bearer tokens accepted from the start. */
  tokens?: { token: string; expiresAt?: Date }[];
}

export type EmulatorSettings = Partial<Omit<EmulatorOptions, 'org' | 'host' | 'port' | 'tokens'>>;

/** Request bodies here are a few bytes of form data; anything huge is not an AWS client. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * IAM Identity Center (portal API), its sign-in (SSO-OIDC), STS GetCallerIdentity, the AWS
 * Organizations reads and the console sign-in federation endpoint over real HTTP, wire-compatible with the AWS SDK for JavaScript v3 and botocore, with knobs for latency,
 * throttling and faults.
 */
export class IdentityCenterEmulator {
  readonly url: string;
  private readonly state: EmulatorState;
  private readonly behaviour: Behaviour;
  private readonly oidcSettings: OidcSettings;
  private readonly oidc: OidcStore;
  private readonly collector = new StatsCollector();
  private readonly router = new Router();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopping: Promise<void> | undefined;
  /** While paused: the requests that arrived, each waiting to be handled. */
  private held: (() => void)[] | undefined;

  private constructor(
    private readonly server: Server,
    options: EmulatorOptions,
  ) {
    const { org, host: _host, port: _port, tokens = [], ...settings } = options;
    const { address, port } = server.address() as AddressInfo;
    this.url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    this.state = new EmulatorState(org);
    this.behaviour = new Behaviour(settings);
    this.oidcSettings = new OidcSettings(settings);
    this.oidc = new OidcStore(this.oidcSettings);
    for (const t of tokens) this.state.issueToken(t);
    this.router.add(
      ...organizationsRoutes(this.state, this.behaviour),
      ...portalRoutes(this.state, this.behaviour),
      ...stsRoutes(this.state),
      ...consoleSigninRoutes(this.state),
      ...oidcRoutes({ state: this.state, store: this.oidc, settings: this.oidcSettings, baseUrl: this.url }),
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
  }

  static async start(options: EmulatorOptions): Promise<IdentityCenterEmulator> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    try {
      return new IdentityCenterEmulator(server, options);
    } catch (error) {
      server.close();
      throw error;
    }
  }

  issueToken(options?: { token?: string; expiresAt?: Date }): string {
    return this.state.issueToken(options);
  }

  /** The standard endpoint variables that point the AWS SDKs and the AWS CLI at this emulator. */
  endpointEnv(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL_SSO: this.url,
      AWS_ENDPOINT_URL_SSO_OIDC: this.url,
      AWS_ENDPOINT_URL_STS: this.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: this.url,
      AWS_ENDPOINT_URL_SIGNIN: this.url,
    };
  }

  revokeToken(token: string): void {
    this.state.revokeToken(token);
  }

  /** All or nothing: a bad value throws a RangeError and changes no setting. */
  setOptions(partial: EmulatorSettings): void {
    validateOidcOptions(partial);
    this.behaviour.set(partial);
    this.oidcSettings.set(partial);
  }

  /** Every refresh token issued so far stops working, as after the user's session is revoked. */
  revokeRefreshTokens(): void {
    this.oidc.revokeRefreshTokens();
  }

  setOrganization(org: Organization): void {
    this.state.setOrganization(org);
  }

  stats(): EmulatorStats {
    return this.collector.snapshot();
  }

  requests(): readonly RequestRecord[] {
    return this.collector.records();
  }

  resetStats(): void {
    this.collector.reset();
  }

  /**
   * Holds every request that arrives from now on, unanswered, until `resume()`: several clients
   * can then be let go at the same moment. Nothing is decided for a held request (rate limit,
   * faults, latency) until it is let go; its stats count it in flight.
   */
  pause(): void {
    this.held ??= [];
  }

  /** Handles the held requests, in the order they arrived, as if they arrived now. */
  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const handle of held) handle();
  }

  /** Closes the listener and every socket, idle keep-alive ones included, without waiting for clients. */
  stop(): Promise<void> {
    this.held = undefined;
    this.stopping ??= new Promise<void>((resolve) => {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.stopping;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.collector.arrived();
    res.once('close', () => this.collector.left());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const handle = () => this.dispatch(req, res, Buffer.concat(chunks).toString('utf8'));
      if (this.held) this.held.push(handle);
      else handle();
    });
  }

  private dispatch(req: IncomingMessage, res: ServerResponse, body: string): void {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const ctx: RequestContext = {
      method: req.method ?? 'GET',
      path: q < 0 ? rawUrl : rawUrl.slice(0, q),
      query: new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)),
      headers: req.headers,
      body,
      requestId: randomUUID(),
      now: Date.now(),
    };
    const latencyMs = this.behaviour.latencyMs;
    const route = this.router.match(ctx);
    const operation = route ? operationOf(route, ctx) : 'UnknownOperation';
    const fault = route ? this.behaviour.faultFor(operation) : undefined;
    const query = route?.loggedQuery ? route.loggedQuery(ctx) : Object.fromEntries(ctx.query);
    if (fault === 'stall' || fault === 'drip') {
      // Logged on arrival, since they are never answered; a stall as status 0.
      this.collector.answered(
        { operation, status: fault === 'stall' ? 0 : 200, query, at: ctx.now },
        'fault',
      );
      // A stalled socket stays open until the client gives up or the emulator stops.
      if (fault === 'drip') this.drip(res);
      return;
    }
    const answered = this.answer(route, ctx);
    const reply = route && fault ? applyFault(fault, route.api, operation, ctx, answered) : answered;
    const record: RequestRecord = { operation, status: reply.status, query, at: ctx.now };
    const send = (): void => {
      this.collector.answered(record, reply.injected);
      res.writeHead(reply.status, {
        ...reply.headers,
        'x-amzn-requestid': ctx.requestId,
        'content-length': Buffer.byteLength(reply.body),
      });
      res.end(reply.body);
    };
    if (latencyMs <= 0) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, latencyMs);
    this.timers.add(timer);
  }

  /** Headers and the start of a JSON body at once, then a space every dripIntervalMs, never the end. */
  private drip(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"accountList": [');
    const timer = setInterval(() => res.write(' '), this.behaviour.dripIntervalMs);
    this.timers.add(timer);
    res.once('close', () => {
      clearInterval(timer);
      this.timers.delete(timer);
    });
  }

  /** Decides on arrival: the rate limit and faults apply now, even if the answer waits for latencyMs. */
  private answer(route: Route | undefined, ctx: RequestContext): Reply {
    if (!route) return portalError('UnknownOperationException', `No operation at ${ctx.method} ${ctx.path}`);
    try {
      if (route.api === 'portal' || route.api === 'organizations') {
        const injected = route.api === 'portal' ? this.behaviour.admit() : this.behaviour.admitOrg();
        if (injected) return injected;
      }
      return route.handle(ctx);
    } catch {
      // A bug in a handler must reach the client as a server error, not kill the emulator.
      if (route.api === 'sts') return stsError(500, 'InternalFailure', 'The emulator failed', ctx.requestId);
      if (route.api === 'oidc') return oidcError('InternalServerException', 'The emulator failed');
      if (route.api === 'organizations') return orgError('ServiceException', 'The emulator failed');
      if (route.api === 'signin') return { status: 500, headers: {}, body: 'The emulator failed\n' };
      return portalError('InternalServerException', 'The emulator failed');
    }
  }
}
