/**
 * The shipped form of the program: the bundle (dist/bin.js and dist/chunks/, no dependencies) against
 * the same code as the TypeScript compiler writes it, loading its dependencies from node_modules.
 * Both are measured the same way: what an install puts on disk, and how fast `context` and
 * `--version` start.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeBigConfig } from '../test/support/big-config.js';
import { BIN, measure, ROOT, stats, type Stats } from './measure.js';
import type { Log } from './scenarios.js';

/** What the program needed at run time before it was bundled. */
export const RUNTIME_PACKAGES = [
  '@aws-sdk/client-sso',
  '@aws-sdk/client-sso-oidc',
  '@aws-sdk/client-sts',
  '@modelcontextprotocol/server',
  'commander',
  'zod',
];

export interface Footprint {
  readonly files: number;
  readonly bytes: number;
}

export interface PackageVariant {
  readonly variant: 'bundle' | 'tsc + node_modules';
  readonly installed: Footprint;
  readonly contextMs: Stats;
  readonly versionMs: Stats;
}

export interface PackageResult {
  readonly profiles: number;
  readonly tarballBytes: number;
  readonly variants: readonly PackageVariant[];
}

function footprint(dir: string, skip: (name: string) => boolean = () => false): Footprint {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (skip(entry.name)) continue;
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        files++;
        bytes += statSync(path).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/** The folders of `names` and of everything they depend on, as npm installed them here. */
function dependencyClosure(names: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  const visit = (name: string, from: string) => {
    let manifest: string;
    try {
      manifest = createRequire(join(from, 'package.json')).resolve(`${name}/package.json`);
    } catch {
      // Some packages do not export package.json: find their folder on the node_modules path.
      let dir = from;
      for (;;) {
        const candidate = join(dir, 'node_modules', name, 'package.json');
        if (existsSync(candidate)) {
          manifest = candidate;
          break;
        }
        const up = dirname(dir);
        if (up === dir) return;
        dir = up;
      }
    }
    const dir = dirname(manifest);
    if (dirs.has(dir)) return;
    dirs.add(dir);
    const meta = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(meta.dependencies ?? {})) visit(dep, dir);
  };
  for (const name of names) visit(name, ROOT);
  return dirs;
}

const add = (a: Footprint, b: Footprint): Footprint => ({
  files: a.files + b.files,
  bytes: a.bytes + b.bytes,
});

async function timed(runs: number, args: string[], env: Record<string, string | undefined>) {
  await measure(args, env);
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) walls.push((await measure(args, env)).wallMs);
  return stats(walls);
}

export async function packageScenario(profiles: number, runs: number, log: Log): Promise<PackageResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'aop-bench-package-'));
  try {
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as { size: number; unpackedSize: number; files: unknown[] }[];
    const tarball = packed[0]!;
    // Inside the project, so that its imports find node_modules as they would in an install.
    const unbundled = join(ROOT, 'bench', '.build', 'unbundled');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--no-bundle', '--out', unbundled], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    // The same files an install of the unbundled package would hold: its dist, and its dependencies.
    let deps: Footprint = { files: 0, bytes: 0 };
    for (const dir of dependencyClosure(RUNTIME_PACKAGES)) {
      deps = add(
        deps,
        footprint(dir, (name) => name === 'node_modules'),
      );
    }
    const unbundledFiles = add(footprint(join(unbundled, 'dist')), deps);

    const dir = mkdtempSync(join(scratch, 'home-'));
    writeBigConfig(dir, profiles);
    const env = { PATH: process.env.PATH, HOME: dir };
    const variants: PackageVariant[] = [];
    for (const [variant, bin, installed] of [
      ['bundle', BIN, { files: tarball.files.length, bytes: tarball.unpackedSize }],
      ['tsc + node_modules', join(unbundled, 'dist', 'bin.js'), unbundledFiles],
    ] as const) {
      const contextMs = await timed(runs, [bin, 'context'], env);
      const versionMs = await timed(runs, [bin, '--version'], env);
      variants.push({ variant, installed, contextMs, versionMs });
      log(
        `  ${variant}: ${installed.files} files, ${(installed.bytes / 1e6).toFixed(1)} MB installed; context ${contextMs.median.toFixed(1)} ms, --version ${versionMs.median.toFixed(1)} ms`,
      );
    }
    return { profiles, tarballBytes: tarball.size, variants };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(join(ROOT, 'bench', '.build', 'unbundled'), { recursive: true, force: true });
  }
}
