/**
 * `context` in process over a throwaway HOME: the profile map joined to the org cache, its cache
 * refreshed when an org cache file changes (and used when none did), and the OU and tag selection.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentContext } from '../../src/app/context.js';
import type { OrgSnapshot } from '../../src/core/org.js';
import { orgCachePath, writeOrgSnapshot } from '../../src/state/org-cache.js';
import { cacheDir } from '../../src/state/dirs.js';
import { BIG_START_URL, bigOrgSnapshot, writeBigConfig } from '../support/big-config.js';
import { testRuntime } from '../support/runtime.js';

function home(profiles = 30) {
  const dir = mkdtempSync(join(tmpdir(), 'aop-context-'));
  writeBigConfig(dir, profiles);
  return { dir, rt: testRuntime({ HOME: dir }) };
}

/** Puts `marker` into the cached profile map, as only a run that reads the cache would show. */
function markCache(dir: string, marker: string): void {
  const folder = cacheDir({ HOME: dir });
  const files = readdirSync(folder).filter((f) => f.startsWith('context-') && f.endsWith('.json'));
  expect(files).toHaveLength(1);
  const path = join(folder, files[0]!);
  const entry = JSON.parse(readFileSync(path, 'utf8')) as { parts: { after: string } };
  entry.parts.after = `${marker}\n${entry.parts.after}`;
  writeFileSync(path, JSON.stringify(entry));
}

const renamed = (org: OrgSnapshot, from: string, to: string): OrgSnapshot => ({
  ...org,
  units: Object.fromEntries(
    Object.entries(org.units).map(([id, u]) => [id, u.name === from ? { ...u, name: to } : u]),
  ),
});

describe('context with the org cache', () => {
  it('is refreshed when an org cache file appears, changes or goes, and read from its cache otherwise', async () => {
    const { dir, rt } = home();
    const org = bigOrgSnapshot(30, 20);
    const unknown = await agentContext(rt, {});
    expect(unknown).not.toContain('### OU');
    writeOrgSnapshot(rt.env, org);
    const grouped = await agentContext(rt, {});
    expect(grouped).toContain('### OU /Workloads/Prod (');
    expect(grouped).toContain('`[prod]` marks production');
    // Nothing changed: the cache is read.
    markCache(dir, 'FROM THE CACHE');
    expect(await agentContext(rt, {})).toContain('FROM THE CACHE');
    // A sync that rewrites the org cache, even with the same size: the map is built again.
    writeOrgSnapshot(rt.env, renamed(org, 'Prod', 'Live'));
    const rebuilt = await agentContext(rt, {});
    expect(rebuilt).not.toContain('FROM THE CACHE');
    expect(rebuilt).toContain('### OU /Workloads/Live (');
    expect(rebuilt).not.toContain('/Workloads/Prod');
    markCache(dir, 'FROM THE CACHE AGAIN');
    expect(await agentContext(rt, {})).toContain('FROM THE CACHE AGAIN');
    rmSync(orgCachePath(rt.env, BIG_START_URL));
    expect(await agentContext(rt, {})).toBe(unknown);
  });

  it('treats a malformed org cache as none', async () => {
    const { rt } = home();
    const unknown = await agentContext(rt, {});
    writeOrgSnapshot(rt.env, bigOrgSnapshot(30, 20));
    writeFileSync(orgCachePath(rt.env, BIG_START_URL), '{"version":1,"startUrl":');
    expect(await agentContext(rt, {})).toBe(unknown);
  });

  it('selects by OU glob and by tag', async () => {
    const { rt } = home(300);
    writeOrgSnapshot(rt.env, bigOrgSnapshot(300, 40));
    const prod = await agentContext(rt, { ous: ['/workloads/prod*'] });
    expect(prod).toMatch(/^### OU \/Workloads\/Prod\/[a-z-]+ \(\d+ accounts?\) \[prod\]$/m);
    expect(prod).not.toMatch(/^### OU \/Workloads\/(Dev|NonProd|Staging)/m);
    const dev = await agentContext(rt, { tags: ['env=dev', 'env=staging', 'CostCenter'] });
    expect(dev).toMatch(/^### OU \/Workloads\/Dev/m);
    expect(dev).toMatch(/^### OU \/Workloads\/Staging/m);
    expect(dev).not.toMatch(/^### OU \/Workloads\/(Prod|NonProd)/m);
    expect(await agentContext(rt, { tags: ['env=dev', 'CostCenter=none'] })).toContain(
      'AWS profiles for 0 accounts',
    );
    await expect(agentContext(rt, { tags: ['=x'] })).rejects.toThrow('--tag "=x" names no tag key');
  });
});
