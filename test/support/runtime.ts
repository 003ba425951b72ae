/**
 * Use cases run in process: a Runtime over a throwaway HOME, with a reporter that keeps every
 * notice. The AWS SDK finds the emulator through the standard endpoint variables of the process,
 * which `pointSdkAt` sets and the returned function restores.
 */
import type { Notice, Runtime } from '../../src/app/runtime.js';

export interface TestRuntime extends Runtime {
  readonly notices: Notice[];
}

export function testRuntime(env: Record<string, string | undefined>, cwd = env.HOME ?? '/'): TestRuntime {
  const notices: Notice[] = [];
  return { env, cwd, now: () => new Date(), reporter: { notify: (n) => notices.push(n) }, notices };
}

const ENDPOINTS = [
  'AWS_ENDPOINT_URL_SSO',
  'AWS_ENDPOINT_URL_SSO_OIDC',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_ORGANIZATIONS',
] as const;

/** Points the SDK clients of this process at `url`; returns the undo. */
export function pointSdkAt(url: string): () => void {
  const before = ENDPOINTS.map((k) => process.env[k]);
  for (const k of ENDPOINTS) process.env[k] = url;
  return () =>
    ENDPOINTS.forEach((k, i) => {
      if (before[i] === undefined) delete process.env[k];
      else process.env[k] = before[i];
    });
}
