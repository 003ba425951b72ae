/**
 * `npm run bench`: the speed and scale claims, measured against the emulator on loopback.
 * It prints and writes results; it asserts nothing (the machines are noisy). Options:
 *   --runs N        repetitions per scenario (default 3; 40 for the hook path, `each` and --compare)
 *   --quick         skip the 10,000-account realistic sync (about 25 minutes at 20 requests/s)
 *   --smoke         tiny sizes, one or two runs: checks that the benchmark works
 *   --out DIR       where to write latest.md and latest.json (default bench/results)
 *   --compare DIR   also measure another build of the program (a folder with package.json and dist/,
 *                   as `node scripts/build.mjs --out DIR` makes it), alternated with this one and
 *                   bare node in the same loop: `context` at the target size and `each`
 *
 * Every measured process starts with only HOME and PATH in its environment (and what its scenario
 * needs), nothing preloaded; its wall time and peak RSS are taken from outside (bench/measure.ts).
 * The hook path alternates bare `node -e 0` with the commands run by run, after a warm-up run of each.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { BIN, binOf, ROOT, rssMethod, type Stats } from './measure.js';
import { packageScenario, type PackageResult } from './package.js';
import { orgSyncScenario, type OrgSyncResult } from './org.js';
import { searchScenario, type SearchResult } from './search.js';
import {
  contextComparison,
  discoveryScenario,
  eachScenario,
  hookScenario,
  guardScenario,
  type GuardResult,
  REALISTIC,
  writeScenario,
  type Build,
  type ContextComparison,
  type DiscoveryResult,
  type EachResult,
  type HookResult,
  type Log,
  type WriteResult,
} from './scenarios.js';

export interface BenchOptions {
  readonly runs?: number;
  readonly quick?: boolean;
  readonly smoke?: boolean;
  readonly out?: string;
  /** Another build of the program to measure against this one. */
  readonly compare?: string;
  readonly log?: Log;
}

/** One line of the table "this build vs compared build". */
export interface CompareRow {
  /** The command line after the program's name, and what it ran on. */
  readonly command: string;
  readonly detail: string;
  readonly thisBuild: Stats;
  readonly comparedBuild: Stats;
  /** Each build's median ÷ bare node's median in the same loop (`context`); null for `each`. */
  readonly toNode: { readonly thisBuild: number; readonly comparedBuild: number } | null;
  /** This build's median ÷ the compared build's. */
  readonly ratio: number;
}

export interface Comparison {
  readonly dir: string;
  readonly bin: string;
  readonly runs: number;
  /** Bare `node -e 0`, in the loop of the `context` rows. */
  readonly baseline: Stats;
  readonly rows: readonly CompareRow[];
}

export interface BenchResults {
  readonly version: 2;
  readonly tool: string;
  readonly date: string;
  readonly machine: {
    readonly cpus: number;
    readonly model: string;
    readonly memoryGiB: number;
    readonly node: string;
    /** The 1-minute load average when the benchmark started and when it ended. */
    readonly load: { readonly start: number; readonly end: number };
  };
  /** How wall time and peak RSS were measured. */
  readonly method: string;
  readonly discovery: DiscoveryResult[];
  readonly hook: HookResult[];
  /** `guard`, the check hosts run before every tool call. */
  readonly guard: GuardResult;
  readonly each: EachResult[];
  readonly compare: Comparison | null;
  readonly write: WriteResult;
  readonly package: PackageResult;
  /** find_profiles, in process: one query against an index built once. */
  readonly search: SearchResult;
  readonly org: OrgSyncResult;
  readonly targets: { readonly target: string; readonly measured: string; readonly met: boolean }[];
}

const fmt = (ms: number) =>
  ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(0)} ms`;
const range = (s: { min: number; max: number }, f: (n: number) => string) => `${f(s.min)}–${f(s.max)}`;
const mib = (s: Stats) => (Number.isNaN(s.median) ? 'not measured' : `${s.median.toFixed(0)} MiB`);
const times = (n: number) => `${n.toFixed(2)}×`;

/** The largest median ratio of the compared `each` rows: this build's time ÷ the compared build's. */
const EACH_NO_SLOWER = 1.05;
const CONTEXT_WITHIN = 1.15;
/** The guard runs before every tool call: about what starting node costs. */
const GUARD_WITHIN = 1.25;
/** The slowest median find_profiles query, in milliseconds. */
const SEARCH_WITHIN_MS = 50;
/** The organisation read's time ÷ its bound (calls needed ÷ the emulated Organizations rate). */
const ORG_WITHIN = 1.3;

function targets(
  d: DiscoveryResult[],
  hook: HookResult[],
  guard: GuardResult,
  write: WriteResult,
  search: SearchResult,
  org: OrgSyncResult,
  compare: Comparison | null,
  sizes: { realistic: number; big: number; hook: number },
) {
  const realistic = d.find((r) => r.mode === 'realistic' && r.accounts === sizes.realistic);
  const unthrottled = d.find((r) => r.mode === 'unthrottled' && r.accounts === sizes.big);
  const context = hook.find((h) => h.command === 'context' && h.profiles === sizes.hook);
  const big = d.filter((r) => r.accounts === sizes.big);
  const peak = Math.max(...big.map((r) => r.rssMiB.max).filter((n) => !Number.isNaN(n)));
  const list = [
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
      measured: Number.isFinite(peak) ? `${peak.toFixed(0)} MiB` : big.length ? 'not measured' : 'not run',
      met: Number.isFinite(peak) && peak * 1.048576 < 200,
    },
    {
      target: `context at ${sizes.hook.toLocaleString('en-US')} profiles within ${CONTEXT_WITHIN}× of bare node start-up, measured with a clean environment and nothing preloaded, alternated`,
      measured: context
        ? `${times(context.ratio)} (${fmt(context.wallMs.median)} vs ${fmt(context.baselineMs)}, medians of ${context.wallMs.runs} runs)`
        : 'not run',
      met: !!context && context.ratio <= CONTEXT_WITHIN,
    },
    {
      target: `a one-profile change in a ${(write.configBytes / 1e6).toFixed(1)} MB config under 200 ms of work beyond start-up`,
      measured: `${fmt(write.writeMs.median)} (range ${range(write.writeMs, fmt)}); bytes outside the profile ${write.outsideUnchanged ? 'unchanged' : 'CHANGED'}`,
      met: write.writeMs.max < 200 && write.outsideUnchanged && write.updated === 1,
    },
    {
      target: `find_profiles: one query at ${search.profiles.toLocaleString('en-US')} profiles placed in OUs and tagged, within ${SEARCH_WITHIN_MS} ms (median; the index built once per catalog)`,
      measured: `${search.queryMs.median.toFixed(1)} ms (range ${search.queryMs.min.toFixed(1)}–${search.queryMs.max.toFixed(1)} ms over ${search.queryMs.runs} queries); index built in ${fmt(search.buildMs)}`,
      met: search.queryMs.median <= SEARCH_WITHIN_MS,
    },
    {
      target: `organisation read by a first sync at ${org.accounts.toLocaleString('en-US')} reachable accounts in ${org.units.toLocaleString('en-US')} OUs within ${ORG_WITHIN}× of the bound (Organizations calls ÷ the emulated rate); a second sync makes no tag call`,
      measured: org.first.length
        ? `${org.ratio.median.toFixed(2)}× (range ${range(org.ratio, (n) => n.toFixed(2))}); ${org.first[0]!.total.toLocaleString('en-US')} calls first, ${org.second.map((r) => r.tagCalls).join('/')} tag calls (${org.second.map((r) => r.total).join('/')} calls) second; ${org.failures} failed`
        : 'not run',
      met:
        org.failures === 0 &&
        org.first.length > 0 &&
        org.ratio.median <= ORG_WITHIN &&
        org.second.every((r) => r.tagCalls === 0),
    },
  ];
  if (compare) {
    const each = compare.rows.filter((r) => r.toNode === null);
    list.push({
      target: `each no slower than the compared build (met when this build's median ÷ the compared build's is ≤ ${EACH_NO_SLOWER} for every each row)`,
      measured: each
        .map((r) => `${r.command.includes('--json') ? 'each --json' : 'each'} ${r.ratio.toFixed(3)}×`)
        .join(', '),
      met: each.length > 0 && each.every((r) => r.ratio <= EACH_NO_SLOWER),
    });
  }
  list.push({
    target: `guard on a tool call's event within ${GUARD_WITHIN}× of bare node start-up with the same stdin, alternated`,
    measured: `${times(guard.ratio)} (${fmt(guard.wallMs.median)} vs ${fmt(guard.baseline.median)}, medians of ${guard.wallMs.runs} runs)`,
    met: guard.ratio <= GUARD_WITHIN,
  });
  return list;
}

/** The rows of "this build vs compared build": `context` from its loop, `each` from the each scenario. */
function compareRows(context: ContextComparison, each: EachResult[]): CompareRow[] {
  const rows: CompareRow[] = [];
  const [mine, theirs] = context.builds;
  if (mine && theirs) {
    rows.push({
      command: 'context',
      detail: `at ${context.profiles.toLocaleString('en-US')} profiles, from its cache`,
      thisBuild: mine.wallMs,
      comparedBuild: theirs.wallMs,
      toNode: { thisBuild: mine.ratio, comparedBuild: theirs.ratio },
      ratio: mine.wallMs.median / theirs.wallMs.median,
    });
  }
  for (const e of each.filter((r) => r.build === 'this build')) {
    const other = each.find((r) => r.build === 'compared build' && r.command === e.command);
    if (!other) continue;
    rows.push({
      command: e.command,
      detail: `${e.selected} of ${e.profiles.toLocaleString('en-US')} profiles`,
      thisBuild: e.wallMs,
      comparedBuild: other.wallMs,
      toNode: null,
      ratio: e.wallMs.median / other.wallMs.median,
    });
  }
  return rows;
}

function compareSection(c: Comparison): string[] {
  const cell = (s: Stats, toNode?: number) =>
    `${fmt(s.median)} (${range(s, fmt)})${toNode === undefined ? '' : `, ${times(toNode)} node -e 0`}`;
  return [
    '## This build vs compared build',
    '',
    `The compared build: \`${c.bin}\` (the \`bin\` of ${join(c.dir, 'package.json')}). Each build has its own HOME holding the same files; the rows run in turn in one loop, ${c.runs} times after a warm-up run of each, the \`context\` rows with bare \`node -e 0\`: ${cell(c.baseline)}. The ratio column is this build's median ÷ the compared build's.`,
    '',
    '| measurement | this build | compared build | ratio |',
    '|---|---|---|---|',
    ...c.rows.map(
      (row) =>
        `| \`${row.command}\` ${row.detail} | ${cell(row.thisBuild, row.toNode?.thisBuild)} | ${cell(row.comparedBuild, row.toNode?.comparedBuild)} | ${row.ratio.toFixed(3)}× |`,
    ),
    '',
  ];
}

function markdown(r: BenchResults): string {
  const lines: string[] = [
    `# aws-org-profiles benchmark`,
    '',
    `${r.date}, aws-org-profiles ${r.tool}, Node ${r.machine.node}, ${r.machine.cpus} × ${r.machine.model}, ${r.machine.memoryGiB} GiB.`,
    `Everything runs against the emulator on 127.0.0.1. Realistic mode: ${REALISTIC.latencyMs} ms per call and a token bucket of ${REALISTIC.rate} requests/s, burst ${REALISTIC.burst}. Medians, with the range over the runs.`,
    '',
    `Every measured process starts with only HOME and PATH in its environment (and, for \`sync\`, the \`AWS_ENDPOINT_URL_<SERVICE>\` of every service it calls, all on the emulator), nothing preloaded, and is measured from outside: ${r.method}. Load average (1 minute) at the start ${r.machine.load.start.toFixed(2)}, at the end ${r.machine.load.end.toFixed(2)} (the benchmark itself keeps about one CPU busy; much more means something else competed for the CPUs).`,
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
        `| ${d.mode} | ${d.accounts.toLocaleString('en-US')} | ${d.profiles.toLocaleString('en-US')} | ${fmt(d.wallMs.median)} (${range(d.wallMs, fmt)}) | ${d.boundMs === null ? '—' : fmt(d.boundMs)} | ${d.ratio ? `${d.ratio.median.toFixed(3)}×` : '—'} | ${d.requests.median} | ${d.throttled.median} (${(d.throttledShare * 100).toFixed(1)}%) | ${mib(d.rssMiB)} | ${d.failures} of ${d.wallMs.runs + d.failures} |`,
    ),
    '',
    'The lower bound is (the fewest calls − the burst) ÷ the rate: one ListAccounts page per 100 accounts plus one ListAccountRoles call per account. Wall time includes starting node and loading the AWS SDK.',
    '',
    '## Agent hook path',
    '',
    '| command | profiles | OUs | config | wall time | node -e 0 | ratio | output | peak RSS |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.hook.map(
      (h) =>
        `| \`${h.command}\` | ${h.profiles.toLocaleString('en-US')} | ${h.ous.toLocaleString('en-US')} | ${(h.configBytes / 1e6).toFixed(1)} MB | ${fmt(h.wallMs.median)} (${range(h.wallMs, fmt)}) | ${fmt(h.baselineMs)} (${range(h.baseline, fmt)}) | ${times(h.ratio)} | ${h.outputBytes.toLocaleString('en-US')} B | ${mib(h.rssMiB)} |`,
    ),
    '',
    `At each size, bare \`node -e 0\` and the three commands run in turn in one loop, ${r.hook[0]?.wallMs.runs ?? 0} times after a warm-up run of each; the ratio is the command's median over node's. \`context\` reads its profile section from a cache keyed by the config file and the org cache (which holds the organisation's OUs, so the text is grouped by OU); \`sync\` refreshes it. The cold row is the first run after the config changed.`,
    '',
    '## The pre-tool-use guard',
    '',
    '| event | size | wall time | node -e 0 | ratio | peak RSS |',
    '|---|---|---|---|---|---|',
    `| ${r.guard.event} | ${r.guard.eventBytes.toLocaleString('en-US')} B | ${fmt(r.guard.wallMs.median)} (${range(r.guard.wallMs, fmt)}) | ${fmt(r.guard.baseline.median)} (${range(r.guard.baseline, fmt)}) | ${times(r.guard.ratio)} | ${mib(r.guard.rssMiB)} |`,
    '',
    `\`aws-org-profiles guard\` with the event on stdin, and bare \`node -e 0\` with the same stdin, in turn in one loop, ${r.guard.wallMs.runs} times after a warm-up run of each; the ratio is the guard's median over node's. Hosts run it before every tool call.`,
    '',
    '## `each`',
    '',
    `A config of ${(r.each[0]?.profiles ?? 0).toLocaleString('en-US')} generated profiles, signed in; the selection picks ${r.each[0]?.selected ?? 0} of them, and \`true\` runs once for each. Wall time of the whole command; peak RSS of the largest of it and its children.`,
    '',
    '| build | command | wall time | peak RSS |',
    '|---|---|---|---|',
    ...r.each.map(
      (e) =>
        `| ${e.build} | \`${e.command}\` | ${fmt(e.wallMs.median)} (${range(e.wallMs, fmt)}) | ${mib(e.rssMiB)} |`,
    ),
    '',
    ...(r.compare ? compareSection(r.compare) : []),
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
    '## The organisation read',
    '',
    `\`sync --all-roles --json\` of ${r.org.accounts.toLocaleString('en-US')} reachable accounts (one role each) placed in ${r.org.units.toLocaleString('en-US')} OUs up to 5 levels deep, the emulator's Organizations paced at ${r.org.rate.rate} requests/s (burst ${r.org.rate.burst}, HTTP 400 TooManyRequestsException beyond), ${r.org.rate.latencyMs} ms latency; then the same sync again, within the org cache's lifetime. Calls are counted by the emulator; the time is the organisation step's, from \`organization.durationMs\`; the bound is (calls − burst) ÷ rate.`,
    '',
    '| run | calls | by operation | org time | bound | ratio |',
    '|---|---|---|---|---|---|',
    ...r.org.first.flatMap((a, i) => {
      const b = r.org.second[i]!;
      const ops = (c: Readonly<Record<string, number>>) =>
        Object.entries(c)
          .map(([op, n]) => `${op} ${n}`)
          .join(', ') || 'none';
      return [
        `| first ${i + 1} | ${a.total} | ${ops(a.calls)} | ${fmt(a.orgMs)} | ${fmt(a.boundMs)} | ${times(a.orgMs / a.boundMs)} |`,
        `| second ${i + 1} | ${b.total} | ${ops(b.calls)} | ${fmt(b.orgMs)} | – | – |`,
      ];
    }),
    '',
    '## `find_profiles`',
    '',
    `In process, over ${r.search.profiles.toLocaleString('en-US')} generated profiles placed under /Workloads/ENV/TEAM with env, team and cost-center tags: the index is built once (${fmt(r.search.buildMs)}), as the MCP server keeps it until the config or the org cache changes; then each of ${r.search.queries.length} queries (${r.search.queries.map((q) => `"${q}"`).join(', ')}) runs ${r.search.queryMs.runs / r.search.queries.length} times after a warm-up round. One query: ${r.search.queryMs.median.toFixed(1)} ms median (${r.search.queryMs.min.toFixed(1)}–${r.search.queryMs.max.toFixed(1)} ms).`,
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
  const hookRuns = options.runs ?? (smoke ? 2 : 40);
  const sizes = smoke
    ? {
        discovery: [20],
        hook: [200],
        write: 300,
        realistic: 20,
        big: 20,
        hookTarget: 200,
        each: 200,
        search: 2000,
        org: { accounts: 40, units: 8 },
      }
    : {
        discovery: [100, 1000, 10_000],
        hook: [1000, 10_000, 50_000],
        write: 10_000,
        realistic: 1000,
        big: 10_000,
        hookTarget: 10_000,
        each: 1000,
        search: 30_000,
        org: { accounts: 10_000, units: 1000 },
      };
  const loadStart = loadavg()[0]!;
  const builds: Build[] = [{ label: 'this build', bin: BIN }];
  const compareDir = options.compare === undefined ? undefined : resolve(options.compare);
  if (compareDir !== undefined) {
    const bin = binOf(compareDir);
    if (!existsSync(bin)) throw new Error(`${bin} does not exist: build ${compareDir} first`);
    builds.push({ label: 'compared build', bin });
  }

  // The CPU-bound scenarios first; the realistic ones mostly wait on the rate limit.
  const discovery: DiscoveryResult[] = [];
  for (const accounts of sizes.discovery) {
    log(`discovery: unthrottled, ${accounts} accounts`);
    discovery.push(await discoveryScenario('unthrottled', accounts, runs, log));
  }
  const hook: HookResult[] = [];
  for (const profiles of sizes.hook) {
    log(`hook path: ${profiles} profiles, alternated with node -e 0`);
    hook.push(...(await hookScenario(profiles, hookRuns, log)));
  }
  log('guard: a pre-tool-use event, alternated with node -e 0');
  const guard = await guardScenario(hookRuns, log);
  log(`each: ${sizes.each} profiles${builds.length > 1 ? ', this build and the compared build' : ''}`);
  const each = await eachScenario(sizes.each, hookRuns, builds, log);
  let compare: Comparison | null = null;
  if (compareDir !== undefined) {
    log(`compare: context at ${sizes.hookTarget} profiles, this build, the compared build and node -e 0`);
    const context = await contextComparison(sizes.hookTarget, hookRuns, builds, log);
    compare = {
      dir: compareDir,
      bin: builds[1]!.bin,
      runs: hookRuns,
      baseline: context.baseline,
      rows: compareRows(context, each),
    };
  }
  log(`config write: ${sizes.write} profiles`);
  const write = await writeScenario(sizes.write, runs, log);
  log(`find_profiles: ${sizes.search} profiles, in process`);
  const search = searchScenario(sizes.search, smoke ? 2 : 20);
  log(`organisation read: ${sizes.org.accounts} accounts in ${sizes.org.units} OUs, first and second sync`);
  const org = await orgSyncScenario(sizes.org.accounts, sizes.org.units, runs, log);
  log('package: the bundle against tsc output with node_modules');
  const pkg = await packageScenario(sizes.hookTarget, hookRuns, log);
  for (const accounts of sizes.discovery) {
    if (options.quick && accounts >= 10_000) continue;
    log(`discovery: realistic, ${accounts} accounts`);
    discovery.push(await discoveryScenario('realistic', accounts, runs, log));
  }
  const cpu = cpus();
  const results: BenchResults = {
    version: 2,
    tool: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpus: cpu.length,
      model: cpu[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      load: { start: loadStart, end: loadavg()[0]! },
    },
    method: rssMethod(),
    discovery,
    hook,
    guard,
    each,
    compare,
    write,
    package: pkg,
    search,
    org,
    targets: targets(discovery, hook, guard, write, search, org, compare, {
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
  const compareArg = argValue(args, '--compare');
  if (args.includes('--compare') && (!compareArg || compareArg.startsWith('--'))) {
    throw new Error('--compare needs the folder of another build: --compare DIR');
  }
  const results = await runBench({
    ...(runsArg ? { runs: Number(runsArg) } : {}),
    ...(outArg ? { out: outArg } : {}),
    ...(compareArg ? { compare: compareArg } : {}),
    quick: args.includes('--quick'),
    smoke: args.includes('--smoke'),
  });
  process.stdout.write(`${markdown(results)}\n`);
}
