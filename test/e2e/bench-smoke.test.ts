/** The benchmark runs, on a tiny size. It measures; it does not judge (that is `npm run bench`). */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alternate, BIN, binOf, cleanEnv, measure, ROOT, type Stats } from '../../bench/measure.js';
import { runBench, type BenchResults } from '../../bench/run.js';
import { eachSelection } from '../../bench/scenarios.js';
import { bigOrgUnits, writeBigOrg } from '../support/big-config.js';

const scratch: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const wellFormed = (s: Stats, runs: number) => {
  expect(s.runs).toBe(runs);
  expect(s.min).toBeGreaterThan(0);
  expect(s.min).toBeLessThanOrEqual(s.median);
  expect(s.median).toBeLessThanOrEqual(s.max);
};

describe('bench measuring', () => {
  it('gives a measured process only the environment it is handed, and preloads nothing', async () => {
    const home = tempDir('aop-bench-env-');
    const script = join(home, 'show.cjs');
    writeFileSync(
      script,
      'process.stdout.write(JSON.stringify({ env: Object.keys(process.env).sort(), execArgv: process.execArgv }))',
    );
    const sample = await measure([script], cleanEnv(home), true);
    expect(JSON.parse(sample.stdout)).toEqual({ env: ['HOME', 'PATH'], execArgv: [] });
    expect(sample.wallMs).toBeGreaterThan(0);
    expect(sample.rssMiB).toBeGreaterThan(10);
  });

  it('alternates the subjects run by run, after one warm-up run of each', async () => {
    const order: string[] = [];
    const env = cleanEnv(tmpdir());
    const subject = (label: string) => ({ label, args: ['-e', '0'], env, before: () => order.push(label) });
    const samples = await alternate([subject('A'), subject('B'), subject('C')], 2);
    expect(order.join('')).toBe('ABCABCABC');
    expect(samples.map((s) => s.length)).toEqual([2, 2, 2]);
  });

  it('finds a build’s program in the bin field of its package.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(binOf(ROOT)).toBe(resolve(ROOT, pkg.bin['aws-org-profiles']!));
    const other = tempDir('aop-bench-build-');
    mkdirSync(join(other, 'dist'));
    writeFileSync(
      join(other, 'package.json'),
      JSON.stringify({ name: 'aws-org-profiles', bin: { 'aws-org-profiles': 'dist/bin.cjs' } }),
    );
    expect(binOf(other)).toBe(join(other, 'dist', 'bin.cjs'));
    expect(() => binOf(join(other, 'dist'))).toThrow(/no package\.json/);
  });
});

describe('the hook scenario', () => {
  it('measures the grouped context at 10,000 profiles: the org cache holds 1,000 OUs', async () => {
    const home = tempDir('aop-bench-org-');
    writeBigOrg(home, 10_000);
    expect(bigOrgUnits(10_000)).toBe(1000);
    const sample = await measure([BIN, 'context'], cleanEnv(home), true);
    expect(sample.stdout).toContain('## Organisational units (1,000 OUs holding 3,334 accounts)');
    expect(Buffer.byteLength(sample.stdout)).toBeLessThanOrEqual(10_240);
  });
});

describe('npm run bench --smoke --compare', () => {
  it('runs every scenario, compares the build with itself, and writes latest.md and latest.json', async () => {
    const out = tempDir('aop-bench-smoke-');
    const results = await runBench({ smoke: true, compare: ROOT, out, log: () => undefined });
    const written = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchResults;
    const md = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(written).toEqual(results);
    expect(written.version).toBe(2);
    expect(written.method).toContain('peak-rss.py');
    expect(written.discovery.map((d) => d.mode).sort()).toEqual(['realistic', 'unthrottled']);
    for (const d of written.discovery) {
      expect(d.failures).toBe(0);
      expect(d.requests.median).toBeGreaterThan(0);
      expect(d.rssMiB.median).toBeGreaterThan(0);
    }

    // The hook path: each command alternated with bare node, in the same loop and as many runs.
    expect(written.hook.map((h) => h.command)).toEqual([
      'context',
      'context (cold: config just changed)',
      'list --json',
    ]);
    for (const h of written.hook) {
      expect(h.outputBytes).toBeGreaterThan(0);
      expect(h.ous).toBe(20);
      wellFormed(h.wallMs, 2);
      wellFormed(h.baseline, 2);
      expect(h.baselineMs).toBe(h.baseline.median);
      expect(h.ratio).toBeCloseTo(h.wallMs.median / h.baseline.median, 10);
      expect(h.rssMiB.median).toBeGreaterThan(0);
    }

    // The guard: a tool call's event on stdin, alternated with bare node given the same stdin.
    expect(written.guard.eventBytes).toBeGreaterThan(200);
    wellFormed(written.guard.wallMs, 2);
    wellFormed(written.guard.baseline, 2);
    expect(written.guard.ratio).toBeCloseTo(written.guard.wallMs.median / written.guard.baseline.median, 10);
    expect(md).toContain('## The pre-tool-use guard');
    expect(written.targets[8]!.target).toMatch(/^guard on a tool call's event within 1\.25× of bare node/);

    // each, for both builds, plain and --json.
    const selected = eachSelection(200);
    expect(selected).toBe(23);
    expect(written.each.map((e) => [e.build, e.command.includes('--json')])).toEqual([
      ['this build', false],
      ['compared build', false],
      ['this build', true],
      ['compared build', true],
    ]);
    for (const e of written.each) {
      expect(e.command).toMatch(/^each .*-- true$/);
      expect(e.profiles).toBe(200);
      expect(e.selected).toBe(selected);
      wellFormed(e.wallMs, 2);
      expect(e.rssMiB.median).toBeGreaterThan(0);
    }

    // The comparison: context against bare node, each against each other.
    const compare = written.compare!;
    expect(compare).not.toBeNull();
    expect(compare.dir).toBe(ROOT);
    expect(compare.bin).toBe(binOf(ROOT));
    expect(compare.runs).toBe(2);
    wellFormed(compare.baseline, 2);
    expect(compare.rows.map((r) => r.command)).toEqual([
      'context',
      written.each[0]!.command,
      written.each[2]!.command,
    ]);
    for (const row of compare.rows) {
      wellFormed(row.thisBuild, 2);
      wellFormed(row.comparedBuild, 2);
      expect(row.ratio).toBeCloseTo(row.thisBuild.median / row.comparedBuild.median, 10);
    }
    const [context, ...each] = compare.rows;
    expect(context!.detail).toBe('at 200 profiles, from its cache');
    expect(context!.toNode!.thisBuild).toBeCloseTo(context!.thisBuild.median / compare.baseline.median, 10);
    expect(context!.toNode!.comparedBuild).toBeCloseTo(
      context!.comparedBuild.median / compare.baseline.median,
      10,
    );
    for (const [i, row] of each.entries()) {
      expect(row.toNode).toBeNull();
      expect(row.detail).toBe(`${selected} of 200 profiles`);
      expect(row.thisBuild).toEqual(written.each[2 * i]!.wallMs);
      expect(row.comparedBuild).toEqual(written.each[2 * i + 1]!.wallMs);
    }

    expect(written.write.updated).toBe(1);
    expect(written.write.outsideUnchanged).toBe(true);
    expect(written.package.variants.map((v) => v.variant)).toEqual(['bundle', 'tsc + node_modules']);
    expect(written.package.variants.every((v) => v.installed.files > 0 && v.contextMs.median > 0)).toBe(true);

    expect(written.search.profiles).toBe(2000);
    expect(written.search.buildMs).toBeGreaterThan(0);
    wellFormed(written.search.queryMs, 2 * written.search.queries.length);
    expect(written.targets[5]!.target).toMatch(
      /^find_profiles: one query at 2,000 profiles placed in OUs and tagged, within 50 ms/,
    );
    expect(written.targets[5]!.met).toBe(written.search.queryMs.median <= 50);

    // The organisation read: counted by the emulator, timed by sync itself, and served from the cache the second time.
    expect(written.org).toMatchObject({ accounts: 40, units: 8, failures: 0 });
    expect(written.org.first).toHaveLength(1);
    const [firstOrg] = written.org.first;
    // One per reachable account, and the retries of those the emulated quota throttled.
    expect(firstOrg!.calls.ListRoots).toBeGreaterThanOrEqual(1);
    expect(firstOrg!.calls.ListTagsForResource).toBeGreaterThanOrEqual(40);
    expect(firstOrg!.calls.ListTagsForResource).toBeLessThan(60);
    expect(firstOrg!.total).toBe(Object.values(firstOrg!.calls).reduce((a, b) => a + b, 0));
    expect(firstOrg!.orgMs).toBeGreaterThan(0);
    expect(written.org.second[0]).toMatchObject({ total: 0, tagCalls: 0 });
    expect(written.targets[6]!.target).toMatch(
      /^organisation read by a first sync at 40 reachable accounts in 8 OUs within 1\.3× of the bound/,
    );
    expect(md).toContain('## The organisation read');

    expect(written.targets).toHaveLength(9);
    expect(written.targets[3]!.target).toMatch(
      /^context at 200 profiles within 1\.15× of bare node start-up, measured with a clean environment and nothing preloaded, alternated$/,
    );
    const eachTarget = written.targets[7]!;
    expect(eachTarget.target).toMatch(/^each no slower than the compared build/);
    expect(eachTarget.met).toBe(each.every((r) => r.ratio <= 1.05));
    expect(eachTarget.measured).toMatch(/^each \d+\.\d{3}×, each --json \d+\.\d{3}×$/);

    expect(md).toContain('## Targets');
    expect(md).toContain('## Discovery and sync');
    expect(md).toContain('## `each`');
    expect(md).toContain('## `find_profiles`');
    const table = md.slice(md.indexOf('## This build vs compared build'));
    expect(table).toContain('| measurement | this build | compared build | ratio |');
    expect(table).toMatch(
      /\| `context` at 200 profiles, from its cache \| \d+ ms \(\d+ ms–\d+ ms\), \d+\.\d\d× node -e 0 \| \d+ ms \(\d+ ms–\d+ ms\), \d+\.\d\d× node -e 0 \| \d+\.\d{3}× \|/,
    );
    expect(
      table.match(/^\| `each .*-- true` 23 of 200 profiles \| .* \| .* \| \d+\.\d{3}× \|$/gm),
    ).toHaveLength(2);
    expect(existsSync(join(out, 'latest.json'))).toBe(true);
  }, 180_000);
});
