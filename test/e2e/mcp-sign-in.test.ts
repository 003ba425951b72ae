/**
 * Sign-in from inside the agent: the MCP server's sign_in tool, driven by the official MCP client
 * over stdio against the built CLI and the emulator. Opening the verification URL with a GET is
 * the user approving (`&deny=1`: denying) the request.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { tokenCachePath } from '../../src/sso/token-cache.js';
import { hasAwsCli } from '../support/botocore.js';
import { runProgram } from '../support/cli.js';
import { startMcp, type McpSession } from '../support/mcp-client.js';
import { account, sessionSection, SSO_REGION, World } from '../support/world.js';

interface ToolText {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

interface Pending {
  session: string;
  state: string;
  verificationUriComplete: string;
  userCode: string;
  expiresAt: string;
  instruction: string;
  elicitation?: string;
  previousAttempt?: { reason: string; message: string };
}

interface Status {
  name: string;
  state: string;
  fix?: string;
  signInPending?: { verificationUriComplete: string; userCode: string };
  lastSignInError?: { reason: string; message: string };
}

const PROFILE = 'myorg-workload-ReadOnlyAccess';
const CONFIG =
  sessionSection() +
  `\n[profile ${PROFILE}]\nsso_session = myorg\nsso_account_id = 600000000001\nsso_role_name = ReadOnlyAccess\nregion = ${SSO_REGION}\n`;
/** Raw control, C1 and bidi characters: never in a tool result. */
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]/;

let world: World | undefined;
const sessions: McpSession[] = [];
/** Every tool result text this file saw. */
const seen: string[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) await s.client.close();
  await world?.close();
  world = undefined;
});

async function setUp(
  options: Omit<EmulatorOptions, 'org'> = {},
  mcp: Parameters<typeof startMcp>[2] = {},
): Promise<{ w: World; client: Client; mcp: McpSession }> {
  const w = await World.create(
    { accounts: [account('600000000001', 'Workload', ['ReadOnlyAccess'])] },
    { config: CONFIG, ...options },
  );
  world = w;
  const session = await startMcp(w.env, 'sign-in-tests', mcp);
  sessions.push(session);
  return { w, client: session.client, mcp: session };
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolText> {
  const result = (await client.callTool({ name, arguments: args })) as ToolText;
  for (const c of result.content) if (c.text) seen.push(c.text);
  expect(result.content[0]!.text).not.toMatch(RAW);
  return result;
}

const data = <T>(result: ToolText): T => result.structuredContent as T;
const signIn = async (client: Client, args: Record<string, unknown> = {}) =>
  data<Pending>(await call(client, 'sign_in', args));
const status = async (client: Client) =>
  data<{ sessions: Status[] }>(await call(client, 'session_status')).sessions[0]!;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const tokenFile = (w: World) => tokenCachePath({ HOME: w.home }, 'myorg');
const ops = (w: World, op: string) => w.emulator.stats().byOperation[op] ?? 0;

describe('sign_in', () => {
  it('returns the page and code at once, signs in in the background as login does, and never shows the token', async () => {
    const { w, client, mcp } = await setUp({}, { args: ['--debug'] });
    expect((await status(client)).state).toBe('missing');
    const started = Date.now();
    const pending = await signIn(client);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(pending).toMatchObject({ session: 'myorg', state: 'pending' });
    expect(pending.verificationUriComplete).toBe(
      `${w.emulator.url}/device?user_code=${encodeURIComponent(pending.userCode)}`,
    );
    expect(pending.userCode).toMatch(/^[A-Z]{4}-[A-Z]{4}$/);
    expect(Date.parse(pending.expiresAt) - Date.now()).toBeGreaterThan(500_000);
    expect(pending.instruction).toContain(pending.userCode);
    expect(pending.instruction).toContain('session_status');
    expect(existsSync(tokenFile(w))).toBe(false);
    const waiting = await status(client);
    expect(waiting).toMatchObject({ state: 'missing', signInPending: { userCode: pending.userCode } });

    // The user opens the page; the server's background polling takes the token.
    expect((await fetch(pending.verificationUriComplete)).status).toBe(200);
    await until('signed-in', async () => ((await status(client)).state === 'signed-in' ? true : undefined));
    const after = await status(client);
    expect(after.fix).toBeUndefined();
    expect(after.signInPending).toBeUndefined();

    // The token cache exactly as `login` writes it (AWS CLI v2's format), private to the user.
    expect(statSync(tokenFile(w)).mode & 0o777).toBe(0o600);
    const cached = JSON.parse(readFileSync(tokenFile(w), 'utf8')) as Record<string, string>;
    expect(Object.keys(cached)).toEqual([
      'startUrl',
      'region',
      'accessToken',
      'expiresAt',
      'clientId',
      'clientSecret',
      'registrationExpiresAt',
      'refreshToken',
    ]);
    expect(cached.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(ops(w, 'RegisterClient')).toBe(1);
    expect(ops(w, 'StartDeviceAuthorization')).toBe(1);

    // Signed in: nothing more to do, and no new flow.
    const again = await signIn(client);
    expect(again).toMatchObject({ state: 'signed-in', session: 'myorg' });
    expect(ops(w, 'StartDeviceAuthorization')).toBe(1);
    const check = await call(client, 'check_profile', { profile: PROFILE });
    expect(check.isError).toBeFalsy();
    if (hasAwsCli) {
      const aws = await runProgram('aws', ['sts', 'get-caller-identity', '--profile', PROFILE], w.env);
      expect(aws.code).toBe(0);
      expect(aws.stdout).toContain('600000000001');
    }
    // force starts a new flow even though the token looks valid; the cached registration is reused.
    const forced = await signIn(client, { force: true });
    expect(forced.state).toBe('pending');
    expect(forced.userCode).not.toBe(pending.userCode);
    expect(ops(w, 'RegisterClient')).toBe(1);

    for (const secret of [cached.accessToken!, cached.refreshToken!, cached.clientSecret!]) {
      for (const text of seen) expect(text).not.toContain(secret);
      expect(mcp.stderr()).not.toContain(secret);
    }
  });

  it('gives a second call while pending the same page and code, and two calls at once share one flow', async () => {
    const { w, client } = await setUp();
    const [a, b] = await Promise.all([signIn(client), signIn(client)]);
    expect(a.state).toBe('pending');
    expect(b).toMatchObject({ userCode: a.userCode, verificationUriComplete: a.verificationUriComplete });
    const c = await signIn(client);
    expect(c).toMatchObject({ state: 'pending', userCode: a.userCode, expiresAt: a.expiresAt });
    expect(ops(w, 'StartDeviceAuthorization')).toBe(1);
    expect(ops(w, 'RegisterClient')).toBe(1);
    await fetch(a.verificationUriComplete);
    await until('signed-in', async () => ((await status(client)).state === 'signed-in' ? true : undefined));
    expect(ops(w, 'StartDeviceAuthorization')).toBe(1);
  });

  it('lets a flow expire as the server says, then starts a new one', async () => {
    const { w, client } = await setUp({ deviceCodeTtlSeconds: 2 });
    const first = await signIn(client);
    expect(Date.parse(first.expiresAt) - Date.now()).toBeLessThanOrEqual(2000);
    await new Promise((r) => setTimeout(r, 2600));
    expect((await fetch(first.verificationUriComplete)).status).toBe(404);
    const second = await signIn(client);
    expect(second.state).toBe('pending');
    expect(second.userCode).not.toBe(first.userCode);
    expect(second.previousAttempt).toMatchObject({ reason: 'expired' });
    expect(ops(w, 'StartDeviceAuthorization')).toBe(2);
    await fetch(second.verificationUriComplete);
    await until('signed-in', async () => ((await status(client)).state === 'signed-in' ? true : undefined));
  });

  it('reports a request the user denied once, in session_status, then starts over', async () => {
    const { w, client } = await setUp();
    const first = await signIn(client);
    expect((await fetch(`${first.verificationUriComplete}&deny=1`)).status).toBe(200);
    const denied = await until('the denial', async () => {
      const s = await status(client);
      return s.lastSignInError ? s : undefined;
    });
    expect(denied.state).toBe('missing');
    expect(denied.lastSignInError).toMatchObject({ reason: 'denied' });
    expect(denied.lastSignInError!.message).toContain('denied');
    expect(denied.signInPending).toBeUndefined();
    // Once only.
    expect((await status(client)).lastSignInError).toBeUndefined();
    const again = await signIn(client);
    expect(again).toMatchObject({ state: 'pending' });
    expect(again.userCode).not.toBe(first.userCode);
    expect(ops(w, 'StartDeviceAuthorization')).toBe(2);
    expect(existsSync(tokenFile(w))).toBe(false);
  });

  it('reports a denial by the server (hostile message included) in the next sign_in, then starts over', async () => {
    const { w, client } = await setUp({ faults: [{ mode: 'hostile-error', operations: ['CreateToken'] }] });
    await signIn(client);
    // The first poll is denied; until then a call joins the pending flow.
    const failed = await until('the denial', async () => {
      const r = await signIn(client);
      return r.state === 'failed' ? r : undefined;
    });
    const text = JSON.stringify(failed);
    expect(failed).toMatchObject({ session: 'myorg', lastError: { reason: 'denied' } });
    expect(failed.instruction).toMatch(/denied/);
    expect(text).not.toMatch(RAW);
    expect(ops(w, 'StartDeviceAuthorization')).toBe(1);
    const again = await signIn(client);
    expect(again.state).toBe('pending');
    expect(ops(w, 'StartDeviceAuthorization')).toBe(2);
  });

  it('stops at once when the host closes the server mid-flow: the process exits, nothing is written later', async () => {
    const { w, client } = await setUp();
    const pending = await signIn(client);
    await new Promise((r) => setTimeout(r, 1200)); // at least one poll in flight or done
    const closing = Date.now();
    // The client ends the server's stdin and waits up to 2 s before it sends SIGTERM.
    await client.close();
    sessions.length = 0;
    expect(Date.now() - closing).toBeLessThan(1500);
    const closed = Date.now();
    expect((await fetch(pending.verificationUriComplete)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2500));
    expect(existsSync(tokenFile(w))).toBe(false);
    const late = w.emulator.requests().filter((r) => r.operation === 'CreateToken' && r.at > closed);
    expect(late).toEqual([]);
  });

  it('sends the page through URL-mode elicitation to a client that declares it, and notifies completion', async () => {
    const asked: { mode?: string; url?: string; elicitationId?: string; message?: string }[] = [];
    let completed!: (id: string) => void;
    const completion = new Promise<string>((resolve) => (completed = resolve));
    const { client } = await setUp(
      {},
      {
        capabilities: { elicitation: { url: {} } },
        prepare: (c) => {
          c.setRequestHandler('elicitation/create', (request) => {
            asked.push(request.params);
            // The host opens the page for the user, who approves.
            void fetch((request.params as { url: string }).url);
            return { action: 'accept' };
          });
          c.setNotificationHandler('notifications/elicitation/complete', (n) =>
            completed(n.params.elicitationId),
          );
        },
      },
    );
    const pending = await signIn(client);
    expect(pending).toMatchObject({ state: 'pending', elicitation: 'accepted' });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ mode: 'url', url: pending.verificationUriComplete });
    expect(asked[0]!.message).toContain(pending.userCode);
    expect(await completion).toBe(asked[0]!.elicitationId);
    expect((await status(client)).state).toBe('signed-in');
  });

  it('says when the user declines the elicitation, and keeps the page valid', async () => {
    const { client } = await setUp(
      {},
      {
        capabilities: { elicitation: { url: {} } },
        prepare: (c) => c.setRequestHandler('elicitation/create', () => ({ action: 'decline' })),
      },
    );
    const pending = await signIn(client);
    expect(pending).toMatchObject({ state: 'pending', elicitation: 'declined' });
    expect(pending.instruction).toContain('declined');
    expect(pending.verificationUriComplete).toMatch(/user_code=/);
    // No second prompt of the same flow.
    expect((await signIn(client)).elicitation).toBe('sent-before');
    expect((await status(client)).signInPending?.userCode).toBe(pending.userCode);
  });

  it('makes a tool that fails on a missing or expired session say to call sign_in', async () => {
    const { w, client } = await setUp();
    const missing = await call(client, 'check_profile', { profile: PROFILE });
    expect(missing.isError).toBe(true);
    expect(missing.content[0]!.text).toContain('Call the sign_in tool with {"sso_session":"myorg"}');
    w.signIn('myorg', new Date(Date.now() - 60_000));
    const expired = await call(client, 'check_profile', { profile: PROFILE });
    expect(expired.content[0]!.text).toContain('Call the sign_in tool with {"sso_session":"myorg"}');
    const s = await status(client);
    expect(s.state).toBe('expired');
    expect(s.fix).toContain('sign_in');
    const unknown = await call(client, 'sign_in', { sso_session: 'nope\u202e\x1b[2J' });
    expect(unknown.isError).toBe(true);
    expect(unknown.content[0]!.text).toContain('no [sso-session nope');
  });

  it.skipIf(!hasAwsCli)(
    'makes run_across_profiles say to call sign_in when the portal refuses the token mid-way',
    async () => {
      const { w, client } = await setUp();
      w.emulator.revokeToken(w.signIn());
      const result = await call(client, 'run_across_profiles', { args: ['sts', 'get-caller-identity'] });
      const out = data<{ failed: number; results: { failure?: string }[]; signIn?: string }>(result);
      expect(out.failed).toBe(1);
      expect(out.results[0]!.failure).toBe('auth');
      expect(out.signIn).toContain('Call the sign_in tool with {"force":true}');
    },
  );
});
