/**
 * Demo: the whole flow on the built-in emulator, in a throwaway HOME. Each step runs the real CLI
 * as a child process, exactly as a user would type it; the steps and their output go to the
 * reporter as they happen.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  demoOrganization,
  EMULATOR_PORTAL,
  generateOrganization,
  IdentityCenterEmulator,
} from '../emulator/index.js';
import { recordSignIn } from '../sso/sign-in-record.js';
import { startChild } from '../system/children.js';
import { selfCommand } from '../system/installation.js';
import type { DemoEvent, Runtime } from './runtime.js';

export interface DemoInput {
  /** A generated organisation of this size, with hostile names; the hand-written one of 24 accounts by default. */
  readonly accounts?: number;
  /** Keep the throwaway HOME. */
  readonly keep?: boolean;
}

export interface DemoResult {
  /** 0 when every step worked; else the exit code of the step that failed. */
  readonly code: number;
  readonly requests: number;
  readonly throttled: number;
  readonly faults: number;
  /** The throwaway HOME, when it was kept. */
  readonly home?: string;
}

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
  /** Our own CLI (run as `node bin`), or another program. */
  readonly args: readonly string[];
  readonly program?: string;
}

export async function demo(rt: Runtime, input: DemoInput): Promise<DemoResult> {
  const org =
    input.accounts === undefined
      ? demoOrganization()
      : generateOrganization({
          accounts: input.accounts,
          oddNames: true,
          // About ten accounts per OU, as Organizations allows at most 1,000 OUs.
          units: Math.min(1000, Math.max(1, Math.round(input.accounts / 10))),
        });
  const home = mkdtempSync(join(tmpdir(), 'aws-org-profiles-demo-'));
  const emulator = await IdentityCenterEmulator.start({
    org,
    pageSize: 10,
    latencyMs: 5,
    rateLimit: { rate: 50, burst: 20 },
    faultRate: 0.05,
  });
  const notify = (event: DemoEvent) => rt.reporter.notify({ kind: 'demo', event });
  try {
    mkdirSync(join(home, '.aws'), { recursive: true, mode: 0o700 });
    writeFileSync(join(home, '.aws', 'config'), USER_CONFIG, { mode: 0o600 });
    const env = {
      PATH: rt.env.PATH,
      HOME: home,
      ...emulator.endpointEnv(),
      ...(rt.env.NO_COLOR ? { NO_COLOR: rt.env.NO_COLOR } : {}),
    };
    await recordSignIn(env, rt.now, { name: 'myorg', ...EMULATOR_PORTAL }, emulator);
    notify({ step: 'start', url: emulator.url, accounts: org.accounts.length, home });
    const { node, bin } = selfCommand();
    const run = async (step: Step): Promise<number> => {
      const program = step.program ?? node;
      const args = step.program ? step.args : [bin, ...step.args];
      notify({
        step: 'command',
        title: step.title,
        command: step.program ? [program, ...args] : ['aws-org-profiles', ...step.args],
      });
      try {
        const child = startChild(program, args, {
          env,
          group: false,
          onOutput: (stream, text) => notify({ step: 'output', stream, text }),
        });
        const outcome = await child.done;
        return outcome.error ? 127 : (outcome.code ?? 1);
      } catch {
        return 127;
      }
    };
    const result = (code: number): DemoResult => {
      const stats = emulator.stats();
      return {
        code,
        requests: stats.totalRequests,
        throttled: stats.throttled,
        faults: stats.faults,
        ...(input.keep ? { home } : {}),
      };
    };
    const syncs: Step[] = [
      {
        title: 'Preview the profiles for one role, as the original sample would create them',
        args: ['create', 'DBAReadOnly', 'myorg', '--dry-run'],
      },
      { title: 'Write them', args: ['create', 'DBAReadOnly', 'myorg'] },
      { title: 'Run again: nothing changes, not a byte', args: ['sync', '--role', 'DBAReadOnly'] },
      { title: 'Every role of every account', args: ['sync', '--all-roles'] },
    ];
    for (const step of syncs) {
      const code = await run(step);
      if (code !== 0) return result(code);
    }
    const config = readFileSync(join(home, '.aws', 'config'), 'utf8');
    notify({ step: 'config', lines: config.split('\n').slice(0, 24) });
    const reads: Step[] = [
      {
        title: 'Every profile, generated or hand-made, for one role',
        args: ['list', '--role', 'DBAReadOnly'],
      },
      {
        title: "The production accounts, by the organisation's OUs (sync read them from AWS Organizations)",
        args: ['list', '--ou', '/Workloads/Prod*', '--role', 'DBAReadOnly'],
      },
      {
        title:
          'What an agent sees when it starts (the agentSpawn / SessionStart hook): grouped by OU, production marked',
        args: ['context', '--role', 'DBAReadOnly'],
      },
    ];
    for (const step of reads) {
      const code = await run(step);
      if (code !== 0) return result(code);
    }
    // One production read-only profile, as the sync named it.
    const profiles = [...config.matchAll(/^\[profile (myorg-\S+)\]$/gm)].map((m) => m[1]!);
    const consoleProfile =
      profiles.find((p) => /prod/i.test(p) && p.endsWith('-ReadOnlyAccess')) ??
      profiles.find((p) => p.endsWith('-ReadOnlyAccess')) ??
      profiles[0];
    if (consoleProfile) {
      const code = await run({
        title:
          'The AWS console in a production account, read-only, as a sign-in URL from the emulated federation endpoint ' +
          '(without --url, console opens it in the browser). The URL is a bearer link: for about 15 minutes, ' +
          'anyone who has it can use the console as the role',
        args: ['console', consoleProfile, '--url'],
      });
      if (code !== 0) return result(code);
    }
    const hasAws = (await run({ title: 'Is the AWS CLI here?', program: 'aws', args: ['--version'] })) === 0;
    const select = ['each', '--role', 'DBAReadOnly', '--tag', 'env=prod', '--'];
    await run(
      hasAws
        ? {
            title:
              'One AWS CLI call in every account that has the role, at once (the AWS CLI resolves each profile end to end)',
            args: [...select, 'aws', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'],
          }
        : {
            title: 'One command per profile, at once (the AWS CLI is not installed here, so node stands in)',
            args: [...select, node, '-e', 'console.log(process.env.AWS_PROFILE)'],
          },
    );
    return result(0);
  } finally {
    await emulator.stop();
    if (!input.keep) rmSync(home, { recursive: true, force: true });
  }
}
