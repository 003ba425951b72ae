import { execFile } from 'node:child_process';
import { BEARER_HEADER } from '../../src/emulator/index.js';

export interface WireResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** One raw HTTP call, so that the tests see exactly what goes over the wire. */
export async function call(
  baseUrl: string,
  path: string,
  options: { token?: string; method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<WireResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers[BEARER_HEADER] = options.token;
  const res = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Narrows an unknown JSON value to the record shape the assertions read. */
export function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) throw new Error(`not an object: ${String(value)}`);
  return value as Record<string, unknown>;
}

export function runPython(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'python3',
      ['-c', script],
      // A clean AWS environment, so the developer's own config cannot leak into the test.
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let botocore: Promise<boolean> | undefined;

export function botocoreAvailable(): Promise<boolean> {
  botocore ??= runPython('import botocore', {}).then((r) => r.code === 0);
  return botocore;
}
