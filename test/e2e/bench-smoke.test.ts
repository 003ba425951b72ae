/** The benchmark runs, on a tiny size. It measures; it does not judge (that is `npm run bench`). */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench, type BenchResults } from '../../bench/run.js';

describe('npm run bench --smoke', () => {
  it('runs every scenario and writes latest.md and latest.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'aop-bench-smoke-'));
    const results = await runBench({ smoke: true, out, log: () => undefined });
    const written = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchResults;
    expect(written.version).toBe(1);
    expect(written.discovery.map((d) => d.mode).sort()).toEqual(['realistic', 'unthrottled']);
    for (const d of written.discovery) {
      expect(d.failures).toBe(0);
      expect(d.requests.median).toBeGreaterThan(0);
      expect(d.rssMiB.median).toBeGreaterThan(0);
    }
    expect(written.hook.map((h) => h.command)).toEqual([
      'context',
      'context (cold: config just changed)',
      'list --json',
    ]);
    expect(written.hook.every((h) => h.outputBytes > 0 && h.baselineMs > 0)).toBe(true);
    expect(written.write.updated).toBe(1);
    expect(written.write.outsideUnchanged).toBe(true);
    expect(written.package.variants.map((v) => v.variant)).toEqual(['bundle', 'tsc + node_modules']);
    expect(written.package.variants.every((v) => v.installed.files > 0 && v.contextMs.median > 0)).toBe(true);
    expect(written.targets).toHaveLength(5);
    expect(results.targets.map((t) => t.target)).toEqual(written.targets.map((t) => t.target));
    const md = readFileSync(join(out, 'latest.md'), 'utf8');
    expect(md).toContain('## Targets');
    expect(md).toContain('## Discovery and sync');
    expect(existsSync(join(out, 'latest.json'))).toBe(true);
  });
});
