import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './error-replies.js';

/**
 * Which API a route belongs to. Only 'portal' routes pass the rate limit and fault injection;
 * 'oidc' is SSO-OIDC (/client/register, /device_authorization, /token) and its browser pages.
 */
export type Api = 'portal' | 'sts' | 'oidc';

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
   * What the request log keeps of the request; default: the query string. Routes whose query or
   * body carries codes or secrets say what is safe to keep.
   */
  loggedQuery?: (ctx: RequestContext) => Record<string, string>;
}

/** Exact method + path lookup: every AWS route here is a fixed path with its input in the query or body. */
export class Router {
  private readonly routes = new Map<string, Route>();

  add(...routes: Route[]): this {
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (this.routes.has(key)) throw new Error(`route ${key} registered twice`);
      this.routes.set(key, route);
    }
    return this;
  }

  match(method: string, path: string): Route | undefined {
    return this.routes.get(`${method} ${path}`);
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
