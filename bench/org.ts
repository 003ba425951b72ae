/**
 * The organisation read of `sync` at scale: a first sync of N reachable accounts in U OUs, and a
 * second one within the org cache's lifetime. Calls are counted by the emulator; the org phase's
 * time comes from `sync --json` and is set against the bound (calls needed ÷ the emulated rate).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../src/core/secret.js';
import { generateOrganization, IdentityCenterEmulator } from '../src/emulator/index.js';
import { writeSessionToken } from '../src/sso/token-cache.js';
import { BIN, cleanEnv, measure, stats, type Stats } from './measure.js';
import type { Log } from './scenarios.js';

const START_URL = 'https://d-0000000000.awsapps.com/start';
const REGION = 'eu-central-1';

/** The emulated Organizations quota: requests per second and burst. */
export const ORG_RATE = { rate: 400, burst: 20, latencyMs: 30 };

export interface OrgRun {
  readonly calls: Readonly<Record<string, number>>;
  readonly total: number;
  readonly tagCalls: number;
  readonly orgMs: number;
  readonly boundMs: number;
}

export interface OrgSyncResult {
  readonly accounts: number;
  readonly units: number;
  readonly rate: typeof ORG_RATE;
  readonly first: readonly OrgRun[];
  readonly second: readonly OrgRun[];
  /** First-run org time ÷ its bound. */
  readonly ratio: Stats;
  readonly failures: number;
}

interface OrgJson {
  organization: { durationMs: number } | null;
}

function orgCalls(byOperation: Record<string, number>): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const [op, n] of Object.entries(byOperation))
    if (op.startsWith('Organizations.')) calls[op.slice('Organizations.'.length)] = n;
  return calls;
}

export async function orgSyncScenario(
  accounts: number,
  units: number,
  runs: number,
  log: Log,
): Promise<OrgSyncResult> {
  const org = generateOrganization({ accounts, units, rolesPerAccount: 1, seed: 7 });
  const emulator = await IdentityCenterEmulator.start({ org, pageSize: 100, latencyMs: ORG_RATE.latencyMs });
  const first: OrgRun[] = [];
  const second: OrgRun[] = [];
  let failures = 0;
  const one = async (dir: string): Promise<OrgRun> => {
    emulator.setOptions({ orgRateLimit: { rate: ORG_RATE.rate, burst: ORG_RATE.burst } });
    emulator.resetStats();
    const env = cleanEnv(dir, emulator.endpointEnv());
    const sample = await measure([BIN, 'sync', '--all-roles', '--json'], env, true);
    const out = JSON.parse(sample.stdout) as OrgJson;
    const calls = orgCalls(emulator.stats().byOperation);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    return {
      calls,
      total,
      tagCalls: calls.ListTagsForResource ?? 0,
      orgMs: out.organization?.durationMs ?? NaN,
      boundMs: (Math.max(0, total - ORG_RATE.burst) / ORG_RATE.rate) * 1000,
    };
  };
  try {
    for (let run = 0; run < runs; run++) {
      const dir = mkdtempSync(join(tmpdir(), 'aop-bench-org-'));
      try {
        mkdirSync(join(dir, '.aws'));
        writeFileSync(
          join(dir, '.aws', 'config'),
          `[sso-session bench]\nsso_start_url = ${START_URL}\nsso_region = ${REGION}\n`,
          { mode: 0o600 },
        );
        const expiresAt = new Date(Date.now() + 8 * 3600_000);
        writeSessionToken({ HOME: dir }, 'bench', {
          accessToken: new Secret(emulator.issueToken({ expiresAt })),
          expiresAt,
          startUrl: START_URL,
          region: REGION,
        });
        const a = await one(dir);
        const b = await one(dir);
        first.push(a);
        second.push(b);
        log(
          `  org ${accounts} accounts / ${units} OUs, run ${run + 1}/${runs}: first ${a.total} calls in ${(a.orgMs / 1000).toFixed(2)} s (bound ${(a.boundMs / 1000).toFixed(2)} s), second ${b.total} calls (${b.tagCalls} tag calls)`,
        );
      } catch (error) {
        failures++;
        log(`  org run ${run + 1}/${runs}: FAILED ${(error as Error).message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await emulator.stop();
  }
  return {
    accounts,
    units,
    rate: ORG_RATE,
    first,
    second,
    ratio: stats(first.length ? first.map((r) => r.orgMs / r.boundMs) : [NaN]),
    failures,
  };
}
