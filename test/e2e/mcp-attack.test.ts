/**
 * `run_across_profiles` under attack, through the official MCP client, the built CLI, the real AWS
 * CLI and the emulator. First the attack itself, to show it is real: the AWS CLI takes `--deb` for
 * `--debug` and prints the cached SSO bearer token. Then the server refuses it and its kind before
 * anything runs, and a run never uses credentials from the server's own environment.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasAwsCli } from '../support/botocore.js';
import { runProgram } from '../support/cli.js';
import { connectMcp } from '../support/mcp-client.js';
import { account, World } from '../support/world.js';

interface ToolText {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

const WORKLOAD = 'myorg-workload-ReadOnlyAccess';
const ADMIN = 'myorg-admin-AdministratorAccess';

let world: World;
let token: string;
const clients: Client[] = [];

async function connect(extra: Record<string, string> = {}): Promise<Client> {
  const client = await connectMcp({ ...world.env, ...extra }, 'aws-org-profiles-attack-tests');
  clients.push(client);
  return client;
}

const run = async (client: Client, args: Record<string, unknown>) =>
  (await client.callTool({ name: 'run_across_profiles', arguments: args })) as ToolText;

beforeAll(async () => {
  world = await World.create({
    accounts: [
      account('600000000001', 'Workload', ['ReadOnlyAccess']),
      account('600000000002', 'Admin', ['AdministratorAccess']),
    ],
  });
  token = world.signIn();
  const sync = await world.cli('sync', '--all-roles');
  if (sync.code !== 0) throw new Error(sync.stderr);
  expect(world.config()).toContain(`[profile ${WORKLOAD}]`);
  expect(world.config()).toContain(`[profile ${ADMIN}]`);
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await world?.close();
});

describe.skipIf(!hasAwsCli)('run_across_profiles against a hostile agent', () => {
  it('the attack is real: the AWS CLI reads --deb as --debug and logs the bearer token', async () => {
    const direct = await runProgram('aws', ['sts', 'get-caller-identity', '--deb'], {
      ...world.env,
      AWS_PROFILE: WORKLOAD,
    });
    expect(direct.code).toBe(0);
    expect(direct.stderr).toContain('x-amz-sso_bearer_token');
    expect(direct.stderr).toContain(token);
  });

  it('refuses abbreviated and =value global options, file and URL values, secret reads, before running anything', async () => {
    const client = await connect();
    world.emulator.resetStats();
    const attacks: [string[], RegExp][] = [
      [['sts', 'get-caller-identity', '--deb'], /--debug/],
      [['ssm', 'get-parameter', '--name', 'x', '--deb'], /--debug/],
      [['sts', 'get-caller-identity', '--prof', ADMIN], /--profile/],
      [['sts', 'get-caller-identity', '--endpoint', 'http://127.0.0.1:9'], /--endpoint-url/],
      [['sts', 'get-caller-identity', '--endpoint-u=127.0.0.1:9'], /--endpoint-url/],
      [['sts', 'get-caller-identity', '--cli-input-j=file://~/.aws/sso/cache/x.json'], /file:\/\//],
      [['ssm', 'get-parameter', '--name=FILE:///etc/passwd'], /FILE:\/\//],
      [['ssm', 'get-parameter', '--name', '/app/db', '--with-d'], /--with-decryption/],
      [['secretsmanager', 'get-secret-value', '--secret-id', 'db'], /secret/],
      [['sts', 'get-caller-identity', '{accountName}'], /placeholders/],
      [['sts', 'get-caller-identity', '--output', 'bogus'], /--output must be one of/],
    ];
    for (const [args, message] of attacks) {
      const result = await run(client, { args, profile_match: WORKLOAD });
      expect(result.isError, JSON.stringify(args)).toBe(true);
      expect(result.content[0]!.text).toMatch(message);
      expect(JSON.stringify(result)).not.toContain(token);
    }
    // Nothing reached the portal or STS: no run started.
    expect(world.emulator.stats().totalRequests).toBe(0);
  });

  it('runs with the profile even when the server’s environment holds other credentials', async () => {
    const client = await connect({
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_SESSION_TOKEN: 'bogus-session-token',
      AWS_DEFAULT_PROFILE: ADMIN,
    });
    const result = await run(client, { args: ['sts', 'get-caller-identity'], profile_match: WORKLOAD });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as {
      failed: number;
      results: { profile: string; ok: boolean; output: { Account: string; Arn: string } }[];
    };
    expect(out.failed).toBe(0);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]!.output.Account).toBe('600000000001');
    expect(out.results[0]!.output.Arn).toMatch(/assumed-role\/AWSReservedSSO_ReadOnlyAccess_/);
  });
});

/**
 * A stand-in for the AWS CLI that leaks the cached SSO access token bare, where no field name
 * says it is a credential: as JSON under an innocent key (the workload profile, exit 0), and in
 * plain lines on stdout and stderr (the admin profile, exit 1, so its stderr comes back too).
 * The token is read from the real cache file, as a buggy or hostile CLI plugin could.
 */
const LEAKY_AWS = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const dir = join(process.env.HOME, '.aws', 'sso', 'cache');
const [token] = readdirSync(dir)
  .filter((n) => n.endsWith('.json'))
  .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')).accessToken);
if (process.env.AWS_PROFILE === ${JSON.stringify(WORKLOAD)}) {
  process.stdout.write(JSON.stringify({ Note: token }) + '\\n');
} else {
  process.stdout.write('hello ' + token + '\\n');
  process.stderr.write('hello ' + token + '\\n');
  process.exitCode = 1;
}
`;

function leakyAwsOnPath(): string {
  const bin = mkdtempSync(join(tmpdir(), 'aop-fake-aws-'));
  const script = join(bin, 'leaky-aws.cjs');
  writeFileSync(script, LEAKY_AWS);
  writeFileSync(join(bin, 'aws'), `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`);
  chmodSync(join(bin, 'aws'), 0o755);
  return bin;
}

describe.skipIf(process.platform === 'win32')('run_across_profiles output', () => {
  it('redacts the cached SSO token wherever a run prints it, on stdout, stderr and in JSON', async () => {
    const bin = leakyAwsOnPath();
    const PATH = `${bin}${delimiter}${world.env.PATH ?? ''}`;
    // The stand-in really prints the token of the cache file.
    const direct = await runProgram('aws', ['sts', 'get-caller-identity'], {
      ...world.env,
      PATH,
      AWS_PROFILE: ADMIN,
    });
    expect(direct.code).toBe(1);
    expect(direct.stdout).toBe(`hello ${token}\n`);
    expect(direct.stderr).toBe(`hello ${token}\n`);

    const client = await connect({ PATH });
    const result = await run(client, {
      args: ['sts', 'get-caller-identity'],
      profile_match: 'myorg-*',
    });
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as {
      succeeded: number;
      failed: number;
      results: { profile: string; ok: boolean; exitCode: number; output: unknown; error?: string }[];
    };
    expect(out.results.map((r) => [r.profile, r.ok, r.exitCode])).toEqual([
      [ADMIN, false, 1],
      [WORKLOAD, true, 0],
    ]);
    expect(out.results[0]!.output).toBe('hello [redacted]\n');
    expect(out.results[0]!.error).toBe('hello [redacted]');
    expect(out.results[1]!.output).toEqual({ Note: '[redacted]' });
    expect(JSON.stringify(result)).not.toContain(token);
    expect(result.content[0]!.text).toContain('[redacted]');
    expect(result.content[0]!.text).not.toContain(token);
  });
});
