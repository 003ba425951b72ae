/**
 * The one place AWS SDK clients are built, from shared settings: region, no SDK-level retries
 * (the scheduler paces and retries, so it sees every 429), keep-alive sockets, timeouts and our
 * user agent. Endpoints are left to the SDK's standard resolution, so `AWS_ENDPOINT_URL_SSO`,
 * `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_STS` and `[services]` sections work as for any AWS tool.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { version } from '../version.js';

export interface ClientSettings {
  readonly region: string;
  readonly maxSockets?: number;
  readonly requestTimeoutMs?: number;
}

export function clientConfig(settings: ClientSettings) {
  const maxSockets = settings.maxSockets ?? 64;
  return {
    region: settings.region,
    maxAttempts: 1,
    // Resolve each command's middleware stack once, not on every call: discovery makes thousands.
    cacheMiddleware: true,
    customUserAgent: `aws-org-profiles/${version()}`,
    requestHandler: {
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
      connectionTimeout: 5_000,
      requestTimeout: settings.requestTimeoutMs ?? 30_000,
    },
  };
}
