/**
 * `aws-org-profiles demo`: the whole flow on the built-in emulator, in a throwaway HOME. Each
 * step runs the real CLI as a child process, exactly as a user would type it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usageError } from '../core/errors.js';
import { demoOrganization, generateOrganization, IdentityCenterEmulator } from '../emulator/index.js';
import { signIn } from './emulator.js';
import { shellQuote } from '../core/shell.js';
import { styleFor, useColor, type Io } from './io.js';

export interface DemoOptions {
  readonly accounts?: string;
  readonly keep?: boolean;
}

const bin = fileURLToPath(new URL('../bin.js', import.meta.url));

const USER_CONFIG = `# My own settings: aws-org-profiles leaves every byte of them alone.
[default]
region = eu-west-1 ; my inline note
output = json

[profile hand-made]
role_arn = arn:aws:iam::111111111111:role/Legacy
source_profile = default
s3 =
  max_concurrent_requests = 20
`;

interface Step {
  readonly title: string;
  readonly command: string;
  readonly args: readonly string[];
}

function run(io: Io, env: NodeJS.ProcessEnv, step: Step): Promise<number> {
  const style = styleFor(useColor(io, io.stdout));
  // Shown as the user would type it: our own CLI by its name, arguments quoted for the shell.
  const ours = step.command === process.execPath && step.args[0] === bin;
  const shown = ours ? ['aws-org-profiles', ...step.args.slice(1)] : [step.command, ...step.args];
  io.stdout.write(
    `\n${style.bold(`# ${step.title}`)}\n${style.cyan(`$ ${shown.map(shellQuote).join(' ')}`)}\n`,
  );
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk.toString()));
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

export async function runDemo(io: Io, options: DemoOptions): Promise<number> {
  const size = options.accounts === undefined ? undefined : Number(options.accounts);
  if (size !== undefined && (!Number.isInteger(size) || size < 1)) {
    throw usageError(`--accounts must be a positive integer, not ${JSON.stringify(options.accounts)}`);
  }
  const org =
    size === undefined ? demoOrganization() : generateOrganization({ accounts: size, oddNames: true });
  const home = mkdtempSync(join(tmpdir(), 'aws-org-profiles-demo-'));
  const emulator = await IdentityCenterEmulator.start({
    org,
    pageSize: 10,
    latencyMs: 5,
    rateLimit: { rate: 50, burst: 20 },
    faultRate: 0.05,
  });
  try {
    mkdirSync(join(home, '.aws'), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, '.aws', 'config'), USER_CONFIG, { mode: 0o600 });
    const env: NodeJS.ProcessEnv = {
      PATH: io.env.PATH,
      HOME: home,
      AWS_ENDPOINT_URL_SSO: emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
      AWS_ENDPOINT_URL_STS: emulator.url,
      ...(io.env.NO_COLOR ? { NO_COLOR: io.env.NO_COLOR } : {}),
    };
    await signIn({ env, now: io.now }, emulator, 'myorg');
    const style = styleFor(useColor(io, io.stdout));
    io.stdout.write(
      `${style.bold('aws-org-profiles demo')}: an emulated IAM Identity Center on ${emulator.url} with ` +
        `${org.accounts.length} accounts (pages of 10, 50 requests/s, 5% injected faults).\n` +
        `HOME=${home} holds a config with your own settings and a signed-in [sso-session myorg].\n`,
    );
    const cli = (title: string, ...args: string[]): Step => ({
      title,
      command: process.execPath,
      args: [bin, ...args],
    });
    const steps: Step[] = [
      cli(
        'Preview the profiles for one role, as the original sample would create them',
        'create',
        'DBAReadOnly',
        'myorg',
        '--dry-run',
      ),
      cli('Write them', 'create', 'DBAReadOnly', 'myorg'),
      cli('Run again: nothing changes, not a byte', 'sync', '--role', 'DBAReadOnly'),
      cli('Every role of every account', 'sync', '--all-roles'),
    ];
    for (const step of steps) {
      const code = await run(io, env, step);
      if (code !== 0) return code;
    }
    const config = readFileSync(join(home, '.aws', 'config'), 'utf8');
    io.stdout.write(`\n${style.bold('# The start of ~/.aws/config: your settings first, untouched')}\n`);
    io.stdout.write(`${config.split('\n').slice(0, 24).join('\n')}\n…\n`);
    const more: Step[] = [
      cli('Every profile, generated or hand-made, for one role', 'list', '--role', 'DBAReadOnly'),
      cli(
        'What an agent sees when it starts (the agentSpawn / SessionStart hook)',
        'context',
        '--role',
        'DBAReadOnly',
      ),
    ];
    for (const step of more) {
      const code = await run(io, env, step);
      if (code !== 0) return code;
    }
    const hasAws =
      (await run(
        io,
        { ...env, PATH: io.env.PATH },
        { title: 'Is the AWS CLI here?', command: 'aws', args: ['--version'] },
      )) === 0;
    const each = hasAws
      ? cli(
          'One AWS CLI call in every account that has the role, at once (the AWS CLI resolves each profile end to end)',
          'each',
          '--role',
          'DBAReadOnly',
          '--account',
          '*prod*',
          '--',
          'aws',
          'sts',
          'get-caller-identity',
          '--query',
          'Arn',
          '--output',
          'text',
        )
      : cli(
          'One command per profile, at once (the AWS CLI is not installed here, so node stands in)',
          'each',
          '--role',
          'DBAReadOnly',
          '--account',
          '*prod*',
          '--',
          process.execPath,
          '-e',
          'console.log(process.env.AWS_PROFILE)',
        );
    await run(io, env, each);
    const stats = emulator.stats();
    io.stdout.write(
      `\n${style.bold('Done.')} The emulator answered ${stats.totalRequests} requests, ` +
        `${stats.throttled} of them throttled and ${stats.faults} failed on purpose; every run survived them.\n`,
    );
    if (options.keep) io.stdout.write(`The demo HOME is kept at ${home}\n`);
    return 0;
  } finally {
    await emulator.stop();
    if (!options.keep) rmSync(home, { recursive: true, force: true });
  }
}
