/**
 * `init` on a terminal, in process, with streams that stand for one: the questions for what is
 * missing, answers checked and asked again, and no question at all when stdin is no terminal.
 */
import { readFileSync, rmSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { prompter } from '../../src/cli/prompt.js';
import { AppError } from '../../src/core/errors.js';
import { generateOrganization } from '../../src/emulator/index.js';
import { pointSdkAt } from '../support/runtime.js';
import { START_URL, World } from '../support/world.js';

/** A stream that says it is a terminal (or not), fed by the test. */
function input(isTTY: boolean): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY });
}

function output(isTTY: boolean) {
  const out = { text: '', isTTY, write: (s: string) => ((out.text += s), true) };
  return out;
}

/** Resolves once `check` holds, checking every few milliseconds. */
async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('prompter', () => {
  const URL_CHECK = (a: string) =>
    a.startsWith('https://') ? undefined : 'the start URL must begin with https://';

  it('asks again until the answer passes its check, and keeps answers typed ahead', async () => {
    const stdin = input(true);
    const stderr = output(true);
    const ask = prompter(stdin, stderr);
    stdin.write('ftp://x\n  https://a.example.com/start  \neu-west-1\n');
    expect(await ask.ask({ text: 'URL: ', check: URL_CHECK })).toBe('https://a.example.com/start');
    expect(await ask.ask({ text: 'Region: ', check: () => undefined })).toBe('eu-west-1');
    ask.close();
    expect(stderr.text).toBe('URL: The start URL must begin with https://.\nURL: Region: ');
  });

  it('fails as a usage error when the input ends, or no answer comes in time', async () => {
    const ended = input(true);
    const ask = prompter(ended, output(true));
    ended.end('ftp://x\n');
    const error: unknown = await ask.ask({ text: 'URL: ', check: URL_CHECK }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('USAGE');
    expect((error as AppError).message).toBe('the input ended before the question was answered.');

    const silent = prompter(input(true), output(true), 50);
    const late: unknown = await silent.ask({ text: 'URL: ', check: URL_CHECK }).catch((e: unknown) => e);
    silent.close();
    expect((late as AppError).code).toBe('USAGE');
  });
});

describe('init in a terminal', () => {
  let world: World | undefined;
  let restore: (() => void) | undefined;
  afterEach(async () => {
    restore?.();
    await world?.close();
  });

  it('asks for the start URL and the region, checks them, then writes the section and signs in', async () => {
    world = await World.create(generateOrganization({ accounts: 2, rolesPerAccount: 1, seed: 3 }), {
      deviceInterval: 1,
    });
    rmSync(world.configPath);
    restore = pointSdkAt(world.emulator.url);
    const stdin = input(true);
    const stderr = output(true);
    const stdout = output(false);
    const io = {
      env: { HOME: world.home, NO_COLOR: '1', AWS_ENDPOINT_URL_SSO_OIDC: world.emulator.url },
      cwd: world.home,
      now: () => new Date(),
      stdin,
      stdout,
      stderr,
      debug: false,
    };
    const run = main(['init', '--use-device-code', '--no-browser'], () => io, {
      serveMcp: () => Promise.resolve(0),
    });
    await until(() => stderr.text.includes('AWS access portal URL'));
    stdin.write('http://d-0000000000.awsapps.com/start\n');
    await until(() => stderr.text.includes('must begin with https://'));
    stdin.write(`${START_URL}\n`);
    await until(() => stderr.text.includes('IAM Identity Center region'));
    stdin.write('Frankfurt\neu-central-1\n');
    await until(() => /^ {2}(http\S+)$/m.test(stderr.text));
    await fetch(/^ {2}(http\S+)$/m.exec(stderr.text)![1]!);
    expect(await run).toBe(0);
    expect(stderr.text).toContain('The region is not an AWS region name such as eu-central-1.\n');
    expect(readFileSync(world.configPath, 'utf8')).toBe(
      `[sso-session d-0000000000]\nsso_start_url = ${START_URL}\nsso_region = eu-central-1\nsso_registration_scopes = sso:account:access\n`,
    );
    expect(stdout.text).toMatch(
      /^Added \[sso-session d-0000000000\] to ~\/\.aws\/config\.\nSigned in to sso-session d-0000000000 until \d{4}-\d\d-\d\d \d\d:\d\d UTC /,
    );
  });

  it('asks nothing when stdin is not a terminal, even when it stays open', async () => {
    const stdin = input(false);
    const stderr = output(true);
    const io = {
      env: { HOME: '/nonexistent', NO_COLOR: '1' },
      cwd: '/',
      now: () => new Date(),
      stdin,
      stdout: output(false),
      stderr,
      debug: false,
    };
    const code = await main(['init', '--start-url', START_URL], () => io, {
      serveMcp: () => Promise.resolve(0),
    });
    expect(code).toBe(2);
    expect(stderr.text).toBe(
      'error: init needs --sso-region (nothing is asked when the input is not a terminal).\n' +
        'For example: aws-org-profiles init --start-url https://acme.awsapps.com/start --sso-region eu-central-1\n',
    );
  });
});
