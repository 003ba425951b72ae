/** The benchmark scenarios: discovery and sync, the agent hook path, and a one-profile config write. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../src/core/secret.js';
import { generateOrganization, IdentityCenterEmulator, type Organization } from '../src/emulator/index.js';
import { writeSessionToken } from '../src/sso/token-cache.js';
import { writeBigConfig } from '../test/support/big-config.js';
import { BIN, measure, stats, type Stats } from './measure.js';

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

const envFor = (dir: string, emulator: IdentityCenterEmulator) => ({
  PATH: process.env.PATH,
  HOME: dir,
  AWS_ENDPOINT_URL_SSO: emulator.url,
});

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
  readonly configBytes: number;
  readonly wallMs: Stats;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly outputBytes: number;
  readonly rssMiB: Stats;
}

async function repeat(
  runs: number,
  run: () => Promise<{ wallMs: number; rssMiB: number; stdoutBytes: number }>,
) {
  const walls: number[] = [];
  const rss: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const s = await run();
    walls.push(s.wallMs);
    rss.push(s.rssMiB);
    bytes = s.stdoutBytes;
  }
  return { wallMs: stats(walls), rssMiB: stats(rss), outputBytes: bytes };
}

/** Bare `node -e 0`: what every hook run pays before our code starts. */
export async function baseline(runs: number): Promise<Stats> {
  return (await repeat(runs, () => measure(['-e', '0'], { PATH: process.env.PATH }))).wallMs;
}

/** `context` (from its cache, and cold after a config change) and `list --json` at N profiles. */
export async function hookScenario(
  profiles: number,
  runs: number,
  base: Stats,
  log: Log,
): Promise<HookResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aop-bench-hook-'));
  const config = writeBigConfig(dir, profiles);
  const configBytes = readFileSync(config).length;
  const env = { PATH: process.env.PATH, HOME: dir };
  const results: HookResult[] = [];
  const record = (command: string, r: Awaited<ReturnType<typeof repeat>>) => {
    results.push({
      command,
      profiles,
      configBytes,
      ...r,
      baselineMs: base.median,
      ratio: r.wallMs.median / base.median,
    });
    log(
      `  ${command} at ${profiles} profiles: ${r.wallMs.median.toFixed(1)} ms (node -e 0: ${base.median.toFixed(1)} ms), ${r.outputBytes} bytes`,
    );
  };
  try {
    await measure([BIN, 'context'], env);
    record('context', await repeat(runs, () => measure([BIN, 'context'], env)));
    let tick = 0;
    record(
      'context (cold: config just changed)',
      await repeat(runs, () => {
        // A new mtime makes the cache stale, as any edit of the config would.
        const t = new Date(Date.now() + ++tick * 1000);
        utimesSync(config, t, t);
        return measure([BIN, 'context'], env);
      }),
    );
    record('list --json', await repeat(runs, () => measure([BIN, 'list', '--json'], env)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
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
