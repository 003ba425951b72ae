/**
 * `console` as a user runs it: the built program against the emulator, a browser that is a script
 * recording its argument, and the bearer link kept out of everything but stdout under `--url`.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { account, sessionSection, World } from '../support/world.js';

const org = { accounts: [account('210987654321', 'Payments Prod', ['ReadOnlyAccess'])] };
const PROFILE = 'myorg-payments-prod-ReadOnlyAccess';
const config =
  sessionSection() +
  `[profile ${PROFILE}]\nsso_session = myorg\nsso_account_id = 210987654321\nsso_role_name = ReadOnlyAccess\nregion = eu-west-1\nsso_account_name = Payments Prod\n`;

const worlds: World[] = [];
async function world(): Promise<World> {
  const w = await World.create(org, { config });
  worlds.push(w);
  return w;
}
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

async function accepted(url: string) {
  const res = await fetch(url, { redirect: 'manual' });
  return [res.status, res.headers.get('x-emulator-account-id'), res.headers.get('x-emulator-role-name')];
}

/** A browser that writes the URL it was given into a file. */
function recordingBrowser(w: World): { program: string; seen: () => string } {
  const file = join(w.home, 'opened-url');
  const program = join(w.home, 'browser.sh');
  writeFileSync(program, `#!/bin/sh\nprintf '%s' "$1" > '${file}'\n`);
  chmodSync(program, 0o700);
  return {
    program,
    seen: () => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return '';
      }
    },
  };
}

describe('console', () => {
  it('--url prints the URL alone on stdout, and the emulator accepts it for the account and role', async () => {
    const w = await world();
    w.signIn();
    const result = await w.cli('console', PROFILE, '--url');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/federation\?Action=login&\S+\n$/);
    expect(result.stderr).toContain('account 210987654321 (Payments Prod) as ReadOnlyAccess in eu-west-1');
    expect(result.stderr).toContain('bearer link');
    expect(await accepted(result.stdout.trim())).toEqual([302, '210987654321', 'ReadOnlyAccess']);
  });

  it('opens the URL with $BROWSER and prints whose console it opened; --json has no URL then', async () => {
    const w = await world();
    w.signIn();
    const browser = recordingBrowser(w);
    // No browser at all: an error that says what to do, not a silent success.
    const none = await runCli(['console', PROFILE], { env: { ...w.env, BROWSER: join(w.home, 'nothing') } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no browser could be started');
    const opened = await runCli(['console', PROFILE, '--service', 'ec2', '--json'], {
      env: { ...w.env, BROWSER: browser.program },
    });
    expect(opened.code, opened.stderr).toBe(0);
    expect(JSON.parse(opened.stdout)).toEqual({
      version: 1,
      profile: PROFILE,
      accountId: '210987654321',
      accountName: 'Payments Prod',
      role: 'ReadOnlyAccess',
      region: 'eu-west-1',
      destination: 'https://console.aws.amazon.com/ec2/home?region=eu-west-1',
      opened: true,
    });
    expect(opened.stdout + opened.stderr).not.toContain('SigninToken');
    await expect.poll(browser.seen, { timeout: 5000 }).toContain('SigninToken=');
    expect(await accepted(browser.seen())).toEqual([302, '210987654321', 'ReadOnlyAccess']);
  });

  it('--url --json gives the URL in a url field', async () => {
    const w = await world();
    w.signIn();
    const result = await w.cli('console', PROFILE, '--url', '--json', '--region', 'us-east-1');
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as { url: string; region: string; opened: boolean };
    expect(doc).toMatchObject({ region: 'us-east-1', opened: false });
    expect((await accepted(doc.url))[0]).toBe(302);
  });

  it('puts nothing of the URL, the token or the credentials into --debug output', async () => {
    const w = await world();
    w.signIn();
    const result = await w.cli('--debug', 'console', PROFILE, '--url');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/debug: GetSigninToken 127\.0\.0\.1:\d+: HTTP 200/);
    const url = new URL(result.stdout.trim());
    const token = url.searchParams.get('SigninToken')!;
    expect(result.stderr).not.toContain(token);
    expect(result.stderr).not.toContain(token.slice(0, 24));
    expect(result.stderr).not.toContain('federation?');
    const cached = await w.cli('credentials', '--profile', PROFILE);
    const { SecretAccessKey, SessionToken } = JSON.parse(cached.stdout) as Record<string, string>;
    expect(result.stderr).not.toContain(SecretAccessKey);
    expect(result.stderr).not.toContain(SessionToken!.slice(0, 24));
  });

  it('exits 3 with the sign-in command for an expired session, 1 on a federation error, 2 on a bad duration', async () => {
    const w = await world();
    w.signIn('myorg', new Date(Date.now() - 60_000));
    const expired = await w.cli('console', PROFILE, '--url');
    expect(expired.code).toBe(3);
    expect(expired.stdout).toBe('');
    expect(expired.stderr).toContain('aws-org-profiles login --sso-session myorg');

    w.signIn();
    w.emulator.setOptions({ faults: [{ mode: 'hostile-error', operations: ['GetSigninToken'] }] });
    const refused = await w.cli('console', PROFILE, '--url', '--json');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `the sign-in endpoint ${new URL(w.emulator.url).host} refused the role credentials (HTTP 400)`,
    );
    expect(refused.stderr).not.toContain('\x1b');
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'FEDERATION_FAILED', exitCode: 1 } });

    const duration = await w.cli('console', PROFILE, '--url', '--duration', '60');
    expect(duration.code).toBe(2);
    expect(duration.stderr).toContain('from 900 to 43200');
  });

  it('says in --help that the URL is a bearer link', async () => {
    const w = await world();
    const help = await w.cli('console', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('bearer link, good for about 15 minutes');
  });
});
