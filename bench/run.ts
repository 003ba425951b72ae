/**
 * `npm run bench`: the speed and scale claims, measured against the emulator on loopback.
 * It prints and writes results; it asserts nothing (the machines are noisy). Options:
 *   --runs N     repetitions per scenario (default 3; 15 for the hook path)
 *   --quick      skip the 10,000-account realistic sync (about 25 minutes at 20 requests/s)
 *   --smoke      tiny sizes, one run: checks that the benchmark works
 *   --out DIR    where to write latest.md and latest.json (default bench/results)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './measure.js';
import { packageScenario, type PackageResult } from './package.js';
import {
  baseline,
  discoveryScenario,
  hookScenario,
  REALISTIC,
  writeScenario,
  type DiscoveryResult,
  type HookResult,
  type Log,
  type WriteResult,
} from './scenarios.js';

export interface BenchOptions {
  readonly runs?: number;
  readonly quick?: boolean;
  readonly smoke?: boolean;
  readonly out?: string;
  readonly log?: Log;
}

export interface BenchResults {
  readonly version: 1;
  readonly tool: string;
  readonly date: string;
  readonly machine: {
    readonly cpus: number;
    readonly model: string;
    readonly memoryGiB: number;
    readonly node: string;
  };
  readonly discovery: DiscoveryResult[];
  readonly hook: HookResult[];
  readonly write: WriteResult;
  readonly package: PackageResult;
  readonly targets: { readonly target: string; readonly measured: string; readonly met: boolean }[];
}

const fmt = (ms: number) =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(0)} ms`;
const range = (s: { min: number; max: number }, f: (n: number) => string) => `${f(s.min)}–${f(s.max)}`;

function targets(
  d: DiscoveryResult[],
  hook: HookResult[],
  write: WriteResult,
  sizes: { realistic: number; big: number; hook: number },
) {
  const realistic = d.find((r) => r.mode === 'realistic' && r.accounts === sizes.realistic);
  const unthrottled = d.find((r) => r.mode === 'unthrottled' && r.accounts === sizes.big);
  const context = hook.find((h) => h.command === 'context' && h.profiles === sizes.hook);
  const peak = Math.max(...d.filter((r) => r.accounts === sizes.big).map((r) => r.rssMiB.max));
  return [
    {
      target: `realistic sync at ${sizes.realistic.toLocaleString('en-US')} accounts within 1.10× of the rate-limit bound, no failed run, ≤ 10% of requests answered 429`,
      measured: realistic
        ? `${realistic.ratio!.median.toFixed(3)}× (range ${range(realistic.ratio!, (n) => n.toFixed(3))}), ${realistic.failures} failed, ${(realistic.throttledShare * 100).toFixed(1)}% 429`
        : 'not run',
      met:
        !!realistic &&
        realistic.ratio!.max <= 1.1 &&
        realistic.failures === 0 &&
        realistic.throttledShare <= 0.1,
    },
    {
      target: `unthrottled sync of ${sizes.big.toLocaleString('en-US')} accounts under 10 s`,
      measured: unthrottled
        ? `${fmt(unthrottled.wallMs.median)} (range ${range(unthrottled.wallMs, fmt)})`
        : 'not run',
      met: !!unthrottled && unthrottled.wallMs.max < 10_000 && unthrottled.failures === 0,
    },
    {
      target: `peak RSS under 200 MB at ${sizes.big.toLocaleString('en-US')} accounts`,
      measured: Number.isFinite(peak) ? `${peak.toFixed(0)} MiB` : 'not run',
      met: Number.isFinite(peak) && peak * 1.048576 < 200,
    },
    {
      target: `context at ${sizes.hook.toLocaleString('en-US')} profiles within 1.5× of bare node start-up`,
      measured: context
        ? `${context.ratio.toFixed(2)}× (${fmt(context.wallMs.median)} vs ${fmt(context.baselineMs)})`
        : 'not run',
      met: !!context && context.ratio <= 1.5,
    },
    {
      target: `a one-profile change in a ${(write.configBytes / 1e6).toFixed(1)} MB config under 200 ms of work beyond start-up`,
      measured: `${fmt(write.writeMs.median)} (range ${range(write.writeMs, fmt)}); bytes outside the profile ${write.outsideUnchanged ? 'unchanged' : 'CHANGED'}`,
      met: write.writeMs.max < 200 && write.outsideUnchanged && write.updated === 1,
    },
  ];
}

function markdown(r: BenchResults): string {
  const lines: string[] = [
    `# aws-org-profiles benchmark`,
    '',
    `${r.date}, aws-org-profiles ${r.tool}, Node ${r.machine.node}, ${r.machine.cpus} × ${r.machine.model}, ${r.machine.memoryGiB} GiB.`,
    `Everything runs against the emulator on 127.0.0.1. Realistic mode: ${REALISTIC.latencyMs} ms per call and a token bucket of ${REALISTIC.rate} requests/s, burst ${REALISTIC.burst}. Medians, with the range over the runs.`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...r.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met ? 'yes' : '**no**'} |`),
    '',
    '## Discovery and sync (3 roles per account, into an empty config)',
    '',
    '| mode | accounts | profiles | wall time | lower bound | ratio | requests | 429s | peak RSS | failed runs |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.discovery.map(
      (d) =>
        `| ${d.mode} | ${d.accounts.toLocaleString('en-US')} | ${d.profiles.toLocaleString('en-US')} | ${fmt(d.wallMs.median)} (${range(d.wallMs, fmt)}) | ${d.boundMs === null ? '—' : fmt(d.boundMs)} | ${d.ratio ? `${d.ratio.median.toFixed(3)}×` : '—'} | ${d.requests.median} | ${d.throttled.median} (${(d.throttledShare * 100).toFixed(1)}%) | ${d.rssMiB.median.toFixed(0)} MiB | ${d.failures} of ${d.wallMs.runs + d.failures} |`,
    ),
    '',
    'The lower bound is (the fewest calls − the burst) ÷ the rate: one ListAccounts page per 100 accounts plus one ListAccountRoles call per account. Wall time includes starting node and loading the AWS SDK.',
    '',
    '## Agent hook path',
    '',
    '| command | profiles | config | wall time | node -e 0 | ratio | output | peak RSS |',
    '|---|---|---|---|---|---|---|---|',
    ...r.hook.map(
      (h) =>
        `| \`${h.command}\` | ${h.profiles.toLocaleString('en-US')} | ${(h.configBytes / 1e6).toFixed(1)} MB | ${fmt(h.wallMs.median)} (${range(h.wallMs, fmt)}) | ${fmt(h.baselineMs)} | ${h.ratio.toFixed(2)}× | ${h.outputBytes.toLocaleString('en-US')} B | ${h.rssMiB.median.toFixed(0)} MiB |`,
    ),
    '',
    '`context` reads its profile section from a cache keyed by the config file; `sync` refreshes it. The cold row is the first run after the config changed.',
    '',
    '## The shipped program: bundle or not',
    '',
    `The package as \`npm pack\` makes it (a ${(r.package.tarballBytes / 1e6).toFixed(2)} MB tarball, the program bundled, no dependencies) against the same code as tsc writes it, with its dependencies from node_modules. \`context\` at ${r.package.profiles.toLocaleString('en-US')} profiles, from its cache.`,
    '',
    '| variant | files installed | size installed | `context` | `--version` |',
    '|---|---|---|---|---|',
    ...r.package.variants.map(
      (v) =>
        `| ${v.variant} | ${v.installed.files.toLocaleString('en-US')} | ${(v.installed.bytes / 1e6).toFixed(1)} MB | ${fmt(v.contextMs.median)} (${range(v.contextMs, fmt)}) | ${fmt(v.versionMs.median)} (${range(v.versionMs, fmt)}) |`,
    ),
    '',
    '## Config write',
    '',
    `A \`sync\` that changes one profile (an account renamed by case) in a config of ${r.write.profiles.toLocaleString('en-US')} profiles (${(r.write.configBytes / 1e6).toFixed(2)} MB): ${fmt(r.write.writeMs.median)} (${range(r.write.writeMs, fmt)}) on the config file: reading and parsing it (before discovery, and again under the lock), planning, checking and writing; ${fmt(r.write.wallMs.median)} in all, of which discovery ${fmt(r.write.discoveryMs.median)}. Bytes outside that profile: ${r.write.outsideUnchanged ? 'unchanged' : 'CHANGED'}.`,
    '',
  ];
  return lines.join('\n');
}

export async function runBench(options: BenchOptions = {}): Promise<BenchResults> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const smoke = options.smoke === true;
  const runs = options.runs ?? (smoke ? 1 : 3);
  const hookRuns = options.runs ?? (smoke ? 2 : 15);
  const sizes = smoke
    ? { discovery: [20], hook: [200], write: 300, realistic: 20, big: 20, hookTarget: 200 }
    : {
        discovery: [100, 1000, 10_000],
        hook: [1000, 10_000, 50_000],
        write: 10_000,
        realistic: 1000,
        big: 10_000,
        hookTarget: 10_000,
      };

  // The CPU-bound scenarios first; the realistic ones mostly wait on the rate limit.
  const discovery: DiscoveryResult[] = [];
  for (const accounts of sizes.discovery) {
    log(`discovery: unthrottled, ${accounts} accounts`);
    discovery.push(await discoveryScenario('unthrottled', accounts, runs, log));
  }
  log('hook path: node -e 0');
  const base = await baseline(hookRuns);
  const hook: HookResult[] = [];
  for (const profiles of sizes.hook) {
    log(`hook path: ${profiles} profiles`);
    hook.push(...(await hookScenario(profiles, hookRuns, base, log)));
  }
  log(`config write: ${sizes.write} profiles`);
  const write = await writeScenario(sizes.write, runs, log);
  log('package: the bundle against tsc output with node_modules');
  const pkg = await packageScenario(sizes.hookTarget, hookRuns, log);
  for (const accounts of sizes.discovery) {
    if (options.quick && accounts >= 10_000) continue;
    log(`discovery: realistic, ${accounts} accounts`);
    discovery.push(await discoveryScenario('realistic', accounts, runs, log));
  }
  const cpu = cpus();
  const results: BenchResults = {
    version: 1,
    tool: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    discovery,
    hook,
    write,
    package: pkg,
    targets: targets(discovery, hook, write, {
      realistic: sizes.realistic,
      big: sizes.big,
      hook: sizes.hookTarget,
    }),
  };
  const out = options.out ?? join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(out, 'latest.md'), markdown(results));
  log(`\nwrote ${join(out, 'latest.md')} and latest.json`);
  return results;
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const args = process.argv.slice(2);
  const runsArg = argValue(args, '--runs');
  const outArg = argValue(args, '--out');
  const results = await runBench({
    ...(runsArg ? { runs: Number(runsArg) } : {}),
    ...(outArg ? { out: outArg } : {}),
    quick: args.includes('--quick'),
    smoke: args.includes('--smoke'),
  });
  process.stdout.write(`${markdown(results)}\n`);
}
