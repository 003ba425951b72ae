import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './error-replies.js';

/**
 * Which API a route belongs to. Only 'portal' routes pass the rate limit and fault injection;
 * 'oidc' is SSO-OIDC (/client/register, /device_authorization, /token) and its browser pages;
 * 'organizations' is AWS Organizations (JSON 1.1 on `POST /`, like STS), with its own rate limit;
 * 'signin' is the console sign-in federation endpoint (`GET /federation`).
 */
export type Api = 'portal' | 'sts' | 'oidc' | 'organizations' | 'signin';

export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  requestId: string;
  /** Epoch ms at arrival; every time check in one request uses it. */
  now: number;
}

export interface Route {
  method: string;
  path: string;
  api: Api;
  /** The operation name for stats; STS shares one path between actions, hence a function. */
  operation: string | ((ctx: RequestContext) => string);
  handle(ctx: RequestContext): Reply;
  /**
   * For routes that share a method and path: whether this one takes the request (e.g. by its
   * X-Amz-Target header). A path has at most one route without it, which takes the rest.
   */
  claims?: (ctx: RequestContext) => boolean;
  /**
   * What the request log keeps of the request; default: the query string. Routes whose query or
   * body carries codes or secrets say what is safe to keep.
   */
  loggedQuery?: (ctx: RequestContext) => Record<string, string>;
}

/**
 * Exact method + path lookup: every AWS route here is a fixed path with its input in the query or
 * body. Where APIs share a path (`POST /`: STS and Organizations), the routes that claim a request
 * are asked first, in the order added, and the one without a claim takes what is left.
 */
export class Router {
  private readonly routes = new Map<string, Route[]>();

  add(...routes: Route[]): this {
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const list = this.routes.get(key) ?? [];
      if (!route.claims && list.some((r) => !r.claims)) throw new Error(`route ${key} registered twice`);
      list.push(route);
      // Claiming routes first, in the order added (the sort is stable), the fallback last.
      this.routes.set(
        key,
        list.sort((a, b) => Number(!a.claims) - Number(!b.claims)),
      );
    }
    return this;
  }

  match(ctx: RequestContext): Route | undefined {
    return this.routes.get(`${ctx.method} ${ctx.path}`)?.find((r) => !r.claims || r.claims(ctx));
  }
}

export function operationOf(route: Route, ctx: RequestContext): string {
  return typeof route.operation === 'string' ? route.operation : route.operation(ctx);
}

/** One value of a header; Node joins repeated unknown headers, which no AWS client sends. */
export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
