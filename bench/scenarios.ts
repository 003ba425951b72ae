/**
 * The benchmark scenarios: discovery and sync, the agent hook path, `each`, a one-profile config write,
 * and this build against another one.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../src/core/secret.js';
import { generateOrganization, IdentityCenterEmulator, type Organization } from '../src/emulator/index.js';
import { writeSessionToken } from '../src/sso/token-cache.js';
import { bigOrgUnits, ROLES, writeBigConfig, writeBigOrg } from '../test/support/big-config.js';
import {
  alternate,
  BIN,
  cleanEnv,
  measure,
  stats,
  type Env,
  type Sample,
  type Stats,
  type Subject,
} from './measure.js';

const START_URL = 'https://d-0000000000.awsapps.com/start';
const REGION = 'eu-central-1';
const PAGE = 100;

export type Log = (line: string) => void;

function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aop-bench-'));
  mkdirSync(join(dir, '.aws'));
  writeFileSync(
    join(dir, '.aws', 'config'),
    `[sso-session bench]\nsso_start_url = ${START_URL}\nsso_region = ${REGION}\n`,
    { mode: 0o600 },
  );
  return dir;
}

function signIn(dir: string, emulator: IdentityCenterEmulator): void {
  const expiresAt = new Date(Date.now() + 8 * 3600_000);
  const token = emulator.issueToken({ expiresAt });
  writeSessionToken({ HOME: dir }, 'bench', {
    accessToken: new Secret(token),
    expiresAt,
    startUrl: START_URL,
    region: REGION,
  });
}

/** Every endpoint the program calls (portal, OIDC, STS, Organizations) on the emulator, none on the network. */
const envFor = (dir: string, emulator: IdentityCenterEmulator) => cleanEnv(dir, emulator.endpointEnv());

interface SyncJson {
  summary: { create: number; update: number; unchanged: number };
  discovery: { requests: number; throttled: number; durationMs: number };
  timings: { discoveryMs: number; configMs: number };
}

export interface DiscoveryResult {
  readonly mode: 'realistic' | 'unthrottled';
  readonly accounts: number;
  readonly profiles: number;
  readonly wallMs: Stats;
  readonly boundMs: number | null;
  readonly ratio: Stats | null;
  readonly requests: Stats;
  readonly throttled: Stats;
  readonly throttledShare: number;
  readonly rssMiB: Stats;
  readonly failures: number;
}

export const REALISTIC = { latencyMs: 30, rate: 20, burst: 20 };

/** A fresh sync of N accounts with 3 roles each, `runs` times, each into an empty config. */
export async function discoveryScenario(
  mode: 'realistic' | 'unthrottled',
  accounts: number,
  runs: number,
  log: Log,
): Promise<DiscoveryResult> {
  const org = generateOrganization({ accounts, rolesPerAccount: 3, seed: 7 });
  const profiles = org.accounts.reduce((n, a) => n + a.roles.length, 0);
  const emulator = await IdentityCenterEmulator.start({
    org,
    pageSize: PAGE,
    ...(mode === 'realistic'
      ? { latencyMs: REALISTIC.latencyMs, rateLimit: { rate: REALISTIC.rate, burst: REALISTIC.burst } }
      : {}),
  });
  // The fewest calls that can discover this organisation: the account pages and one role page per account.
  const minimalCalls = Math.ceil(accounts / PAGE) + accounts;
  const boundMs = mode === 'realistic' ? ((minimalCalls - REALISTIC.burst) / REALISTIC.rate) * 1000 : null;
  const walls: number[] = [];
  const requests: number[] = [];
  const throttled: number[] = [];
  const rss: number[] = [];
  let failures = 0;
  try {
    for (let run = 0; run < runs; run++) {
      // Each run meets a full token bucket, as a user's first sync of the day would.
      emulator.setOptions(
        mode === 'realistic' ? { rateLimit: { rate: REALISTIC.rate, burst: REALISTIC.burst } } : {},
      );
      const dir = home();
      signIn(dir, emulator);
      try {
        const sample = await measure([BIN, 'sync', '--all-roles', '--json'], envFor(dir, emulator), true);
        const out = JSON.parse(sample.stdout) as SyncJson;
        if (out.summary.create !== profiles)
          throw new Error(`created ${out.summary.create} of ${profiles} profiles`);
        walls.push(sample.wallMs);
        requests.push(out.discovery.requests);
        throttled.push(out.discovery.throttled);
        rss.push(sample.rssMiB);
        log(
          `  ${mode} ${accounts} accounts, run ${run + 1}/${runs}: ${(sample.wallMs / 1000).toFixed(2)} s, ${out.discovery.requests} requests, ${out.discovery.throttled} throttled, ${sample.rssMiB.toFixed(0)} MiB`,
        );
      } catch (error) {
        failures++;
        log(`  ${mode} ${accounts} accounts, run ${run + 1}/${runs}: FAILED ${(error as Error).message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await emulator.stop();
  }
  const wall = stats(walls.length ? walls : [NaN]);
  const totalRequests = requests.reduce((a, b) => a + b, 0);
  return {
    mode,
    accounts,
    profiles,
    wallMs: wall,
    boundMs,
    ratio: boundMs === null ? null : stats(walls.map((w) => w / boundMs)),
    requests: stats(requests.length ? requests : [NaN]),
    throttled: stats(throttled.length ? throttled : [NaN]),
    throttledShare: totalRequests ? throttled.reduce((a, b) => a + b, 0) / totalRequests : NaN,
    rssMiB: stats(rss.length ? rss : [NaN]),
    failures,
  };
}

export interface HookResult {
  readonly command: string;
  readonly profiles: number;
  /** The OUs in the org cache. */
  readonly ous: number;
  readonly configBytes: number;
  readonly wallMs: Stats;
  /** Bare `node -e 0`, alternated with this command in the same loop. */
  readonly baseline: Stats;
  readonly baselineMs: number;
  /** The median ÷ the baseline's median. */
  readonly ratio: number;
  readonly outputBytes: number;
  readonly rssMiB: Stats;
}

/** Bare `node -e 0`: what every hook run pays before our code starts. */
export const bareNode = (env: Env): Subject => ({ label: 'node -e 0', args: ['-e', '0'], env });

const summary = (samples: readonly Sample[]) => ({
  wallMs: stats(samples.map((s) => s.wallMs)),
  rssMiB: stats(samples.map((s) => s.rssMiB)),
  outputBytes: samples[samples.length - 1]?.stdoutBytes ?? 0,
});

/**
 * `context` (from its cache, and cold after a config change) and `list --json` at N profiles, each
 * alternated with bare `node -e 0` in one loop.
 */
export async function hookScenario(profiles: number, runs: number, log: Log): Promise<HookResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aop-bench-hook-'));
  // With the organisation's structure in the org cache: the grouped context, as after a sync that read it.
  const config = writeBigOrg(dir, profiles);
  const configBytes = readFileSync(config).length;
  const env = cleanEnv(dir);
  let tick = 0;
  const subjects: Subject[] = [
    bareNode(env),
    { label: 'context', args: [BIN, 'context'], env },
    {
      label: 'context (cold: config just changed)',
      args: [BIN, 'context'],
      env,
      // A new mtime makes the cache stale, as any edit of the config would; this run writes it anew,
      // so the next `context` finds it fresh.
      before: () => {
        const t = new Date(Date.now() + ++tick * 1000);
        utimesSync(config, t, t);
      },
    },
    { label: 'list --json', args: [BIN, 'list', '--json'], env },
  ];
  try {
    const [base, ...measured] = await alternate(subjects, runs);
    const baseline = stats(base!.map((s) => s.wallMs));
    return measured.map((samples, i) => {
      const r = summary(samples);
      const command = subjects[i + 1]!.label;
      log(
        `  ${command} at ${profiles} profiles in ${bigOrgUnits(profiles)} OUs: ${r.wallMs.median.toFixed(1)} ms (node -e 0: ${baseline.median.toFixed(1)} ms), ${r.outputBytes} bytes`,
      );
      return {
        command,
        profiles,
        ous: bigOrgUnits(profiles),
        configBytes,
        ...r,
        baseline,
        baselineMs: baseline.median,
        ratio: r.wallMs.median / baseline.median,
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface GuardResult {
  /** What the measured event asks for. */
  readonly event: string;
  readonly eventBytes: number;
  readonly wallMs: Stats;
  /** Bare `node -e 0`, alternated with the guard in the same loop, with the same stdin. */
  readonly baseline: Stats;
  /** The median ÷ the baseline's median. */
  readonly ratio: number;
  readonly rssMiB: Stats;
}

/** The command a Claude Code agent runs most: an everyday read with a profile, piped. */
export const GUARD_COMMAND =
  "aws ec2 describe-instances --profile workload-prod-00001-ReadOnlyAccess --region eu-west-1 --query 'Reservations[].Instances[].InstanceId' --output text | head -20";

/**
 * `guard`, as a host runs it before a tool call: a Claude Code `PreToolUse` event for a Bash call
 * on stdin, from a project folder, with a home that holds the SSO token cache. The call passes
 * (exit 0), which is what nearly every tool call does.
 */
export async function guardScenario(runs: number, log: Log): Promise<GuardResult> {
  const dir = mkdtempSync(join(tmpdir(), 'aop-bench-guard-'));
  mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
  mkdirSync(join(dir, 'project'));
  writeBigConfig(dir, 1000);
  const event = JSON.stringify({
    session_id: '3f1c0a52-1d1e-4c55-9d7e-0d8a2b7c9e11',
    transcript_path: join(dir, '.claude', 'projects', 'project', 'transcript.jsonl'),
    cwd: join(dir, 'project'),
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command: GUARD_COMMAND, description: 'List the instance ids of the prod account' },
  });
  const eventFile = join(dir, 'event.json');
  writeFileSync(eventFile, event);
  const env = cleanEnv(dir);
  try {
    const [base, guard] = await alternate(
      [
        { ...bareNode(env), stdin: eventFile },
        { label: 'guard', args: [BIN, 'guard'], env, stdin: eventFile },
      ],
      runs,
    );
    const baseline = stats(base!.map((s) => s.wallMs));
    const wallMs = stats(guard!.map((s) => s.wallMs));
    log(`  guard: ${wallMs.median.toFixed(1)} ms (node -e 0: ${baseline.median.toFixed(1)} ms)`);
    return {
      event: 'a Claude Code PreToolUse event for a Bash call: an AWS CLI read with --profile, piped to head',
      eventBytes: Buffer.byteLength(event),
      wallMs,
      baseline,
      ratio: wallMs.median / baseline.median,
      rssMiB: stats(guard!.map((s) => s.rssMiB)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A program to measure: this checkout's, or another build of it given to `--compare`. */
export interface Build {
  readonly label: 'this build' | 'compared build';
  readonly bin: string;
}

/** A HOME for each build, with the same config (and sign-in), so that their caches stay apart. */
function homes(builds: readonly Build[], prefix: string, fill: (home: string) => void): string[] {
  return builds.map((b) => {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}${b.label.split(' ')[0]}-`));
    fill(dir);
    return dir;
  });
}

export interface EachResult {
  readonly build: Build['label'];
  readonly command: string;
  /** Profiles in the config, and how many the selection picks. */
  readonly profiles: number;
  readonly selected: number;
  readonly wallMs: Stats;
  readonly rssMiB: Stats;
}

/** What `each` runs: a selection of about a ninth of the generated profiles, and a program that does nothing. */
export const EACH_ARGS = [
  'each',
  '--role',
  'ReadOnlyAccess',
  '--account',
  '*prod*',
  '--concurrency',
  '8',
] as const;
const EACH_PROGRAM = ['--', 'true'] as const;

/** The profiles of bigConfigText(profiles) that EACH_ARGS selects. */
export function eachSelection(profiles: number): number {
  const accounts = Math.ceil(profiles / ROLES.length);
  // Account a is a prod one when a % 3 === 0; its ReadOnlyAccess profile exists when a + accounts < profiles.
  let n = 0;
  for (let a = 0; a < accounts; a += 3) if (accounts + a < profiles) n++;
  return n;
}

/**
 * `each … -- true` and `each --json … -- true` over a config of N generated profiles, signed in,
 * for every build, alternated in one loop.
 */
export async function eachScenario(
  profiles: number,
  runs: number,
  builds: readonly Build[],
  log: Log,
): Promise<EachResult[]> {
  const selected = eachSelection(profiles);
  const dirs = homes(builds, 'aop-bench-each-', (dir) => {
    writeBigConfig(dir, profiles);
    const expiresAt = new Date(Date.now() + 8 * 3600_000);
    writeSessionToken({ HOME: dir }, 'myorg', {
      accessToken: new Secret('bench-token'),
      expiresAt,
      startUrl: START_URL,
      region: REGION,
    });
  });
  const checkJson = (sample: Sample) => {
    const out = JSON.parse(sample.stdout) as { summary: { succeeded: number; failed: number } };
    if (out.summary.succeeded !== selected || out.summary.failed !== 0) {
      throw new Error(`each --json: ${out.summary.succeeded} of ${selected} runs succeeded`);
    }
  };
  const subjects: (Subject & { build: Build['label']; command: string })[] = [];
  for (const json of [false, true]) {
    for (const [i, build] of builds.entries()) {
      const args = [...EACH_ARGS, ...(json ? ['--json'] : []), ...EACH_PROGRAM];
      const command = args.join(' ').replace('*prod*', "'*prod*'");
      subjects.push({
        label: `${build.label}: ${command}`,
        build: build.label,
        command,
        args: [build.bin, ...args],
        env: cleanEnv(dirs[i]!),
        ...(json ? { check: checkJson } : {}),
      });
    }
  }
  try {
    const samples = await alternate(subjects, runs);
    return subjects.map((subject, i) => {
      const { wallMs, rssMiB } = summary(samples[i]!);
      log(
        `  ${subject.label} (${selected} of ${profiles} profiles): ${wallMs.median.toFixed(0)} ms, ${rssMiB.median.toFixed(0)} MiB`,
      );
      return { build: subject.build, command: subject.command, profiles, selected, wallMs, rssMiB };
    });
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export interface ContextComparison {
  readonly profiles: number;
  readonly baseline: Stats;
  readonly builds: readonly {
    readonly build: Build['label'];
    readonly wallMs: Stats;
    /** The median ÷ bare node's median. */
    readonly ratio: number;
    readonly rssMiB: Stats;
  }[];
}

/**
 * `context` at N profiles, from its cache, for every build, alternated with bare `node -e 0` in one
 * loop. Each build has its own HOME with the same config, so neither invalidates the other's cache;
 * the warm-up run fills it.
 */
export async function contextComparison(
  profiles: number,
  runs: number,
  builds: readonly Build[],
  log: Log,
): Promise<ContextComparison> {
  const dirs = homes(builds, 'aop-bench-context-', (dir) => writeBigOrg(dir, profiles));
  try {
    const [base, ...measured] = await alternate(
      [
        bareNode(cleanEnv(dirs[0]!)),
        ...builds.map((b, i) => ({ label: b.label, args: [b.bin, 'context'], env: cleanEnv(dirs[i]!) })),
      ],
      runs,
    );
    const baseline = stats(base!.map((s) => s.wallMs));
    const rows = builds.map((b, i) => {
      const { wallMs, rssMiB } = summary(measured[i]!);
      log(
        `  context at ${profiles} profiles, ${b.label}: ${wallMs.median.toFixed(1)} ms (node -e 0: ${baseline.median.toFixed(1)} ms)`,
      );
      return { build: b.label, wallMs, ratio: wallMs.median / baseline.median, rssMiB };
    });
    return { profiles, baseline, builds: rows };
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export interface WriteResult {
  readonly profiles: number;
  readonly configBytes: number;
  readonly writeMs: Stats;
  readonly wallMs: Stats;
  readonly discoveryMs: Stats;
  readonly updated: number;
  readonly outsideUnchanged: boolean;
}

/** Renames one account by case only, so that exactly one profile's sso_account_name changes. */
function toggleCase(org: Organization, index: number): Organization {
  return {
    accounts: org.accounts.map((a, i) =>
      i === index
        ? {
            ...a,
            accountName:
              a.accountName === a.accountName.toUpperCase()
                ? a.accountName.toLowerCase()
                : a.accountName.toUpperCase(),
          }
        : a,
    ),
  };
}

/** The byte range of `[profile NAME]` and its lines, up to the next section. */
function sectionRange(text: string, name: string): [number, number] {
  const start = text.indexOf(`[profile ${name}]\n`);
  const next = text.indexOf('\n[', start + 1);
  return [start, next < 0 ? text.length : next + 1];
}

export async function writeScenario(profiles: number, runs: number, log: Log): Promise<WriteResult> {
  let org = generateOrganization({ accounts: profiles, rolesPerAccount: 1, seed: 11 });
  const emulator = await IdentityCenterEmulator.start({ org, pageSize: PAGE });
  const dir = home();
  signIn(dir, emulator);
  const env = envFor(dir, emulator);
  const path = join(dir, '.aws', 'config');
  const writes: number[] = [];
  const walls: number[] = [];
  const discoveries: number[] = [];
  let updated = 0;
  let outsideUnchanged = true;
  let configBytes = 0;
  try {
    await measure([BIN, 'sync', '--all-roles', '--json'], env);
    for (let run = 0; run < runs; run++) {
      const index = Math.floor(profiles / 2) + run;
      org = toggleCase(org, index);
      emulator.setOrganization(org);
      const before = readFileSync(path, 'utf8');
      const sample = await measure([BIN, 'sync', '--all-roles', '--json'], env, true);
      const out = JSON.parse(sample.stdout) as SyncJson & { update: { profile: string }[] };
      const after = readFileSync(path, 'utf8');
      configBytes = Buffer.byteLength(after);
      updated = out.summary.update;
      const name = out.update[0]?.profile ?? '';
      const [b0, b1] = sectionRange(before, name);
      const [a0, a1] = sectionRange(after, name);
      outsideUnchanged &&=
        updated === 1 &&
        b0 === a0 &&
        before.slice(0, b0) === after.slice(0, a0) &&
        before.slice(b1) === after.slice(a1);
      writes.push(out.timings.configMs);
      walls.push(sample.wallMs);
      discoveries.push(out.timings.discoveryMs);
      log(
        `  one-profile change in ${(after.length / 1e6).toFixed(2)} MB: ${out.timings.configMs} ms on the config (read, parse, plan, check, write), ${(sample.wallMs / 1000).toFixed(2)} s in all`,
      );
    }
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    profiles,
    configBytes,
    writeMs: stats(writes),
    wallMs: stats(walls),
    discoveryMs: stats(discoveries),
    updated,
    outsideUnchanged,
  };
}
