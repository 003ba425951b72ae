/**
 * `exec` as a user runs it: the built program starts a command with a profile's role credentials
 * (from the emulator's portal, through the credential cache), passes signals on, and exits as the
 * command did, with nothing of its own on stdout.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasAwsCli } from '../support/botocore.js';
import { BIN, runCli, type CliResult } from '../support/cli.js';
import { account, sessionSection, World } from '../support/world.js';

const org = { accounts: [account('210987654321', 'Payments Prod', ['ReadOnlyAccess'])] };
const PROFILE = 'myorg-payments-prod-ReadOnlyAccess';
const config =
  sessionSection() +
  `[profile ${PROFILE}]\nsso_session = myorg\nsso_account_id = 210987654321\nsso_role_name = ReadOnlyAccess\nregion = eu-west-1\n` +
  `[profile no-region]\nsso_session = myorg\nsso_account_id = 210987654321\nsso_role_name = ReadOnlyAccess\n`;

const worlds: World[] = [];
async function world(): Promise<World> {
  const w = await World.create(org, { config });
  worlds.push(w);
  w.signIn();
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

const node = process.execPath;
const PRINT_ENV =
  'const e = {}; for (const [k, v] of Object.entries(process.env)) if (k.startsWith("AWS_") && !k.startsWith("AWS_ENDPOINT_URL")) e[k] = v; console.log(JSON.stringify(e))';

/** Runs the CLI and calls `act` with it once its stdout shows `ready`. */
function runUntilReady(
  w: World,
  args: string[],
  act: (child: ChildProcess, stdout: string) => void,
): Promise<CliResult> {
  let child: ChildProcess | undefined;
  let acted = false;
  let seen = '';
  return runCli(args, {
    env: w.env,
    timeoutMs: 30_000,
    onSpawn: (c) => {
      child = c;
      c.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (!acted && seen.includes('ready')) {
          acted = true;
          act(child!, seen);
        }
      });
    },
  });
}

describe('exec', () => {
  it("gives the command the profile's credentials and region, and no other credentials or profile", async () => {
    const w = await world();
    const env = {
      ...w.env,
      AWS_PROFILE: 'someone-else',
      AWS_DEFAULT_PROFILE: 'someone-older',
      AWS_ACCESS_KEY_ID: 'AKIAPARENT',
      AWS_SECURITY_TOKEN: 'parent',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/parent/token',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
      AWS_BEARER_TOKEN_BEDROCK: 'parent',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: w.configPath,
    };
    const result = await runCli(['exec', PROFILE, '--', node, '-e', PRINT_ENV], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const seen = JSON.parse(result.stdout) as Record<string, string>;
    const cached = JSON.parse((await w.cli('credentials', '--profile', PROFILE)).stdout) as Record<
      string,
      string
    >;
    expect(seen).toEqual({
      AWS_ACCESS_KEY_ID: cached.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: cached.SecretAccessKey,
      AWS_SESSION_TOKEN: cached.SessionToken,
      AWS_CREDENTIAL_EXPIRATION: cached.Expiration,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_CONFIG_FILE: w.configPath,
      AWS_ORG_PROFILES_EXEC: PROFILE,
    });
    // A profile without a region keeps the one the environment names.
    const regionless = await runCli(['exec', 'no-region', '--', node, '-e', PRINT_ENV], { env });
    expect(JSON.parse(regionless.stdout)).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
    });
  });

  it('uses the credential cache (a second exec asks the portal for nothing), and never prints the credentials', async () => {
    const w = await world();
    const first = await w.cli('--debug', 'exec', PROFILE, '--', 'true');
    expect(first).toMatchObject({ code: 0, stdout: '' });
    expect(first.stderr).toContain('debug: GetRoleCredentials');
    expect((await w.cli('exec', PROFILE, '--', 'true')).code).toBe(0);
    expect(w.emulator.stats().byOperation.GetRoleCredentials).toBe(1);
    // Not even --debug shows the credentials.
    const cached = JSON.parse((await w.cli('credentials', '--profile', PROFILE)).stdout) as Record<
      string,
      string
    >;
    for (const secret of [cached.SecretAccessKey!, cached.SessionToken!.slice(0, 24), cached.AccessKeyId!]) {
      expect(first.stderr).not.toContain(secret);
    }
  });

  it("exits with the command's code, 127 when there is no such command", async () => {
    const w = await world();
    const three = await w.cli(
      'exec',
      PROFILE,
      '--',
      node,
      '-e',
      'process.stdout.write("out"); process.exit(3)',
    );
    expect(three).toEqual({ code: 3, stdout: 'out', stderr: '' });
    const missing = await w.cli('exec', PROFILE, '--', 'no-such-command-here', 'x');
    expect(missing.code).toBe(127);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('cannot run "no-such-command-here": no such program on PATH');
    const script = join(w.home, 'not-executable.sh');
    writeFileSync(script, '#!/bin/sh\necho never\n', { mode: 0o600 });
    const denied = await w.cli('exec', PROFILE, '--', script);
    expect(denied).toMatchObject({ code: 126, stdout: '' });
    expect(denied.stderr).toContain('it is not executable');
    // The command's own options before a missing --: a usage error that says where they go.
    const undashed = await w.cli('exec', PROFILE, node, '--print', '1');
    expect(undashed.code).toBe(2);
    expect(undashed.stderr).toContain(
      'Put the command to run after --, e.g. aws-org-profiles exec PROFILE --',
    );
  });

  it('passes SIGTERM and (off a terminal) SIGINT on to the command, and exits with its code', async () => {
    const w = await world();
    const trap = (signal: string, code: number) =>
      `process.on("${signal}", () => process.exit(${code})); console.log("ready"); setInterval(() => {}, 1000)`;
    const term = await runUntilReady(w, ['exec', PROFILE, '--', node, '-e', trap('SIGTERM', 42)], (c) =>
      c.kill('SIGTERM'),
    );
    expect(term).toMatchObject({ code: 42, stdout: 'ready\n', stderr: '' });
    const int = await runUntilReady(w, ['exec', PROFILE, '--', node, '-e', trap('SIGINT', 43)], (c) =>
      c.kill('SIGINT'),
    );
    expect(int.code).toBe(43);
    const hup = await runUntilReady(w, ['exec', PROFILE, '--', node, '-e', trap('SIGHUP', 44)], (c) =>
      c.kill('SIGHUP'),
    );
    expect(hup.code).toBe(44);
  });

  it('exits 128 + the signal when a signal ends the command', async () => {
    const w = await world();
    const killed = await runUntilReady(
      w,
      ['exec', PROFILE, '--', node, '-e', 'console.log("ready " + process.pid); setInterval(() => {}, 1000)'],
      (_, stdout) => process.kill(Number(/ready (\d+)/.exec(stdout)![1]), 'SIGKILL'),
    );
    expect(killed.code).toBe(137);
    // An untrapped SIGTERM passed on ends the command the same way.
    const term = await runUntilReady(
      w,
      ['exec', PROFILE, '--', node, '-e', 'console.log("ready"); setInterval(() => {}, 1000)'],
      (c) => c.kill('SIGTERM'),
    );
    expect(term.code).toBe(143);
  });

  it('warns on stderr when run inside another exec, and runs', async () => {
    const w = await world();
    const outer = await w.cli(
      'exec',
      PROFILE,
      '--',
      node,
      BIN,
      'exec',
      'no-region',
      '--',
      node,
      '-e',
      'console.log("inner")',
    );
    expect(outer.code, outer.stderr).toBe(0);
    expect(outer.stdout).toBe('inner\n');
    expect(outer.stderr).toContain(`already inside aws-org-profiles exec for profile ${PROFILE}`);
  });

  it.skipIf(!hasAwsCli)('lets the AWS CLI call STS with no --profile', async () => {
    const w = await world();
    const result = await w.cli(
      'exec',
      PROFILE,
      '--',
      'aws',
      'sts',
      'get-caller-identity',
      '--output',
      'json',
    );
    expect(result.code, result.stderr).toBe(0);
    const identity = JSON.parse(result.stdout) as { Account: string; Arn: string };
    expect(identity.Account).toBe('210987654321');
    expect(identity.Arn).toContain('AWSReservedSSO_ReadOnlyAccess');
  });
});
